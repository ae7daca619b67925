"""The implementation report of the demo memorandum between the Ganja reserve and the Aziret
Sultan museum-reserve for 2027: figures worked out by hand from the demo plans, compared with the
page, the JSON, the PDF and Word text, the spreadsheet's cells and the CSV."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.conftest import csrf_token

YEAR = "?from=2027-01-01&to=2027-12-31"


@pytest.fixture()
def ganja(demo):
    """The Ganja–Turkestan memorandum, its plans by kind, and the two institutions."""
    from planner.agreements.models import Agreement

    agreement = next(a for a in demo.session.scalars(select(Agreement)) if "Ganja" in a.title["en"])
    parties = {p.institution.short_name: p.institution for p in agreement.parties}
    plans = {p.kind: p for p in agreement.plans if p.deleted_at is None}
    return {"agreement": agreement, "plans": plans, "ganja": parties["Ganja Reserve"], "parties": parties}


def record(app, plan_id: int, username: str, sent: dict) -> None:
    """Results recorded through the operation, as the page and the API do, and committed."""
    from planner.accounts.models import User
    from planner.extensions import db
    from planner.plans.access import load_plan
    from planner.plans.operations import record_results
    from planner.unit_of_work import unit_of_work

    with app.test_request_context(), unit_of_work():
        user = db.session.scalar(select(User).where(User.username == username))
        record_results(load_plan(plan_id, user, edit=True), user, sent)


def by_hand(ganja) -> dict:
    """What the demo plans say for 2027, counted from their dates as a person would."""
    exchange = ganja["plans"]["staff_exchange"]
    days = sum((p.to_date - p.from_date).days + 1 for p in exchange.participants)
    exhibition = ganja["plans"]["exhibition"]
    return {"objects": len(exhibition.loan_objects), "people": len(exchange.participants), "person_days": days}


def test_the_report_counts_the_demo_plans_of_2027(app, api_as, ganja):
    found = api_as("curator").get(f"/api/v1/agreements/{ganja['agreement'].id}/report{YEAR}").get_json()
    expected = by_hand(ganja)
    assert expected == {"objects": 3, "people": 2, "person_days": 26}  # 14 days in Turkestan, 12 in Ganja
    assert sum(len(v) for v in found["objects_by_lender"].values()) == expected["objects"]
    assert list(found["objects_by_lender"]) == [str(ganja["ganja"].id)]
    assert found["person_days"] == expected["person_days"]
    assert sorted(d["person_days"] for d in found["people_by_direction"]) == [12, 14]
    route = next(p for p in found["plans"] if p["kind"] == "heritage_route")
    assert route["route_stops"] == 3 and 1800 < route["route_distance_km"] < 1900  # Ganja, Baku, Turkestan
    webinar = [e for e in found["events"] if e["title"].get("en", "").startswith("Heritage Tuesdays")]
    assert [e["date"] for e in webinar] == ["2027-01-05", "2027-01-12", "2027-01-19", "2027-01-26", "2027-02-02"]
    assert {p["status"] for p in found["plans"]} <= {"proposed", "approved", "scheduled", "in_progress", "completed"}
    assert found["from"] == "2027-01-01" and found["to"] == "2027-12-31"


def test_results_recorded_reach_every_output(app, as_user, ganja):
    exhibition = ganja["plans"]["exhibition"]
    turkestan = exhibition.venues[0]
    record(app, exhibition.id, "curator", {"venues": {str(turkestan.id): 4321}, "outcome": {"az": "Uğurlu sərgi"}})
    client = as_user("curator")
    base = f"/agreements/{ganja['agreement'].id}/report"
    page = client.get(base + YEAR)
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "4,321" in body and 'role="img"' in body

    sheet = _xlsx(client.get(base + ".xlsx" + YEAR).data, "Exhibitions")
    assert 4321 in [row[-1] for row in sheet]  # a number, not a text
    assert any(isinstance(row[3], date) for row in sheet[1:])  # dates as dates

    rows = list(csv.reader(io.StringIO(client.get(base + ".csv" + YEAR).data.decode("utf-8-sig"))))
    assert ["Exhibitions"] in rows and any(row and row[-1] == "4321" for row in rows)

    summary = dict(row[:2] for row in _xlsx(client.get(base + ".xlsx" + YEAR).data, "Summary")[1:])
    assert summary["Person-days"] == 26 and summary["Objects lent"] == 3 and summary["Visitors"] == 4321
    assert ["Person-days", "26"] in rows and ["Objects lent", "3"] in rows

    pdf = _pdf_text(client.get(base + ".pdf" + YEAR + "&languages=az,kk").data)
    assert "Nəfər-gün" in pdf and "Адам-күн" in pdf  # the two columns, each in its language
    assert "4" in pdf and "321" in pdf and "Uğurlu sərgi" in pdf
    word = _docx_text(client.get(base + ".docx" + YEAR + "&languages=az,kk").data)
    assert "Uğurlu sərgi" in word and re.search(r"4\D?321", word)


def test_costs_are_never_summed_across_currencies(app, api_as, demo):
    from planner.agreements.models import Agreement

    carpet = next(a for a in demo.session.scalars(select(Agreement)) if "Carpet" in a.title["en"])
    plan = next(p for p in carpet.plans if p.cost_items)
    currencies = {c.currency for c in plan.cost_items}
    found = api_as("admin").get(f"/api/v1/agreements/{carpet.id}/report?from=2020-01-01&to=2029-12-31").get_json()
    costs = found["costs"]
    assert {c["currency"] for c in costs} >= currencies
    for cost in costs:  # each line one payer and one currency, equal to the sum of those items
        items = [c for c in plan.cost_items if c.payer_institution_id == cost["payer_institution_id"]
                 and c.currency == cost["currency"]]  # fmt: skip
        assert Decimal(cost["planned"]) == sum((Decimal(c.amount) for c in items), Decimal(0))


def test_a_bad_period_says_what_is_wrong_and_shows_this_year(as_user, api_as, ganja):
    client = as_user("curator")
    base = f"/agreements/{ganja['agreement'].id}/report"
    page = client.get(base + "?from=2027-12-31&to=2027-01-01")
    assert page.status_code == 400 and "ends before it begins" in page.get_data(as_text=True)
    assert client.get(base + "?from=yesterday").status_code == 400
    wrong = api_as("curator").get(f"/api/v1/agreements/{ganja['agreement'].id}/report?to=2027-13-01")
    assert wrong.status_code in (400, 422) and wrong.get_json()["error"]["fields"]
    refused = client.get(base + ".pdf" + YEAR + "&languages=fr")
    assert refused.status_code == 302  # back to the report, with the reason
    assert "en, az, kk, ru" in client.get(refused.headers["Location"]).get_data(as_text=True)


def test_results_page_saves_and_refuses_bad_values(app, as_user, api_as, ganja):
    webinar = ganja["plans"]["webinar"]
    client = as_user("curator")
    form = client.get(f"/plans/{webinar.id}/results")
    assert form.status_code == 200
    token = csrf_token(form.data)
    event = webinar.events[0]
    bad = client.post(
        f"/plans/{webinar.id}/results", data={"csrf_token": token, f"events-{event.id}-attendance_online": "-3"}
    )
    assert bad.status_code == 302
    assert "whole number" in client.get(bad.headers["Location"]).get_data(as_text=True)
    good = client.post(
        f"/plans/{webinar.id}/results",
        data={"csrf_token": token, f"events-{event.id}-held": "yes", f"events-{event.id}-attendance_online": "85"},
    )
    assert good.status_code == 302
    found = api_as("curator").get(f"/api/v1/plans/{webinar.id}/results").get_json()
    assert found["events"][str(event.id)] == {"held": True, "attendance_on_site": None, "attendance_online": 85}
    assert as_user("partner").get(f"/plans/{webinar.id}/results").status_code == 403


def test_results_are_not_content_the_approvals_stand(app, ganja):
    from planner.extensions import db
    from planner.plans.models import Plan

    plan = ganja["plans"]["exhibition"]
    approvals = [a.id for a in plan.approvals if a.withdrawn_at is None]
    record(app, plan.id, "curator", {"costs": {str(c.id): "10" for c in plan.cost_items}, "outcome": {"en": "Done"}})
    db.session.expire_all()
    assert [a.id for a in db.session.get(Plan, plan.id).approvals if a.withdrawn_at is None] == approvals


def test_the_api_refuses_bad_results_with_the_field(api_as, ganja):
    plan = ganja["plans"]["exhibition"]
    client = api_as("curator")
    answer = client.put(f"/api/v1/plans/{plan.id}/results", json={"venues": {"999999": 5}})
    assert answer.status_code in (400, 409, 422)
    assert answer.get_json()["error"]["fields"]


def test_charts_name_their_numbers(as_user, ganja):
    body = as_user("curator").get(f"/agreements/{ganja['agreement'].id}/report{YEAR}").get_data(as_text=True)
    charts = re.findall(r"<svg[^>]*role=\"img\".*?</svg>", body, flags=re.S)
    assert len(charts) >= 2
    people = next(c for c in charts if 'id="chart-people"' in c)
    assert "14" in people and "12" in people and "<title" in people and "aria-labelledby" in people


@pytest.mark.parametrize("language", ["az", "kk", "ru"])
def test_the_report_page_in_every_language(as_user, ganja, language):
    client = as_user("curator")
    client.post("/language", data={"csrf_token": csrf_token(client.get("/account").data), "lang": language})
    body = client.get(f"/agreements/{ganja['agreement'].id}/report{YEAR}").get_data(as_text=True)
    for english in ("Implementation report", "Objects lent and borrowed", "People exchanged, by direction"):
        assert english not in body, f"{english!r} is not translated into {language}"


def test_the_institution_report_spans_its_agreements(as_user, api_as, ganja):
    client = as_user("curator")
    found = api_as("curator").get(f"/api/v1/institutions/{ganja['ganja'].id}/report{YEAR}").get_json()
    agreements = {p["agreement_id"] for p in found["plans"]}
    assert ganja["agreement"].id in agreements
    assert client.get(f"/institutions/{ganja['ganja'].id}/report{YEAR}").status_code == 200
    assert client.get(f"/institutions/{ganja['ganja'].id}/report.xlsx{YEAR}").status_code == 200


# --- files read back --------------------------------------------------------------------------


def _xlsx(body: bytes, title: str) -> list[tuple]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(body))
    return [tuple(row) for row in book[title].iter_rows(values_only=True)]


def _pdf_text(body: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def _docx_text(body: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(body))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join([p.text for p in document.paragraphs] + cells)
