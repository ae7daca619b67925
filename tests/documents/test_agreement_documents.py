"""Project agreements as a curator, a partner and a client system get them: every part in
both languages, read back from the PDF (pypdf) and the Word file (python-docx)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.conftest import add_users_of_another_partnership, log_in, statements_of
from tests.documents.conftest import docx_text, missing_from, pdf_text, squeezed, text_of
from tests.plans.test_plan_pages import approve

COMPENSATED = "Carpets of the Great Steppe"
EXHIBITION = "Ganja: a city on the Silk Road"
AZ_LETTERS = "əğıİşçöü"
KK_LETTERS = "әғқңөұүһі"
CLAUSES = ("clause_force", "clause_memorandum", "clause_amendments", "clause_disputes")
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def words(app, language: str) -> dict:
    from planner.documents.wording import wording_for

    with app.test_request_context():
        return wording_for(language)


def download(client, plan_id: int, file_format: str, query: str = ""):
    response = client.get(f"/plans/{plan_id}/agreement.{file_format}{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:800]
    assert response.headers["Content-Disposition"].startswith("attachment")
    return response


def in_language(values: dict, language: str) -> str:
    from planner.i18n import pick_text

    return pick_text(values, language).text


def party_texts(plan, language: str) -> list[str]:
    """Each party's name, signatory and title as the document gives them in ``language``."""
    found = []
    for party in plan.agreement.parties:
        found += [in_language(party.institution.name, language), in_language(party.signatory_name, language)]
        found.append(in_language(party.signatory_title, language))
    return [text for text in found if text]


def cost_texts(plan, language: str) -> list[str]:
    """Every cost item's amount, each payer's total per currency and the totals per currency."""
    from planner.documents.model import money

    payers: dict = {}
    totals: dict = {}
    found = []
    for item in plan.cost_items:
        found.append(money(item.amount, item.currency, language))
        key = (item.payer_institution_id, item.currency)
        payers[key] = payers.get(key, Decimal(0)) + item.amount
        totals[item.currency] = totals.get(item.currency, Decimal(0)) + item.amount
    found += [money(amount, currency, language) for (_, currency), amount in payers.items()]
    return found + [money(amount, currency, language) for currency, amount in totals.items()]


def every_part(app, plan, language: str) -> list[str]:
    w = words(app, language)
    return [
        w["title"],
        *(w[key] for key in CLAUSES),
        w["clause_languages"].split("%(languages)s")[0],
        w["compensated"] if plan.terms == "compensated" else w["free"],
        w["signatures"],
        w["article_only"] % {"number": plan.articles[0].number},
        in_language(plan.title, language),
        in_language(plan.agreement.title, language),
        *(in_language(venue.site.name, language) for venue in plan.venues),
        *party_texts(plan, language),
        *cost_texts(plan, language),
    ]


@pytest.mark.parametrize("file_format,layout", [("pdf", "sequence"), ("docx", "columns"), ("docx", "sequence")])
def test_the_compensated_plan_comes_in_azerbaijani_and_kazakh_with_every_part(
    app, as_user, plan_named, file_format, layout
):
    """The done-when of the issue: the curator's download, by default in the parties' languages
    (the events' titles each in its column's language)."""
    from planner.i18n import pick_text
    from planner.plans.events import event_titles

    plan = plan_named(COMPENSATED)
    text = text_of(download(as_user("curator"), plan.id, file_format, f"?layout={layout}"))
    expected = every_part(app, plan, "az") + every_part(app, plan, "kk")
    expected += [item.descriptions[language] for item in plan.cost_items for language in ("az", "kk")]
    expected += [pick_text(event_titles(e), language).text for e in plan.events for language in ("az", "kk")]
    expected += [plan.project_agreement_ref, plan.current_fingerprint]
    expected += [words(app, language)["watermark"] for language in ("az", "kk")]
    assert missing_from(text, expected) == []
    assert missing_from(text, [item.description for item in plan.cost_items]) == [
        item.description for item in plan.cost_items
    ], "no column shows a cost in English"
    assert set(AZ_LETTERS) <= set(text) and set(KK_LETTERS) - set("һ") <= set(text)


def test_side_by_side_pdf_has_both_columns_and_the_tables(app, as_user, plan_named):
    """The default layout: lines of the two columns interleave, so short parts are checked."""
    plan = plan_named(COMPENSATED)
    text = text_of(download(as_user("curator"), plan.id, "pdf"))
    expected = [item.descriptions[language] for item in plan.cost_items for language in ("az", "kk")]
    expected += cost_texts(plan, "az") + cost_texts(plan, "kk")
    expected += [plan.current_fingerprint, words(app, "az")["watermark"], words(app, "kk")["watermark"]]
    expected += [words(app, language)["title"] for language in ("az", "kk")]
    assert missing_from(text, expected) == []


