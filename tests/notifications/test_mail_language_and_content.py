"""E-mails a director can act on, through a real SMTP server: in the recipient's language (their
choice, else their institution's first document language, else DEFAULT_LANGUAGE), with the
plan's title, dates, venue, cost totals per currency (never added across currencies) and the
links to act, in a plain-text and an escaped HTML part; the daily digest once a day."""

from __future__ import annotations

import email
import re
from datetime import date
from decimal import Decimal
from email import policy

import pytest
from babel.dates import format_date
from babel.numbers import format_currency
from sqlalchemy import select

from planner.notifications.facts import totals_per_currency
from tests.conftest import csrf_token, log_in

CARPETS = "Carpets of the Great Steppe"
#: What each language calls the links to act (the catalogs' words, not English).
APPROVE = {"en": "Approve", "az": "Təsdiq et", "kk": "Мақұлдау", "ru": "Согласовать"}


def flat(text: str) -> str:
    """One line, every run of white space (line breaks, no-break spaces) one space."""
    return " ".join(text.split())


def parsed(raw: bytes):
    return email.message_from_bytes(raw, policy=policy.default)


def user(session, username: str):
    from planner.accounts.models import User

    return session.scalar(select(User).where(User.username == username))


def carpets(session):
    from planner.plans.models import Plan

    return session.scalar(select(Plan).where(Plan.title["en"].as_string() == CARPETS))


def raise_for(app, kind: str, plan_id: int, usernames, data=None):
    """A notification of `kind` about the plan for these users, as an operation raises it."""
    from planner.accounts.models import User
    from planner.extensions import db
    from planner.notifications.raising import notify
    from planner.plans.models import Plan
    from planner.unit_of_work import unit_of_work

    with app.test_request_context(), unit_of_work():
        users = list(db.session.scalars(select(User).where(User.username.in_(usernames)).order_by(User.id)))
        actor = db.session.scalar(select(User).where(User.username == "admin"))
        notify(users, kind, "plan", db.session.get(Plan, plan_id).id, actor, data)


def send(app) -> str:
    return app.test_cli_runner().invoke(args=["notify", "send"]).output


def test_totals_are_kept_per_currency():
    totals = totals_per_currency([("8500", "AZN"), (Decimal("1500000"), "KZT"), ("3200", "AZN"), (None, "USD")])
    assert totals == {"AZN": Decimal("11700"), "KZT": Decimal("1500000")}


def test_default_language_comes_from_the_environment_and_is_checked():
    from config import default_language

    assert default_language(None) == "en" and default_language(" KK ") == "kk"
    with pytest.raises(ValueError, match="DEFAULT_LANGUAGE"):
        default_language("de")


def test_the_language_is_the_users_else_the_institutions_else_the_sites(app, demo):
    """Ganja's curator never chose: Azerbaijani (the reserve's documents' language); once she
    chooses Kazakh, Kazakh; the administrator (no institution) reads DEFAULT_LANGUAGE."""
    from planner.notifications.mail import mail_language

    curator, admin = user(demo.session, "curator"), user(demo.session, "admin")
    assert curator.language is None and curator.institution.document_languages[0] == "az"
    assert mail_language(curator) == "az"
    curator.language = "kk"
    assert mail_language(curator) == "kk"
    curator.language, curator.institution.document_languages = None, ["uz", "ru"]  # the first we speak
    assert mail_language(curator) == "ru"
    curator.institution.document_languages = []
    assert mail_language(admin) == mail_language(curator) == "en"
    app.config["BABEL_DEFAULT_LOCALE"] = "ru"
    try:
        assert mail_language(admin) == mail_language(curator) == "ru"
    finally:
        app.config["BABEL_DEFAULT_LOCALE"] = "en"
    demo.session.rollback()


