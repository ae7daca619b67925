"""A project agreement of 500 loan objects and 40 cost items in Azerbaijani and Kazakh: the
document model, the PDF (side by side, and one language after the other) and the Word file
(median times in ms; the goal is under 2 s for the PDF)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bench.bench_mou import median_ms
from planner.documents.data import AgreementData, CostData, LoanData, PartyData, PlaceData
from planner.documents.languages import LanguageChoice
from planner.documents.model import build_document
from planner.documents.pdf import render_pdf
from planner.documents.word import render_docx

GANJA = {"en": "Ganja State Historical and Cultural Reserve", "az": "Gəncə Dövlət Tarix-Mədəniyyət Qoruğu"}
AZIRET = {"en": "Museum-Reserve “Aziret Sultan”", "kk": "«Әзірет Сұлтан» ұлттық тарихи-мәдени музей-қорығы"}


def cost_words(n: int) -> dict:
    """A cost item's description in each language the document prints (cost_item.descriptions)."""
    return {"en": f"Item {n}", "az": f"Xərc {n}", "kk": f"Шығын {n}"}


def big_plan(loans: int = 500) -> AgreementData:
    return AgreementData(
        plan_id=1,
        kind="exhibition",
        title={"en": "Ganja: a city on the Silk Road", "az": "Gəncə: İpək Yolunda bir şəhər", "kk": "Гянджа"},
        description={"en": "A joint exhibition of archaeological finds."},
        terms="compensated",
        reference="GQ-AS/2027/01",
        signing_date=date(2027, 1, 15),
        memorandum_title={"en": "Memorandum of Understanding and Cooperation"},
        memorandum_signed_on=date(2024, 9, 25),
        parties=(PartyData(1, GANJA, document_languages=("az",)), PartyData(2, AZIRET, document_languages=("kk",))),
        venues=(PlaceData(AZIRET, date(2027, 6, 1), date(2027, 8, 31)),),
        costs=tuple(
            CostData(1 + n % 2, GANJA if n % 2 == 0 else AZIRET, "transport", cost_words(n), Decimal(n * 100), "AZN")
            for n in range(40)
        ),
        loans=tuple(
            LoanData(
                GANJA,
                f"GQ-{n:05d}",
                {"en": f"Glazed ceramic bowl no. {n}, 12th century", "az": f"Şirli keramika kasa № {n}, XII əsr"},
                Decimal(1000 + n),
                "EUR" if n % 3 else "AZN",
                {"en": "Hairline crack on the rim, stable.", "az": "Kənarında nazik çat, sabitdir."},
            )
            for n in range(loans)
        ),  # fmt: skip
        fingerprint="0" * 64,
    )


def run() -> list[tuple[str, float]]:
    from planner import create_app
    from planner.documents.wording import wording_for

    app = create_app("config.TestConfig")
    with app.test_request_context():
        words = {language: wording_for(language) for language in ("az", "kk")}
    data = big_plan()
    columns = [LanguageChoice("az"), LanguageChoice("kk")]
    document = build_document(data, columns, words)
    model = median_ms(lambda: build_document(data, columns, words), 5)
    return [
        ("Project agreement, 500 loan objects: document model, median of 5", model),
        ("Project agreement, 500 loan objects: PDF side by side, median of 3", model + median_ms(lambda: render_pdf(document), 3)),
        ("Project agreement, 500 loan objects: PDF one after the other, median of 3",
         model + median_ms(lambda: render_pdf(document, "sequence"), 3)),
        ("Project agreement, 500 loan objects: Word side by side, median of 3", model + median_ms(lambda: render_docx(document), 3)),
    ]  # fmt: skip


if __name__ == "__main__":
    for label, value in run():
        print(f"{label}: {value:.2f} ms")
