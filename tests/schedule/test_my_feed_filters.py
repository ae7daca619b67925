"""my.ics narrowed like My calendar (?agreement=, ?plan=, ?kind=): only that agreement's, plan's
or kind's events and spans, byte for byte its full build, under its own ETag; a bad value is
harmless (ignored as on the page) and what the subscriber may not read gives an empty calendar."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.conftest import log_in
from tests.schedule.test_feed_pages import feed_paths
from tests.schedule.test_incremental_feeds import full_build
from tests.schedule.test_plan_spans import feed, silk_road

CARPETS = "Carpets of the Great Steppe"


def my_ics(app, username: str) -> str:
    return next(path for path in feed_paths(app, username) if path.endswith("/my.ics"))


def origins(session, uids) -> set[tuple[str, int]]:
    """What each entry of a feed belongs to: ("plan", id) for events and spans, ("agreement",
    id) for an agreement's dates."""
    from planner.plans.events import Event

    found = set()
    for uid in uids:
        if match := re.match(r"(plan|agreement)-(\d+)-", uid):
            found.add((match.group(1), int(match.group(2))))
        else:
            found.add(("plan", session.scalar(select(Event.plan_id).where(Event.uid == uid))))
    return found


@pytest.fixture()
def turkestan(app, demo):
    """Turkestan's personal feed holds two partnerships: the Ganja one and the Carpet Museum's."""
    from planner.accounts.models import User
    from planner.plans.models import Plan

    carpets = demo.session.scalar(select(Plan).where(Plan.title["en"].as_string() == CARPETS))
    return {
        "path": my_ics(app, "curator-turkestan"),
        "user": demo.session.scalar(select(User).where(User.username == "curator-turkestan")),
        "carpets": carpets,
        "silk_road": silk_road(demo.session),
        "session": demo.session,
    }


def test_filtered_my_ics_holds_only_that_agreements_plans_or_kinds_entries(client, turkestan):
    from planner.plans.models import Plan

    session, carpets, ganja = turkestan["session"], turkestan["carpets"], turkestan["silk_road"]
    every = origins(session, feed(client, turkestan["path"]))
    assert ("plan", carpets.id) in every and ("plan", ganja.id) in every
    assert ("agreement", carpets.agreement_id) in every  # its notice deadline and period end

    by_agreement = origins(session, feed(client, f"{turkestan['path']}?agreement={carpets.agreement_id}"))
    assert ("plan", carpets.id) in by_agreement and ("agreement", carpets.agreement_id) in by_agreement
    assert ("plan", ganja.id) not in by_agreement and ("agreement", ganja.agreement_id) not in by_agreement

    by_plan = origins(session, feed(client, f"{turkestan['path']}?plan={ganja.id}"))
    assert by_plan == {("plan", ganja.id)}  # its events and venue runs; no agreement's dates

    kinds = {plan_id: session.get(Plan, plan_id).kind for kind, plan_id in every if kind == "plan"}
    assert len(set(kinds.values())) > 1
    for activity in set(kinds.values()):
        by_kind = origins(session, feed(client, f"{turkestan['path']}?kind={activity}"))
        assert by_kind == {("plan", plan_id) for plan_id, kind in kinds.items() if kind == activity}, activity


def test_a_filtered_feed_is_its_full_build_under_its_own_etag(app, client, turkestan):
    from planner.schedule.feeds import FeedScope

    whole = client.get(turkestan["path"])
    for query, scope in (
        (
            f"agreement={turkestan['carpets'].agreement_id}",
            FeedScope("my", agreement=turkestan["carpets"].agreement_id),
        ),
        (f"plan={turkestan['silk_road'].id}", FeedScope("my", plan=turkestan["silk_road"].id)),
        (f"kind={turkestan['silk_road'].kind}", FeedScope("my", activity=turkestan["silk_road"].kind)),
    ):
        narrowed = client.get(f"{turkestan['path']}?{query}")
        assert narrowed.status_code == 200
        assert narrowed.data == full_build(turkestan["user"], "my", None, "en", scope), query
        assert narrowed.headers["ETag"] != whole.headers["ETag"]
        # the unfiltered feed's validator does not make a client keep it for the filtered one
        assert (
            client.get(f"{turkestan['path']}?{query}", headers={"If-None-Match": whole.headers["ETag"]}).status_code
            == 200
        )
        again = client.get(f"{turkestan['path']}?{query}", headers={"If-None-Match": narrowed.headers["ETag"]})
        assert again.status_code == 304


@pytest.mark.parametrize(
    "query", ["agreement=x", "plan=-1", f"plan={2**31}", f"agreement={10**30}", "kind=<b>", "plan="]
)
def test_a_bad_filter_is_ignored(client, turkestan, query):
    """As on the My calendar page: a malformed or out-of-range value narrows nothing."""
    response = client.get(f"{turkestan['path']}?{query}")
    assert response.status_code == 200
    assert response.data == client.get(turkestan["path"]).data


def test_what_the_subscriber_may_not_read_gives_an_empty_calendar(app, client, turkestan):
    """The Aziret Sultan partner's my.ics narrowed to a partnership not theirs, or to an id of
    nothing, is an empty calendar (and no error)."""
    from planner.accounts.models import User
    from planner.agreements.models import Agreement

    session = turkestan["session"]
    partner = session.scalar(select(User).where(User.username == "partner"))
    unreadable = next(
        a
        for a in session.scalars(select(Agreement).order_by(Agreement.id))
        if partner.institution_id not in a.institution_ids
    )
    path = my_ics(app, "partner")
    assert feed(client, path)  # the partner's own partnerships are there
    for query in (f"agreement={unreadable.id}", "agreement=999999", "plan=999999"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 200 and b"BEGIN:VCALENDAR" in response.data
        assert feed(client, f"{path}?{query}") == {}, query


def test_my_calendar_offers_the_filtered_feed(client, turkestan):
    """Subscribing from a filtered My calendar gives what the page shows."""
    log_in(client, "curator-turkestan")
    agreement_id = turkestan["carpets"].agreement_id
    page = client.get(f"/calendar?agreement={agreement_id}&kind=exhibition").get_data(as_text=True)
    assert re.search(
        rf'id="feed-url"[^>]*>[^<]*/my\.ics\?agreement={agreement_id}&amp;kind=exhibition</textarea>', page
    )
    plain = client.get("/calendar").get_data(as_text=True)
    assert re.search(r'id="feed-url"[^>]*>[^<]*/my\.ics</textarea>', plain)