def test_the_kazakh_curators_first_email_is_kazakh_and_carries_dates_venue_and_costs(app, demo, mail_config, mailbox):
    """A plan proposed to four readers in four languages: each e-mail says it in its reader's
    language, with the plan's title, its venue and days, its costs per currency, and the links
    to approve it and to open the task, in a plain and an HTML part."""
    from planner.i18n import pick_text

    languages = {"curator": None, "staff": "en", "partner": "ru", "curator-turkestan": None}
    for username, language in languages.items():
        account = user(demo.session, username)
        account.language, account.email = language, f"{username}@example.org"
    turkestan = user(demo.session, "curator-turkestan").institution
    turkestan.document_languages = ["kk", "ru"]
    demo.session.commit()
    plan = carpets(demo.session)
    venue = plan.venues[0]
    raise_for(app, "plan_proposed", plan.id, list(languages))
    assert "e-mail: 4 sent" in send(app)

    by_address = {tos[0]: parsed(raw) for tos, raw in mailbox.received}
    expected = {"curator": "az", "staff": "en", "partner": "ru", "curator-turkestan": "kk"}
    for username, language in expected.items():
        mail = by_address[f"{username}@example.org"]
        assert mail["Content-Language"] == language
        plain = flat(mail.get_body(("plain",)).get_content())
        html = mail.get_body(("html",)).get_content()
        assert flat(pick_text(plan.title, language).text) in plain
        assert flat(pick_text(venue.site.name, language).text) in plain
        assert flat(format_date(venue.opens_on, "long", locale=language)) in plain
        for total, currency in ((Decimal("11700"), "AZN"), (Decimal("1750000"), "KZT")):
            assert flat(format_currency(total, currency, locale=language)) in plain
        assert "1761700" not in plain.replace(" ", "").replace(",", "").replace("\xa0", "")
        assert APPROVE[language] in plain and f'#approval-heading">{APPROVE[language]}</a>' in html
        assert f"http://planner.test/plans/{plan.id}#approval-heading" in plain
        assert "http://planner.test/#todo-heading" in plain
    english = flat(by_address["staff@example.org"].get_body(("plain",)).get_content())
    assert "Open the task" in english and "awaits your institution’s approval" in english
    kazakh = by_address["curator-turkestan@example.org"].get_body(("plain",)).get_content()
    assert "Open the task" not in kazakh and "Approve" not in kazakh


def test_a_changed_plan_says_what_changed_and_links_to_the_changes(app, demo, mail_config, mailbox):
    from planner.plans.approval import plan_content

    curator = user(demo.session, "curator-turkestan")
    curator.language, curator.email = "ru", "turkestan@example.org"
    demo.session.commit()
    plan = carpets(demo.session)
    before = plan_content(plan)
    after = {**before, "title": {**before["title"], "ru": "Ковры Великой степи <b>и</b> Кавказа"}}
    raise_for(app, "plan_changed", plan.id, ["curator-turkestan"], {"before": before, "after": after})
    send(app)
    mail = parsed(mailbox.received[0][1])
    plain = flat(mail.get_body(("plain",)).get_content())
    html = mail.get_body(("html",)).get_content()
    assert "Ковры Великой степи <b>и</b> Кавказа" in plain  # plain text is not HTML
    assert "Ковры Великой степи &lt;b&gt;и&lt;/b&gt; Кавказа" in html and "<b>и</b>" not in html
    assert "Посмотреть изменения" in plain and "Согласовать" in plain


