"""The loan page: one record, two views ("loan out" for the lender, "loan in" for the borrower,
each with its own reference and words, in every language); steps refused with the reason; the
plan page's loans; who may open what."""

from __future__ import annotations

import html

import pytest

from tests.conftest import csrf_token, log_in


def set_language(client, language: str) -> None:
    client.post("/language", data={"lang": language, "csrf_token": csrf_token(client.get("/").data)})


def _page(client, loan_id) -> str:
    answer = client.get(f"/loans/{loan_id}")
    assert answer.status_code == 200
    return html.unescape(answer.get_data(as_text=True))


@pytest.mark.parametrize("language", ["en", "az", "kk", "ru"])
def test_the_lender_and_the_borrower_each_see_the_loan_in_their_words(app, client, demo, silk_road, language):
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale(language):
        loan_out, loan_in = gettext("Our loan-out number"), gettext("Our loan-in number")
        damaged = gettext("Damaged on arrival")
    if language != "en":
        assert loan_out != "Our loan-out number" and loan_in != "Our loan-in number"  # translated
    log_in(client, "curator")
    set_language(client, language)
    lender_page = _page(client, silk_road.id)
    assert loan_out in lender_page and loan_in not in lender_page and damaged in lender_page
    assert lender_page.index("GSHCR-L-2026-07") < lender_page.index("ASM-IN-2026-112")  # own number first
    log_in(client, "curator-turkestan")
    set_language(client, language)
    borrower_page = _page(client, silk_road.id)
    assert loan_in in borrower_page and loan_out not in borrower_page and damaged in borrower_page
    assert borrower_page.index("ASM-IN-2026-112") < borrower_page.index("GSHCR-L-2026-07")


def test_the_plan_page_lists_its_loan_and_flags_the_damage(client, demo, silk_road):
    log_in(client, "partner")
    page = html.unescape(client.get(f"/plans/{silk_road.plan_id}").get_data(as_text=True))
    assert f"/loans/{silk_road.id}" in page and "Damaged on arrival" in page


def test_both_parties_find_the_damage_in_their_to_do(client, demo, silk_road):
    for username in ("curator", "curator-turkestan"):
        log_in(client, username)
        page = html.unescape(client.get("/").get_data(as_text=True))
        assert "Damaged on arrival: the loan of" in page, username


def test_a_step_refused_on_the_page_says_what_is_missing(client, demo, fresh_loan):
    log_in(client, "curator")
    page = client.get(f"/loans/{fresh_loan}").get_data(as_text=True)
    answer = client.post(
        f"/loans/{fresh_loan}/transitions",
        data={"status": "agreed", "note": "", "csrf_token": csrf_token(page)},
        follow_redirects=True,
    )
    text = html.unescape(answer.get_data(as_text=True))
    assert "the project agreement signed by every party, or a signed loan agreement attached" in text
    assert "Requested" in text  # still requested


def test_outsiders_and_readers(client, demo, silk_road):
    from tests.conftest import add_users_of_another_partnership

    add_users_of_another_partnership(demo.session)
    demo.session.commit()
    log_in(client, "curator_other")
    assert client.get(f"/loans/{silk_road.id}").status_code == 404
    log_in(client, "staff")
    page = client.get(f"/loans/{silk_road.id}")
    assert page.status_code == 200 and b"Take the step" not in page.data
    assert client.post(f"/loans/{silk_road.id}/transitions", data={"status": "deinstalled"}).status_code in (400, 403)


def test_the_borrower_changes_only_to_a_party_of_the_plan(app, demo, fresh_loan):
    from sqlalchemy import select

    from planner.accounts.models import User
    from planner.agreements.models import Institution
    from planner.errors import Invalid
    from planner.extensions import db
    from planner.loans import operations
    from planner.loans.models import Loan
    from planner.unit_of_work import unit_of_work

    with app.test_request_context(), unit_of_work():
        curator = db.session.scalar(select(User).where(User.username == "curator"))
        tashkent = db.session.scalar(select(Institution).where(Institution.short_name == "Uzbek Art Museum"))
        loan = db.session.get(Loan, fresh_loan)
        with pytest.raises(Invalid):
            operations.change_borrower(loan, curator, tashkent.id)
        with pytest.raises(Invalid):
            operations.change_borrower(loan, curator, curator.institution_id)  # not to the lender itself
