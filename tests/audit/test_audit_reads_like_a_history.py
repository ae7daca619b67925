"""The audit log reads like a history, in four languages: for changes of every kind (a plan
created, edited, its status set, commented, approved; an agreement changed, a protocol, a change
of its parties; an institution, a site, a user), the page names records and institutions by
name, fields by their translated names, vocabulary values by their labels, shows times in the
reader's zone, and no raw code, internal field, id-as-label or UTC time."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_time
from sqlalchemy import select

from tests.agreements.amendments import ganja_agreement, propose
from tests.conftest import add_users_of_another_partnership, log_in

#: What must never reach a reader: stored keys and codes, internal fields, numbers for names.
RAW = (
    "staff_exchange",
    "free_of_charge",
    "compensated",
    "in_progress",
    "display_name",
    "fingerprint",
    "institution_id",
    "plan_id",
    "agreement_id",
    "document_languages",
    "short_name",
    "term_years",
    "uid",
    "sequence",
    "None",
    "UTC",
    "proposed",
    "cancelled",
    "api",
)
#: Internal field names, in any case ("Fingerprint" is as wrong as "fingerprint").
INTERNAL = ("fingerprint", "uid", "sequence", "sha256", "nonce")


def users(session, *names):
    from planner.accounts.models import User

    return [session.scalar(select(User).where(User.username == name)) for name in names]


@pytest.fixture()
def history(app, demo):
    """Changes of every kind, made through the operations the pages and the API call."""
    from planner.accounts import administration
    from planner.agreements import institutions
    from planner.agreements.operations import add_protocol, update_agreement
    from planner.maps.operations import save_site
    from planner.plans import operations
    from planner.unit_of_work import unit_of_work

    session = demo.session
    admin, curator, turkestan = users(session, "admin", "curator", "curator-turkestan")
    admin.timezone = "Asia/Almaty"
    session.commit()
    agreement = ganja_agreement(session)
    tashkent = add_users_of_another_partnership(session)
    session.commit()
    with app.test_request_context(), unit_of_work():
        plan = operations.create_plan(
            agreement,
            curator,
            {"kind": "staff_exchange", "title": {"en": "Conservators meet", "ru": "Встреча реставраторов"}},
        )
        operations.update_plan(plan, curator, {"terms": "compensated", "title": {"en": "Conservators meet again"}})
        operations.add_comment(plan, curator, "Please check the dates.")
        operations.propose(plan, curator)
        operations.set_status(plan, curator, "cancelled")
        update_agreement(agreement, curator, {"term_years": 7})
        add_protocol(agreement, curator, "Article 5 reads anew.")
        ganja = curator.institution
        institutions.save_institution(ganja, admin, {"document_languages": ["az", "ru"], "short_name": "GR"})
        save_site(ganja.sites[0], admin, {"kind": "monument"})
        created, _invitation = administration.create_user(
            admin,
            username="aigerim",
            display_name="Aigerim",
            email="aigerim@example.org",
            role="staff",
            institution_id=ganja.id,
        )
        from planner.accounts.operations import create_api_token

        create_api_token(admin, "collection system")
        administration.change_user(
            admin, created, display_name="Aigerim B.", email="a@example.org", role="curator", institution_id=ganja.id
        )
    propose(app, session, "curator", agreement, [*agreement.institution_ids, tashkent.id])
    silk_road = next(p for p in agreement.plans if p.title["en"].startswith("Ganja: a city"))
    with app.test_request_context(), unit_of_work():
        operations.approve(silk_road.id, turkestan, silk_road.current_fingerprint)
    return {"plan": plan, "agreement": agreement, "silk_road": silk_road}


def listing(page: str) -> str:
    """The log's entries as the reader sees them (text, without the markup)."""
    entries = page[page.index('<ol class="audit-log">') : page.index("</ol>", page.index('<ol class="audit-log">'))]
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", entries).split()))


