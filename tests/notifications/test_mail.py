"""E-mail through a real SMTP server: raised by the pages, queued in the outbox, sent by
`flask notify send` once, as MIME in the recipient's language with links that work."""

from __future__ import annotations

import email
import re
import time
from datetime import timedelta
from email import policy

from sqlalchemy import select

from tests.conftest import add_users_of_another_partnership, csrf_token, log_in

SILK_ROAD = "Ganja: a city on the Silk Road"


def silk_road(session):
    from planner.plans.models import Plan

    return session.scalar(select(Plan).where(Plan.title["en"].as_string() == SILK_ROAD))


def approve(client, plan_id: int):
    """Approve the version the plan page shows, as the logged-in curator."""
    page = client.get(f"/plans/{plan_id}").get_data(as_text=True)
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]+)"', page).group(1)
    return client.post(f"/plans/{plan_id}/approve", data={"csrf_token": csrf_token(page), "fingerprint": fingerprint})


def user(session, username: str):
    from planner.accounts.models import User

    return session.scalar(select(User).where(User.username == username))


def parsed(raw: bytes):
    return email.message_from_bytes(raw, policy=policy.default)


def send(app) -> str:
    return app.test_cli_runner().invoke(args=["notify", "send"]).output


def test_turkestan_approves_and_ganja_hears_once_in_its_language(app, client, demo, mail_config, mailbox):
    """The demo plan awaits Turkestan; its approval reaches the Ganja reserve's people, each in
    their language, once; the link in the message opens the plan."""
    add_users_of_another_partnership(demo.session)
    user(demo.session, "staff").language = "ru"
    user(demo.session, "curator").language = "en"  # the others read their institution's language
    for username in ("partner_other", "curator_other"):
        user(demo.session, username).email = f"{username}@example.org"
    demo.session.commit()
    plan_id = silk_road(demo.session).id

    log_in(client, "curator-turkestan")
    assert approve(client, plan_id).status_code == 302
    assert "e-mail: 3 sent" in send(app)
    assert "e-mail: 0 sent" in send(app)  # never twice

    by_address = {tos[0]: parsed(raw) for tos, raw in mailbox.received}
    assert len(mailbox.received) == 3
    assert set(by_address) == {"curator@example.org", "staff@example.org", "partner@example.org"}
    english, russian = by_address["curator@example.org"], by_address["staff@example.org"]
    assert english["Content-Language"] == "en" and russian["Content-Language"] == "ru"
    assert "approved by every party" in english.get_body(("plain",)).get_content()
    body = russian.get_body(("plain",)).get_content()
    assert "согласован всеми сторонами" in body and "Гянджа: город на Шёлковом пути" in body
    assert "<a href=" in russian.get_body(("html",)).get_content()
    link = re.search(r"http://planner\.test(/plans/\d+)", body).group(1)
    log_in(client, "staff")
    assert link == f"/plans/{plan_id}" and client.get(link).status_code == 200


def test_nobody_outside_the_partnership_hears_of_it(app, client, demo, mail_config, mailbox):
    """Users of an institution that is no party of the agreement get neither inbox nor e-mail."""
    from planner.notifications.models import Notification

    tashkent = add_users_of_another_partnership(demo.session)
    for username in ("partner_other", "curator_other"):
        user(demo.session, username).email = f"{username}@example.org"
    demo.session.commit()
    log_in(client, "curator-turkestan")
    approve(client, silk_road(demo.session).id)
    send(app)
    outsiders = {u.id for u in tashkent_users(demo.session, tashkent.id)}
    assert outsiders and not demo.session.scalars(select(Notification).where(Notification.user_id.in_(outsiders))).all()
    assert not [tos for tos, _ in mailbox.received if tos[0].endswith("_other@example.org")]


def tashkent_users(session, institution_id: int):
    from planner.accounts.models import User

    return session.scalars(select(User).where(User.institution_id == institution_id))


def test_a_dead_smtp_server_never_fails_the_request_and_the_outbox_retries(app, client, demo, mail_config, smtp_port):
    """Nothing listens on the port: the approval is saved at once, `notify send` fails softly
    and the message waits with a backoff; once a server listens, it leaves, once."""
    from planner.models_base import utcnow
    from planner.notifications.mail import send_outbox
    from planner.notifications.models import OutboxMessage

    log_in(client, "curator-turkestan")
    started = time.monotonic()
    assert approve(client, silk_road(demo.session).id).status_code == 302
    assert time.monotonic() - started < 2  # the request never talks to the SMTP server
    assert "3 failed" in send(app)
    demo.session.expire_all()
    waiting = demo.session.scalars(select(OutboxMessage)).all()
    assert len(waiting) == 3 and all(m.sent_at is None and m.attempts == 1 for m in waiting)
    assert all(m.next_attempt_at > utcnow() and "ConnectionRefused" in m.last_error for m in waiting)
    assert "0 sent, 0 failed" in send(app)  # not due yet: the backoff holds

    from aiosmtpd.controller import Controller

    from tests.notifications.conftest import Mailbox

    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        report = send_outbox(now=utcnow() + timedelta(minutes=3))
        again = send_outbox(now=utcnow() + timedelta(days=2))
    finally:
        controller.stop()
    assert (report.sent, again.sent) == (3, 0) and len(box.received) == 3