@pytest.mark.parametrize("file_format", ["pdf", "docx"])
def test_every_loan_object_and_the_insured_totals_per_currency(app, as_user, plan_named, file_format):
    from planner.documents.model import money

    plan = plan_named(EXHIBITION)
    text = text_of(download(as_user("curator"), plan.id, file_format, "?layout=sequence"))
    expected = []
    for loan in plan.loan_objects:  # texts in the documents' languages (the demo has them in four)
        expected += [loan.inventory_number, *(loan.titles[language] for language in ("az", "kk"))]
        expected += [loan.conditions_departure.get(language, "") for language in ("az", "kk")]
        assert loan.title not in (loan.titles["az"], loan.titles["kk"])
        expected += [money(loan.insurance_value, loan.insurance_currency, language) for language in ("az", "kk")]
    total = sum(loan.insurance_value for loan in plan.loan_objects)
    expected += [money(total, "EUR", language) for language in ("az", "kk")]
    expected += [words(app, language)["insured_total"] for language in ("az", "kk")]
    assert missing_from(text, [e for e in expected if e]) == []


def test_an_approved_plan_has_no_draft_mark_and_names_its_approved_version(app, plan_named, client, demo):
    plan = plan_named(EXHIBITION)
    for curator in ("curator", "curator-turkestan"):  # the demo may hold Ganja's approval already
        log_in(client, curator)
        if 'name="fingerprint"' in client.get(f"/plans/{plan.id}").get_data(as_text=True):
            assert approve(client, plan.id).status_code == 200
    demo.session.refresh(plan)
    assert plan.status == "approved"
    last = max(a.approved_at for a in plan.approvals if a.withdrawn_at is None)
    for file_format in ("pdf", "docx"):
        text = text_of(download(client, plan.id, file_format))
        for language in ("az", "kk"):
            w = words(app, language)
            assert squeezed(w["watermark"]) not in text
            from babel.dates import format_date

            approved = w["footer_approved"] % {
                "fingerprint": plan.current_fingerprint,
                "date": format_date(last.date(), "long", locale=language),
            }
            assert squeezed(approved) in text


def test_an_unapproved_plan_is_marked_as_a_draft_in_both_languages(app, as_user, plan_named):
    plan = plan_named(EXHIBITION)
    client = as_user("curator")
    for file_format in ("pdf", "docx"):
        text = text_of(download(client, plan.id, file_format))
        for language in ("az", "kk"):
            assert squeezed(words(app, language)["watermark"]) in text
            assert squeezed(words(app, language)["footer_draft"] % {"fingerprint": plan.current_fingerprint}) in text


def test_chosen_languages_and_a_party_language_without_fixed_text(app, as_user, plan_named, demo):
    """`?languages=ru,en` is obeyed; by default Tashkent (uz, ru) gets Russian, and the
    document says Uzbek was not available."""
    from planner.documents.model import language_name

    client = as_user("staff")
    plan = plan_named(COMPENSATED)
    text = text_of(download(client, plan.id, "docx", "?languages=ru,en"))
    assert missing_from(text, [words(app, "ru")["clause_force"], words(app, "en")["clause_force"]]) == []
    assert squeezed(words(app, "az")["clause_force"]) not in text
    conservation = plan_named("Conservation workshop on oil paintings")
    conservation.title = {"en": conservation.title["en"], "ru": conservation.title["ru"]}  # the demo's has all four
    demo.session.commit()
    text = text_of(download(client, conservation.id, "docx"))
    note = words(app, "ru")["language_note"] % {"missing": language_name("uz", "ru"), "used": language_name("ru", "ru")}
    assert missing_from(text, [note, words(app, "ru")["clause_force"], words(app, "az")["clause_force"]]) == []
    # content that exists only in another language is marked, as on the pages
    fallback = f"{conservation.title['en']} {words(app, 'az')['fallback'] % {'language': language_name('en', 'az')}}"
    assert squeezed(fallback) in text