@pytest.mark.parametrize("language", ["en", "az", "kk", "ru"])
def test_the_audit_page_reads_like_a_history(app, client, demo, history, language):
    from flask_babel import force_locale

    from planner.audit.models import AuditEntry
    from planner.audit_history import field_name
    from planner.i18n import pick_text
    from planner.vocabulary import AUDIT_ACTIONS

    admin = users(demo.session, "admin")[0]
    admin.language = language
    demo.session.commit()
    log_in(client, "admin")
    page = client.get("/audit").get_data(as_text=True)
    text = listing(page)
    entries = demo.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(50)).all()
    kinds = {(e.entity, e.action) for e in entries}
    assert {("plan", "create"), ("plan", "update"), ("comment", "create"), ("plan", "approve")} <= kinds
    assert {("agreement", "update"), ("protocol", "create"), ("party_amendment", "propose")} <= kinds
    assert {("institution", "update"), ("site", "update"), ("user", "create"), ("user", "update")} <= kinds

    for raw in RAW:
        assert not re.search(rf"\b{raw}\b", text), f"{raw!r} shown in {language}"
    for internal in INTERNAL:
        assert not re.search(rf"\b{internal}\b", text, re.I), f"{internal!r} shown in {language}"
    assert not re.search(r"\b[0-9a-f]{16,}\b", text)  # no fingerprint or checksum either
    assert not re.search(r"#\s*\d", text) and not re.search(r"(Institution|Plan|User) — \d", text)
    with app.test_request_context(), force_locale(language):
        plan_title = pick_text(history["plan"].title, language).text
        agreement_title = pick_text(history["agreement"].title, language).text
        labels = [str(AUDIT_ACTIONS["approve"]), field_name("display_name"), field_name("terms")]
    assert plan_title in text and agreement_title in text and "Aigerim B." in text
    assert all(label in text for label in labels)
    assert f'href="/plans/{history["plan"].id}"' in page and f'href="/agreements/{history["agreement"].id}"' in page

    assert "(Asia/Almaty)" in page  # the zone the times are in, named once
    newest = entries[0]
    local = newest.at.replace(tzinfo=UTC).astimezone(ZoneInfo("Asia/Almaty"))
    shown = " ".join(text.split(" · ")[0].split())  # the newest line's moment, as the page says it
    assert " ".join(format_time(local, "short", locale=language).split()) in shown
    utc = newest.at.replace(tzinfo=UTC)
    assert " ".join(format_time(utc, "short", locale=language, tzinfo=UTC).split()) not in shown  # not in UTC


def test_words_in_english(app, client, demo, history):
    """The English page says what the codes meant."""
    log_in(client, "admin")
    text = listing(client.get("/audit").get_data(as_text=True))
    assert "Exchange of specialists" in text and "Compensated" in text and "Free of charge" in text
    assert "Name" in text and "Document languages" in text and "Russian" in text
    assert "Curator" in text and "7 years" in text and "Approved" in text
    assert "Aziret Sultan" in text or "Азрет" in text
    assert "Joining : State Museum of Arts of Uzbekistan" in text  # the institution a change of parties names
    assert not re.search(r"(Agreement|Plan|Institution|User|Site) : \d", text)  # never an id for a name


def test_a_deleted_institution_is_named_from_its_last_snapshot(app, client, demo):
    from planner.agreements import institutions
    from planner.agreements.models import Institution
    from planner.unit_of_work import unit_of_work

    admin = users(demo.session, "admin")[0]
    with app.test_request_context(), unit_of_work():
        made = institutions.save_institution(None, admin, {"name": {"en": "Museum of Shusha"}, "country": "AZ"})
    with app.test_request_context(), unit_of_work():
        institutions.delete_institution(demo.session.get(Institution, made.id), admin)
    log_in(client, "admin")
    text = listing(client.get("/audit").get_data(as_text=True))
    assert text.count("Institution Museum of Shusha") == 2  # created and deleted, named by its snapshot
    assert "Azerbaijan" in text and not re.search(r"#\s*\d", text)
    assert datetime.now(UTC).year > 2000


def test_the_page_costs_the_same_statements_with_more_entries(app, client, demo, history):
    """Names are loaded once per kind for the page, not per entry (a plan's content included)."""
    from planner.audit.models import AuditEntry
    from planner.plans.approval import plan_content
    from tests.conftest import statements_of

    plans = list(history["agreement"].plans)

    def renamed(count: int, start: int = 0) -> None:
        for n in range(start, start + count):
            plan = plans[n % len(plans)]
            before = plan_content(plan)
            after = {**before, "title": {"en": f"Renamed {n}"}}
            demo.session.add(AuditEntry(action="update", entity="plan", entity_id=plan.id, before=before, after=after))
        demo.session.commit()

    renamed(len(plans))  # every kind of name on the page once
    log_in(client, "admin")
    few = len(statements_of(app, client, "/audit"))
    renamed(30, start=len(plans))
    assert len(statements_of(app, client, "/audit")) == few