def test_the_daily_digest_lists_the_unread_ones_once_a_day(app, client, demo, mail_config, mailbox):
    """The Ganja staff member chooses the daily digest on the account page: nothing leaves as it
    happens; `flask notify digest` sends one e-mail listing both notifications; a second run
    that day sends nothing, the next day nothing until something new arrives, then that alone."""
    staff = user(demo.session, "staff")
    staff.language, staff.email = "kk", "staff@example.org"
    demo.session.commit()
    log_in(client, "staff")
    page = client.get("/account").get_data(as_text=True)
    saved = client.post("/account/notifications", data={"csrf_token": csrf_token(page), "rhythm": "daily"})
    assert saved.status_code == 302 and user(demo.session, "staff").mail_digest is True
    plan = carpets(demo.session)
    raise_for(app, "plan_approved", plan.id, ["staff"])
    raise_for(app, "plan_comment", plan.id, ["staff"], {"excerpt": "Жарайды"})
    assert "e-mail: 0 sent" in send(app) and mailbox.received == []

    runner = app.test_cli_runner()
    assert "digest: 1 sent" in runner.invoke(args=["notify", "digest", "--today", "2026-12-07"]).output
    assert "digest: 0 sent" in runner.invoke(args=["notify", "digest", "--today", "2026-12-07"]).output
    assert "digest: 0 sent" in runner.invoke(args=["notify", "digest", "--today", "2026-12-08"]).output
    assert len(mailbox.received) == 1
    mail = parsed(mailbox.received[0][1])
    plain = mail.get_body(("plain",)).get_content()
    assert mail["Content-Language"] == "kk" and "1." in plain and "2." in plain and "Жарайды" in plain
    raise_for(app, "plan_status", plan.id, ["staff"], {"before": "proposed", "after": "approved"})
    assert "digest: 1 sent" in runner.invoke(args=["notify", "digest", "--today", "2026-12-08"]).output
    assert "digest: 0 sent" in runner.invoke(args=["notify", "digest", "--today", "2026-12-08"]).output
    assert plain.count("http://planner.test/plans/") >= 2 and len(mailbox.received) == 2
    assert "Жарайды" not in parsed(mailbox.received[1][1]).get_body(("plain",)).get_content()  # listed once
    assert user(demo.session, "staff").digest_sent_on == date(2026, 12, 8)


def test_a_wrong_rhythm_saves_nothing(client, demo):
    log_in(client, "staff")
    page = client.get("/account").get_data(as_text=True)
    answer = client.post(
        "/account/notifications", data={"csrf_token": csrf_token(page), "rhythm": "hourly"}, follow_redirects=True
    )
    assert "as they happen or once a day" in answer.get_data(as_text=True)
    assert user(demo.session, "staff").mail_digest is False


def test_the_digest_choice_is_on_the_account_page(client, demo):
    log_in(client, "staff")
    page = client.get("/account").get_data(as_text=True)
    assert re.search(r'<select id="rhythm" name="rhythm">', page) and 'value="daily"' in page


def test_the_digest_leaves_out_what_the_reader_may_no_longer_read(app, demo, mail_config, mailbox):
    """A notification about a partnership the user is no party of (Tashkent's partner and the
    Ganja memorandum) is listed in no digest, and no empty digest is sent."""
    from tests.conftest import add_users_of_another_partnership

    add_users_of_another_partnership(demo.session)
    outsider = user(demo.session, "partner_other")
    outsider.email, outsider.mail_digest = "outsider@example.org", True
    demo.session.commit()
    raise_for(app, "plan_approved", carpets(demo.session).id, ["partner_other"])
    output = app.test_cli_runner().invoke(args=["notify", "digest", "--today", "2026-12-07"]).output
    assert "digest: 0 sent" in output and mailbox.received == []
    assert user(demo.session, "partner_other").digest_sent_on is None


def test_an_invitation_the_server_refuses_waits_and_leaves_later(app, as_user, demo, mail_config, smtp_port):
    """Nothing listens: the invitation counts a failed attempt and waits (backoff); once a server
    listens and the pause is over, it leaves, once."""
    from datetime import timedelta

    from aiosmtpd.controller import Controller

    from planner.accounts.models import Invitation
    from planner.models_base import utcnow
    from planner.notifications.mail import send_outbox
    from tests.notifications.conftest import Mailbox

    admin = as_user("admin")
    answer = admin.post(
        "/admin/users/new",
        data={
            "csrf_token": csrf_token(admin.get("/admin/users/new").data),
            "username": "aigerim",
            "email": "aigerim@example.org",
            "role": "staff",
            "institution_id": 0,
        },
    )
    assert answer.status_code == 303
    assert "1 failed" in send(app)
    demo.session.expire_all()
    waiting = demo.session.scalar(select(Invitation))
    assert waiting.sent_at is None and waiting.attempts == 1 and "ConnectionRefused" in waiting.last_error
    assert waiting.next_attempt_at > utcnow() and "0 sent, 0 failed" in send(app)  # the pause holds
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        with app.app_context():
            first = send_outbox(now=utcnow() + timedelta(minutes=3))
            again = send_outbox(now=utcnow() + timedelta(minutes=30))
    finally:
        controller.stop()
    assert (first.sent, again.sent) == (1, 0) and box.received[0][0] == ["aigerim@example.org"]