@pytest.mark.parametrize(
    "query", ["?languages=uz", "?languages=az,xx", "?languages=az,kk,ru", "?layout=diagonal", "?languages=%00"]
)
def test_languages_or_a_layout_it_cannot_make_are_refused_in_the_users_language(as_user, plan_named, query):
    client = as_user("curator")
    response = client.get(
        f"/plans/{plan_named(COMPENSATED).id}/agreement.pdf{query}", headers={"Accept-Language": "ru"}
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "Проектное соглашение можно составить" in body or "Выберите расположение" in body


def test_only_who_may_read_the_plan_downloads_it(app, demo, plan_named):
    add_users_of_another_partnership(demo.session)
    demo.session.commit()
    plan = plan_named(EXHIBITION)
    client = app.test_client()
    assert client.get(f"/plans/{plan.id}/agreement.pdf").status_code == 302  # to the log-in page
    for username, expected in (("partner_other", 404), ("curator_other", 200), ("partner", 200)):
        log_in(client, username)
        for file_format in ("pdf", "docx"):
            assert client.get(f"/plans/{plan.id}/agreement.{file_format}").status_code == expected, username


def test_the_api_answers_with_the_type_asked_for_and_406_otherwise(app, api, api_world):
    plan = api_world["plan"]
    path = f"/api/v1/plans/{plan}/agreement"
    as_pdf = api("partner").get(path, headers={"Accept": PDF})
    assert as_pdf.status_code == 200 and as_pdf.mimetype == PDF and pdf_text(as_pdf.data)
    as_word = api("partner").get(path + "?languages=kk,ru&layout=sequence", headers={"Accept": DOCX})
    assert as_word.status_code == 200 and as_word.mimetype == DOCX
    assert squeezed(words(app, "ru")["clause_amendments"]) in squeezed(docx_text(as_word.data))
    for accept in ("application/json", "*/*", "text/html", f"{PDF};q=0"):
        refused = api("partner", "kk").get(path, headers={"Accept": accept})
        assert refused.status_code == 406 and refused.json["error"]["message"].startswith("Құжатты"), accept
    assert api("partner_other").get(path, headers={"Accept": PDF}).status_code == 404
    assert api("anonymous").get(path, headers={"Accept": PDF}).status_code == 401
    bad = api("partner", "az").get(path + "?languages=tr", headers={"Accept": PDF})
    assert bad.status_code == 422 and "languages" in bad.json["error"]["fields"]


def test_hostile_text_comes_out_as_plain_text(app, as_user, plan_named, demo):
    """Markup, control characters, right-to-left overrides and a 10,000-character title."""
    from planner.plans.models import CostItem, LoanObject

    plan = plan_named(EXHIBITION)
    long_title = ("Ancient " * 1250)[:10_000]
    plan.title = {"en": long_title, "az": "<script>alert(1)</script>\x00\x07 \u202eevil\u202c", "kk": "<b>қалың</b>"}
    plan.description = {"en": "{{ 7*7 }} </w:t><w:t>injected & <br/>"}
    ganja = plan.lead_institution
    plan.loan_objects.append(
        LoanObject(lender=ganja, inventory_number="\u202eX-1", title="<img src=x onerror=alert(1)>",
                   condition_departure="crack " * 2000)
    )  # fmt: skip
    plan.cost_items.append(CostItem(payer=ganja, description="\x1b[31mred\x1b[0m", amount=Decimal("1"), currency="EUR"))
    demo.session.commit()
    client = as_user("curator")
    for file_format in ("pdf", "docx"):
        for layout in ("columns", "sequence"):
            text = text_of(download(client, plan.id, file_format, f"?layout={layout}"))
            assert squeezed("<script>alert(1)</script>") in text and squeezed("<b>қалың</b>") in text
            assert "<imgsrc=xonerror=alert(1)>" in text and "</w:t><w:t>injected&<br/>" in text
            assert not {"\u202e", "\u202c", "\x00", "\x07", "\x1b"} & set(text)
            assert "[31mred[0m" in text


def test_statements_stay_bounded_whatever_the_plan_holds(app, as_user, plan_named, demo):
    from planner.agreements.models import Institution
    from planner.plans.models import CostItem, LoanObject

    plan = plan_named(EXHIBITION)
    client = as_user("curator")
    before = len(statements_of(app, client, f"/plans/{plan.id}/agreement.pdf"))
    others = list(demo.session.scalars(select(Institution)))
    for number in range(40):
        plan.loan_objects.append(
            LoanObject(lender=others[number % len(others)], inventory_number=f"N-{number}", title="Jug")
        )
        plan.cost_items.append(
            CostItem(payer=others[number % len(others)], description="Fee", amount=Decimal(number), currency="EUR")
        )
    demo.session.commit()
    assert len(statements_of(app, client, f"/plans/{plan.id}/agreement.pdf")) <= before + 1


def test_the_plan_page_offers_the_download_with_the_language_choice(as_user, plan_named):
    plan = plan_named(COMPENSATED)
    page = as_user("partner").get(f"/plans/{plan.id}").get_data(as_text=True)
    assert "Project agreement (PDF / Word)" in page
    assert f"/plans/{plan.id}/agreement.pdf" in page and f"/plans/{plan.id}/agreement.docx" in page
    assert page.count('name="languages"') == 2 and 'name="layout"' in page
