"""A condition report per checkpoint as PDF, in both parties' languages side by side (the
lender's and the borrower's first document languages), with each check's photos as thumbnails:
the project agreement's document model and PDF renderer (`planner.documents`), shipped fonts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _

from planner.documents.model import Document, Heading, Paragraph, Pictures, Row, Table, day, localized, plain
from planner.documents.wording import wording_for
from planner.loans.objects import thumbnail_bytes
from planner.vocabulary import Checkpoint, Condition

DOCUMENT_LANGUAGES = ("en", "az", "kk", "ru")


@dataclass(frozen=True)
class ReportFile:
    body: bytes
    filename: str


def report_languages(loan) -> tuple[str, ...]:
    """The lender's and the borrower's first document languages (one, when they share it)."""
    chosen = []
    for institution in (loan.lender, loan.borrower):
        usable = [code for code in (institution.document_languages or ()) if code in DOCUMENT_LANGUAGES]
        chosen.append(usable[0] if usable else "en")
    return tuple(dict.fromkeys(chosen))


def _each(languages, make) -> tuple[str, ...]:
    texts = []
    for language in languages:
        with force_locale(language):
            texts.append(make(language, wording_for(language)))
    return tuple(texts)


def condition_report(loan, checkpoint: str, *, today: date | None = None) -> ReportFile:
    from planner.documents.pdf import render_pdf

    languages = report_languages(loan)
    document = build_report(loan, checkpoint, languages, today or date.today())
    return ReportFile(render_pdf(document), f"condition-report-{loan.id}-{checkpoint}.pdf")


def build_report(loan, checkpoint: str, languages: tuple[str, ...], today: date) -> Document:
    label = Checkpoint(checkpoint)
    checks = {c.loan_object_id: c for c in loan.condition_checks if c.checkpoint == checkpoint}
    blocks: list = [
        Heading(_each(languages, lambda lang, w: _("Condition report: %(checkpoint)s", checkpoint=label.label))),
        Paragraph(
            _each(
                languages,
                lambda lang, w: _(
                    "Lender: %(lender)s (%(lref)s). Borrower: %(borrower)s (%(bref)s).",
                    lender=localized(loan.lender.name, lang, w),
                    lref=plain(loan.lender_reference) or "—",
                    borrower=localized(loan.borrower.name, lang, w),
                    bref=plain(loan.borrower_reference) or "—",
                ),
            )
        ),
    ]
    for item in loan.objects:
        blocks.append(
            Heading(_each(languages, lambda lang, w, o=item: f"{plain(o.inventory_number)}: {localized(o.titles, lang, w) or plain(o.title)}"))
        )
        check = checks.get(item.id)
        if check is None:
            blocks.append(Paragraph(_each(languages, lambda lang, w: _("Not checked at this checkpoint yet."))))
            continue
        blocks.append(_check_table(check, languages))
        thumbnails = tuple(
            data for photo in check.photos if photo.thumbnail for data in [thumbnail_bytes(photo.thumbnail)] if data
        )
        if thumbnails:
            blocks.append(Pictures(thumbnails))
    return Document(
        languages=languages,
        blocks=tuple(blocks),
        footer=_each(languages, lambda lang, w: _("Condition report printed on %(date)s.", date=day(today, lang, w))),
        page=_each(languages, lambda lang, w: w["page"]),
        watermark=None,
        title=f"Condition report {loan.id} {checkpoint}",
        filename=f"condition-report-{loan.id}-{checkpoint}",
        initials=_each(languages, lambda lang, w: w["initials"]),
        party_count=2,
    )


def _check_table(check, languages) -> Table:
    condition = Condition(check.condition) if check.condition in set(Condition) else None
    who = check.checker.display_name or check.checker.username if check.checker else "—"
    signer = check.countersigned_by
    countersigned = (signer.display_name or signer.username) if signer else ""

    def row(make_label, value) -> Row:
        return Row((_each(languages, lambda lang, w: make_label()), value))

    rows = [
        row(lambda: _("Date"), _each(languages, lambda lang, w: day(check.checked_on, lang, w))),
        row(lambda: _("Checked by"), plain(who)),
        row(lambda: _("Method"), plain(check.method) or "—"),
        row(lambda: _("Condition"), _each(languages, lambda lang, w: condition.label if condition else check.condition)),
        row(lambda: _("Notes"), _each(languages, lambda lang, w: localized(check.notes, lang, w) or "—")),
        row(
            lambda: _("Countersigned by"),
            _each(
                languages,
                lambda lang, w: (
                    (plain(countersigned) + (" — " + _("disagrees: %(note)s", note=plain(check.dispute_note)) if check.disputed else ""))
                    if signer
                    else _("not yet")
                ),
            ),
        ),
    ]
    headers = (_each(languages, lambda lang, w: _("Check")), _each(languages, lambda lang, w: _("Result")))
    return Table(headers=headers, rows=tuple(rows), widths=(0.3, 0.7))


def loan_records_of(plan) -> tuple:
    """The plan's loan records as the project agreement's annex prints them "for information"
    (two statements, whatever the number of loans and objects)."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from planner.documents.data import LoanRecordData
    from planner.extensions import db
    from planner.loans.models import ConditionCheck, Loan, LoanInsurance

    if plan.id is None:
        return ()
    loans = db.session.scalars(
        select(Loan)
        .where(Loan.plan_id == plan.id)
        .options(
            selectinload(Loan.lender),
            selectinload(Loan.borrower),
            selectinload(Loan.objects),
            selectinload(Loan.condition_checks).selectinload(ConditionCheck.loan_object),
            selectinload(Loan.insurance).selectinload(LoanInsurance.sums),
            selectinload(Loan.transport_legs),
        )
        .order_by(Loan.id)
    )
    records = []
    for loan in loans:
        if not loan.objects:
            continue
        departure = {c.loan_object_id: c for c in loan.condition_checks if c.checkpoint == Checkpoint.DEPARTURE.value}
        insurance = loan.insurance
        records.append(
            LoanRecordData(
                lender=dict(loan.lender.name or {}),
                borrower=dict(loan.borrower.name or {}),
                status=loan.status,
                lender_reference=loan.lender_reference,
                borrower_reference=loan.borrower_reference,
                departure=tuple(
                    (
                        item.inventory_number,
                        departure[item.id].condition if item.id in departure else None,
                        departure[item.id].checked_on if item.id in departure else None,
                    )
                    for item in loan.objects
                ),
                insurance_kind=insurance.kind if insurance else None,
                insurer=insurance.insurer if insurance else "",
                policy_number=insurance.policy_number if insurance else "",
                cover_from=insurance.cover_from if insurance else None,
                cover_to=insurance.cover_to if insurance else None,
                sums=tuple((s.amount, s.currency) for s in insurance.sums) if insurance else (),
                legs=tuple(
                    (
                        leg.method,
                        leg.departure_place,
                        leg.arrival_place,
                        leg.departs_at.date() if leg.departs_at else None,
                        leg.arrives_at.date() if leg.arrives_at else None,
                    )
                    for leg in loan.transport_legs
                ),
            )
        )
    return tuple(records)


def connect() -> None:
    """The project agreement's annex shows the loan records' state (planner.documents cannot
    import this package, which prints through it)."""
    from planner.documents import queries

    if loan_records_of not in queries.loan_record_sources:
        queries.loan_record_sources.append(loan_records_of)
