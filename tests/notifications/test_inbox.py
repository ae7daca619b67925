"""The inbox: newest first, unread marked and counted in every page's header, mark all read,
each line leading to its record; only one's own notifications."""

from __future__ import annotations

from sqlalchemy import select

from tests.conftest import csrf_token, log_in
from tests.notifications.test_mail import SILK_ROAD, approve, silk_road


def test_turkestan_finds_the_demo_plan_in_its_inbox_and_to_do(client, demo):
    """On first log-in: the unread count, the line in the inbox, the to-do line."""
    log_in(client, "curator-turkestan")
    dashboard = client.get("/").get_data(as_text=True)
    assert 'class="badge unread-count"' in dashboard
    assert "Awaits your institution’s approval: Ganja: a city on the Silk Road" in dashboard
    inbox = client.get("/notifications").get_data(as_text=True)
    assert 'class="notification unread"' in inbox and "approved the plan “Ganja: a city on the Silk Road”" in inbox
    log_in(client, "curator")  # Ganja approved it: nothing for Ganja to do
    assert f"Awaits your institution’s approval: {SILK_ROAD}" not in client.get("/").get_data(as_text=True)


def test_opening_a_notification_reads_it_and_leads_to_the_plan(client, demo):
    from planner.notifications.models import Notification
    from tests.notifications.test_mail import user

    log_in(client, "curator-turkestan")
    turkestan = user(demo.session, "curator-turkestan")
    mine = demo.session.scalar(select(Notification).where(Notification.user_id == turkestan.id))
    response = client.get(f"/notifications/{mine.id}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/plans/{silk_road(demo.session).id}")
    demo.session.expire_all()
    assert demo.session.get(Notification, mine.id).read_at is not None


def test_mark_all_read_clears_the_count(client, demo):
    log_in(client, "partner")
    page = client.get("/notifications").get_data(as_text=True)
    assert "unread-count" in page
    client.post("/notifications/read", data={"csrf_token": csrf_token(page)})
    page = client.get("/notifications").get_data(as_text=True)
    assert "unread-count" not in page and 'class="notification unread"' not in page
    log_in(client, "curator-turkestan")
    assert "unread-count" in client.get("/notifications").get_data(as_text=True)  # only one's own


def test_newest_first_and_in_the_readers_language(client, demo):
    """Turkestan approves: Ganja's curator sees "approved by every party" above older lines, in Kazakh."""
    log_in(client, "curator-turkestan")
    approve(client, silk_road(demo.session).id)
    log_in(client, "curator")
    client.post("/language", data={"lang": "kk", "csrf_token": csrf_token(client.get("/account").data), "next": "/"})
    page = client.get("/notifications").get_data(as_text=True)
    assert '<html lang="kk">' in page
    assert "барлық тараптар мақұлдады" in page


def test_changing_an_approved_plan_tells_the_other_party_what_changed(client, demo):
    """Ganja moves a venue's opening: Turkestan's notification names the venue and both dates,
    readably, never an id."""
    from planner.accounts.models import User
    from planner.notifications.models import Notification
    from planner.plans.models import Plan

    plan = silk_road(demo.session)
    log_in(client, "curator-turkestan")
    approve(client, plan.id)
    assert f"Awaits your institution’s approval: {SILK_ROAD}" not in client.get("/").get_data(as_text=True)
    log_in(client, "curator")
    page = client.get(f"/plans/{plan.id}/edit").get_data(as_text=True)
    demo.session.expire_all()
    venue = plan.venues[0]
    version = demo.session.get(Plan, plan.id).version_id
    client.post(
        f"/plans/{plan.id}/venues/{venue.id}/delete",
        data={"csrf_token": csrf_token(page), "version_id": version},
    )
    log_in(client, "curator-turkestan")
    inbox = client.get("/notifications").get_data(as_text=True)
    assert "changed the plan “Ganja: a city on the Silk Road”" in inbox
    assert "Removed" in inbox and "December 4, 2026 – January 31, 2027" in inbox
    turkestan = demo.session.scalar(select(User).where(User.username == "curator-turkestan"))
    kinds = demo.session.scalars(select(Notification.kind).where(Notification.user_id == turkestan.id)).all()
    assert kinds.count("plan_changed") == 1 and "plan_proposed" not in kinds  # proposed again: told once
    dashboard = client.get("/").get_data(as_text=True)
    assert "Changed since your institution approved it: Ganja: a city on the Silk Road" in dashboard


def test_the_inbox_reads_a_bounded_number_of_statements(app, client, demo):
    """Ten or forty notifications with change summaries: the same statements, not one per line."""
    from planner.notifications.models import Notification
    from planner.plans import approval
    from tests.conftest import statements_of
    from tests.notifications.test_mail import user

    plan = silk_road(demo.session)
    before = approval.plan_content(plan)
    after = {**before, "venues": [{**row, "opens_on": "2027-01-02"} for row in before["venues"]]}
    curator = user(demo.session, "curator")
    log_in(client, "curator")
    counts = []
    for total in (10, 40):
        while len(demo.session.scalars(select(Notification).where(Notification.user_id == curator.id)).all()) < total:
            demo.session.add(
                Notification(
                    user_id=curator.id,
                    kind="plan_changed",
                    subject_type="plan",
                    subject_id=plan.id,
                    data={"before": before, "after": after},
                )
            )
        demo.session.commit()
        statements = statements_of(app, client, "/notifications")
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 12, counts
