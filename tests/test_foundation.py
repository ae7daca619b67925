"""The foundation: demo data, log-in, roles, every page rendering, error pages, CLI."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.conftest import DEMO_PASSWORD, csrf_token, log_in


def count_rows(db) -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table)) for table in db.metadata.sorted_tables
    }


def test_demo_seed_loads_the_three_partnerships(demo):
    from planner.agreements.models import Agreement

    titles = [a.title["en"] for a in demo.session.scalars(select(Agreement)).all()]
    assert any("Ganja Reserve and Aziret Sultan" in t for t in titles)
    assert any("Carpet Museum and Azret Sultan" in t for t in titles)
    assert any("State Museum of Arts of Uzbekistan" in t for t in titles)
    ganja = next(a for a in demo.session.scalars(select(Agreement)) if "Ganja" in a.title["en"])
    assert len(ganja.articles) == 11
    assert {v.language for v in ganja.articles[0].versions} == {"kk", "az", "en", "ru"}
    assert [p.signatory_name["en"] for p in ganja.parties] == ["Vusal Alyev", "Nurlan Dukenbayev"]


def test_demo_seed_has_every_kind_of_plan_the_issue_asks_for(demo):
    from planner.plans.models import Plan

    plans = demo.session.scalars(select(Plan)).all()
    by_kind = {p.kind: p for p in plans}
    exhibition = next(p for p in plans if p.kind == "exhibition" and p.loan_objects)
    assert len(exhibition.venues) == 2 and any(e.all_day for e in exhibition.events)
    webinar = by_kind["webinar"]
    assert webinar.events[0].recurrence_frequency == "weekly" and webinar.events[0].timezone == "Asia/Baku"
    assert len(by_kind["staff_exchange"].participants) == 2
    route = [s.site.city for s in by_kind["heritage_route"].route_stops]
    assert route == ["Ganja", "Baku", "Turkistan"]
    compensated = next(p for p in plans if p.terms == "compensated")
    assert {c.currency for c in compensated.cost_items} == {"AZN", "KZT"}


def test_demo_seed_is_idempotent_and_keeps_user_changes(demo):
    from planner.agreements.models import Institution
    from planner.demo.seed import seed

    before = count_rows(demo)
    institution = demo.session.scalar(select(Institution).where(Institution.short_name == "Ganja Reserve"))
    institution.city = "Gəncə (changed by a user)"
    demo.session.commit()
    added, _ = seed(None)
    assert added == 0
    assert count_rows(demo) == before
    assert demo.session.get(Institution, institution.id).city == "Gəncə (changed by a user)"


def test_login_with_wrong_password_and_unknown_user_say_the_same(client, demo):
    wrong = log_in(client, "curator", "not-the-password")
    unknown = log_in(client, "nobody", "not-the-password")
    assert wrong.status_code == unknown.status_code == 401
    message = b"Unknown username or wrong password"
    assert message in wrong.data and message in unknown.data


def test_login_without_csrf_token_is_refused(client, demo):
    response = client.post("/login", data={"username": "curator", "password": DEMO_PASSWORD})
    assert response.status_code == 400
    assert b"Dashboard" not in response.data


def test_passwords_are_hashed(demo):
    from planner.accounts.models import User

    user = demo.session.scalar(select(User).where(User.username == "curator"))
    assert DEMO_PASSWORD not in user.password_hash and user.check_password(DEMO_PASSWORD)


def test_anonymous_is_sent_to_login(client, demo):
    response = client.get("/agreements")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_dashboard_shows_agreements_and_upcoming_events(as_user):
    client = as_user("curator")
    page = client.get("/").get_data(as_text=True)
    assert "Ganja Reserve and Aziret Sultan" in page
    assert "Upcoming events" in page


def agreement_id(db, fragment: str) -> int:
    from planner.agreements.models import Agreement

    return next(a.id for a in db.session.scalars(select(Agreement)) if fragment in a.title["en"])


def test_agreement_page_shows_parties_articles_and_plans(as_user, demo):
    client = as_user("staff")
    page = client.get(f"/agreements/{agreement_id(demo, 'Ganja')}").get_data(as_text=True)
    assert "Vusal Alyev" in page and "Nurlan Dukenbayev" in page
    assert "Article 5" in page and "Ganja: a city on the Silk Road" in page


def test_partner_sees_own_partnerships_and_not_others(as_user, demo):
    client = as_user("partner")
    assert client.get(f"/agreements/{agreement_id(demo, 'Ganja')}").status_code == 200
    assert client.get(f"/agreements/{agreement_id(demo, 'Carpet')}").status_code == 200
    assert client.get(f"/agreements/{agreement_id(demo, 'Uzbekistan')}").status_code == 404
    listing = client.get("/agreements").get_data(as_text=True)
    assert "Uzbekistan" not in listing


def test_partner_and_staff_cannot_edit(as_user, demo):
    ganja = agreement_id(demo, "Ganja")
    assert as_user("partner").get(f"/agreements/{ganja}/edit").status_code == 403


def test_every_page_renders_for_a_curator(as_user, demo):
    from planner.maps.models import Site
    from planner.plans.models import Plan

    client = as_user("curator")
    ganja = agreement_id(demo, "Ganja")
    plan = next(
        p for p in demo.session.scalars(select(Plan)) if p.kind == "heritage_route"
    )  # the curator's partnership
    event = plan.events[0]
    site = demo.session.scalar(select(Site).where(Site.city == "Ganja"))  # the curator's own
    institution = plan.lead_institution_id
    pages = [
        "/",
        "/agreements",
        f"/agreements/{ganja}",
        f"/agreements/{ganja}/articles/5",
        f"/agreements/{ganja}/articles/5?version=kk",
        f"/agreements/{ganja}/edit",
        "/agreements/new",
        f"/institutions/{institution}",
        f"/plans/{plan.id}",
        f"/plans/{plan.id}/edit",
        f"/agreements/{ganja}/plans/new?article=5&kind=exhibition",
        "/calendar",
        "/calendar?view=agenda",
        f"/plans/{plan.id}/calendar",
        f"/agreements/{ganja}/calendar",
        f"/institutions/{institution}/calendar",
        f"/events/{event.id}",
        f"/events/{event.id}/edit",
        f"/plans/{plan.id}/events/new",
        "/map",
        f"/agreements/{ganja}/map",
        f"/plans/{plan.id}/map",
        f"/institutions/{institution}/map",
        f"/sites/{site.id}",
        f"/sites/{site.id}/edit",
        "/sites/new",
        "/account",
        f"/plans/{plan.id}/delete",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        assert b'<html lang="en">' in response.data, path


def test_unknown_page_is_a_404_page_in_the_users_language(as_user):
    client = as_user("curator")
    client.post("/language", data={"lang": "ru", "csrf_token": csrf_token(client.get("/").data)})
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert '<html lang="ru">' in response.get_data(as_text=True)


def test_health_endpoint(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_security_headers_on_pages(client, demo):
    response = client.get("/login")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


def test_users_create_command(app, demo):
    from planner.accounts.models import User
    from planner.agreements.models import Institution

    institution_id = demo.session.scalars(select(Institution.id).order_by(Institution.id)).first()
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "newcurator",
            "--role",
            "curator",
            "--institution",
            str(institution_id),
            "--password",
            "a-long-password",
        ]
    )
    assert result.exit_code == 0, result.output
    assert demo.session.scalar(select(User).where(User.username == "newcurator")).role == "curator"
    refused = runner.invoke(args=["users", "create", "lost", "--role", "partner", "--password", "a-long-password"])
    assert refused.exit_code == 2 and "institution" in refused.output


def test_demo_seed_command_prints_logins(app, database):
    result = app.test_cli_runner().invoke(args=["demo", "seed", "--password", "pw-for-all"])
    assert result.exit_code == 0, result.output
    for username in ("admin", "curator", "curator-turkestan", "staff", "partner"):
        assert username in result.output


def test_institution_names_are_edited_per_language_and_validated(as_user, demo):
    from planner.agreements.models import Institution

    ganja = demo.session.scalar(select(Institution).where(Institution.short_name == "Ganja Reserve"))
    client = as_user("curator")
    page = client.get(f"/institutions/{ganja.id}/edit")
    base = {
        "csrf_token": csrf_token(page.data),
        "name-en": "Ganja Reserve",
        "name-kk": "Гянджа қорығы",
        "name-az": "",
        "name-ru": "",
        "country": "AZ",
        "timezone": "Asia/Baku",
    }  # every field, as a browser sends
    bad = client.post(f"/institutions/{ganja.id}/edit", data={**base, "country": "XX", "timezone": "Asia/Nowhere"})
    assert bad.status_code == 400 and b"Unknown country code" in bad.data and b"Unknown time zone" in bad.data
    assert client.post(f"/institutions/{ganja.id}/edit", data=base).status_code == 302
    demo.session.expire_all()
    saved = demo.session.get(Institution, ganja.id)
    assert saved.name == {"en": "Ganja Reserve", "kk": "Гянджа қорығы"}


def test_production_config_makes_cookies_secure():
    from planner import create_app

    production = create_app("config.ProductionConfig")
    assert production.config["SESSION_COOKIE_SECURE"] and production.config["REMEMBER_COOKIE_SECURE"]
    assert production.config["SESSION_COOKIE_HTTPONLY"] and production.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert production.config["MAX_CONTENT_LENGTH"] > 0