def test_inbox_only_keeps_the_mail_in_the_inbox(app, client, demo, mail_config, mailbox):
    """The Ganja curator chooses "inbox only" for approved plans: the inbox has it, no e-mail."""
    from planner.notifications.models import Notification

    log_in(client, "curator")
    page = client.get("/account").get_data(as_text=True)
    assert 'name="delivery-plan_approved"' in page
    client.post("/account/notifications", data={"csrf_token": csrf_token(page), "delivery-plan_approved": "inbox"})
    log_in(client, "curator-turkestan")
    approve(client, silk_road(demo.session).id)
    send(app)
    curator = user(demo.session, "curator")
    assert demo.session.scalar(
        select(Notification).where(Notification.user_id == curator.id, Notification.kind == "plan_approved")
    )
    assert "curator@example.org" not in {tos[0] for tos, _ in mailbox.received}
    assert "staff@example.org" in {tos[0] for tos, _ in mailbox.received}


def test_a_wrong_delivery_choice_saves_nothing(client, demo):
    from planner.notifications.models import NotificationPreference

    log_in(client, "curator")
    page = client.get("/account").get_data(as_text=True)
    response = client.post(
        "/account/notifications",
        data={"csrf_token": csrf_token(page), "delivery-plan_approved": "inbox", "delivery-plan_changed": "fax"},
        follow_redirects=True,
    )
    assert response.status_code == 200 and "Choose “inbox only” or “inbox and e-mail”" in response.get_data(
        as_text=True
    )
    assert demo.session.scalars(select(NotificationPreference)).all() == []


def test_without_mail_server_nothing_is_queued_or_sent(app, client, demo):
    from planner.notifications.models import Notification, OutboxMessage

    log_in(client, "curator-turkestan")
    approve(client, silk_road(demo.session).id)
    assert demo.session.scalars(select(Notification).where(Notification.kind == "plan_approved")).all()
    assert demo.session.scalars(select(OutboxMessage)).all() == []
    assert "MAIL_SERVER is not set" in send(app)


def test_a_message_is_claimed_by_one_run_only(app, client, demo, mail_config):
    """Two `notify send` at once: the second cannot take a message the first has claimed."""
    from planner.models_base import utcnow
    from planner.notifications.mail import _claim
    from planner.notifications.models import OutboxMessage

    log_in(client, "curator-turkestan")
    approve(client, silk_road(demo.session).id)
    message_id = demo.session.scalars(select(OutboxMessage.id)).first()
    now = utcnow()
    assert _claim(message_id, now) is True
    assert _claim(message_id, now) is False


def test_recipients_never_include_someone_who_may_not_read_the_agreement(demo):
    """Even asked for their institution, a partner of another partnership is left out."""
    from planner.agreements.models import Agreement
    from planner.notifications.raising import recipients

    tashkent = add_users_of_another_partnership(demo.session)
    ganja = demo.session.scalar(select(Agreement).where(Agreement.title["en"].as_string().contains("Ganja")))
    names = {u.username for u in recipients(ganja, {tashkent.id}, "plan_approved")}
    assert names == {"curator_other"}  # curators read every agreement; the partner may not


def test_a_deleted_plans_notification_leads_to_its_agreement(client, demo):
    from planner.notifications.models import Notification

    plan = silk_road(demo.session)
    log_in(client, "curator")
    page = client.get(f"/plans/{plan.id}/delete").get_data(as_text=True)
    client.post(f"/plans/{plan.id}/delete", data={"csrf_token": csrf_token(page)})
    partner = user(demo.session, "partner")
    deleted = demo.session.scalar(
        select(Notification).where(Notification.user_id == partner.id, Notification.kind == "plan_deleted")
    )
    log_in(client, "partner")
    response = client.get(f"/notifications/{deleted.id}")
    assert response.headers["Location"].endswith(f"/agreements/{plan.agreement_id}")


def test_the_api_path_raises_the_same_notifications(client, demo):
    """An approval through /api/v1 tells the Ganja reserve as the page does; a protocol added
    through the API tells both parties."""
    from planner.accounts.models import Token
    from planner.notifications.models import Notification

    turkestan = user(demo.session, "curator-turkestan")
    token, secret = Token.issue(turkestan, "api", "tests")
    demo.session.add(token)
    demo.session.commit()
    bearer = {"Authorization": f"Bearer {secret}"}
    plan = silk_road(demo.session)
    fingerprint = client.get(f"/api/v1/plans/{plan.id}", headers=bearer).get_json()["fingerprint"]
    answer = client.post(f"/api/v1/plans/{plan.id}/approvals", json={"fingerprint": fingerprint}, headers=bearer)
    assert answer.status_code == 201, answer.get_json()
    told = demo.session.scalars(select(Notification.user_id).where(Notification.kind == "plan_approved")).all()
    assert user(demo.session, "curator").id in told and turkestan.id not in told
    answer = client.post(
        f"/api/v1/agreements/{plan.agreement_id}/protocols", json={"text": "Article 4 reads anew."}, headers=bearer
    )
    assert answer.status_code == 201, answer.get_json()
    told = demo.session.scalars(select(Notification.user_id).where(Notification.kind == "protocol_added")).all()
    assert len(told) == 3  # the Ganja curator and staff, the Aziret Sultan partner
