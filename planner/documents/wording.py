"""The words of a project agreement in one language: headings, labels and the fixed clauses,
all from the translation catalogs, so an installation can change its standard text there
(`translations/<language>/LC_MESSAGES/messages.po`) without touching code."""

from __future__ import annotations

from flask_babel import force_locale, gettext

from planner.vocabulary import Condition, InsuranceKind, LoanStatus, TransportMethod, activity_label, status_label


def N_(text: str) -> str:  # noqa: N802 (Babel's marker name)
    """Marks a text for the catalogs; it is translated when a document is made."""
    return text


# English, the source language: pure code and its tests use these as they are.
WORDS = {
    "title": N_("Project agreement"),
    "subtitle": N_("on the project “%(title)s”"),
    "number": N_("No. %(number)s"),
    "place": N_("Place of signing: %(place)s"),
    "date": N_("Date of signing: %(date)s"),
    "parties": N_("Parties"),
    "party": N_("%(institution)s, represented by %(title)s %(name)s"),
    "together": N_("hereinafter together “the Parties”, have agreed as follows."),
    "basis": N_("Basis"),
    "basis_text": N_(
        "This agreement is the separate project agreement provided for by the %(memorandum)s, "
        "signed on %(date)s, and implements the following articles of it:"
    ),
    "article": N_("Article %(number)s: %(heading)s"),
    "article_only": N_("Article %(number)s"),
    "subject": N_("Subject"),
    "kind": N_("Kind of project: %(kind)s"),
    "project_title": N_("Title: %(title)s"),
    "venues": N_("Venues"),
    "events": N_("Events"),
    "online": N_("online"),
    "moved": N_("%(title)s (moved occurrence)"),
    "replaces": N_("instead of %(day)s"),
    "part_of": N_("for the part of %(party)s"),
    "route": N_("Route"),
    "participants": N_("Participants"),
    "participant": N_("%(name)s (%(role)s), from %(home)s to %(host)s: %(dates)s"),
    "terms": N_("Terms"),
    "free": N_("The project is carried out free of charge: each Party bears its own costs."),
    "compensated": N_(
        "The project is compensated: each Party pays the costs listed for it below, in the currency given. "
        "Totals are given per currency; amounts in different currencies are not added together."
    ),
    "no_costs": N_("No cost items are listed yet."),
    "payer": N_("Paid by"),
    "category": N_("Category"),
    "description": N_("Description"),
    "amount": N_("Amount"),
    "currency": N_("Currency"),
    "payer_total": N_("Total paid by %(party)s"),
    "total": N_("Total"),
    "loans": N_("Loan list"),
    "loans_text": N_(
        "The lender lends the following objects for the project, insured for the values given; "
        "their condition at departure is recorded here and checked on return."
    ),
    "no_loans": N_("No loan objects are listed yet."),
    "lender": N_("Lender"),
    "inventory_number": N_("Inventory number"),
    "object_title": N_("Title"),
    "insurance_value": N_("Insurance value"),
    "condition": N_("Condition at departure"),
    "insured_total": N_("Total insurance value"),
    "final": N_("Final provisions"),
    "clause_force": N_(
        "This agreement enters into force on the day it is signed by all Parties and remains in force "
        "until the Parties have fulfilled their obligations under it."
    ),
    "clause_memorandum": N_(
        "In all matters not settled by this agreement, the Memorandum named above applies. "
        "This agreement does not change the Memorandum."
    ),
    "clause_amendments": N_(
        "Amendments and additions to this agreement are valid only in writing, as numbered protocols "
        "signed by all Parties."
    ),
    "clause_disputes": N_("The Parties settle any disagreement about this agreement by consultation and negotiation."),
    # Any number of parties (a plan may have several partners), one copy for each.
    "clause_languages": N_(
        "This agreement is made in original copies, one for each Party, each in %(languages)s; "
        "all texts have equal force."
    ),
    # The same with one language: a list ("in the following languages: Russian") reads wrong there.
    "clause_language": N_("This agreement is made in original copies, one for each Party, %(in_language)s."),
    "in:en": N_("in English"),
    "in:az": N_("in Azerbaijani"),
    "in:kk": N_("in Kazakh"),
    "in:ru": N_("in Russian"),
    "in:other": N_("in the language %(language)s"),
    "quoted": N_("“%(text)s”"),
    "signatures": N_("Signatures"),
    "signature": N_("Signature: ______________________"),
    "signed_date": N_("Date: ______________________"),
    "seal": N_("Seal"),
    "blank": N_("______________________"),
    "watermark": N_("Draft — not approved"),
    "footer_approved": N_("Approved plan version %(fingerprint)s, last approval on %(date)s"),
    "footer_draft": N_("Plan version %(fingerprint)s, not yet approved by every party"),
    "page": N_("Page %(page)s of %(pages)s"),
    "initials": N_("Initials"),
    "fallback": N_("(in %(language)s)"),
    "language_note": N_("This text is not available in %(missing)s; it is given in %(used)s."),
    "and": N_("%(first)s and %(second)s"),
    "annex_loans": N_("Annex: the loan objects"),
    "loan_period": N_("Loan period"),
    "record_heading": N_("Loan record on %(date)s — for information, not part of the approved content"),
    "record_loan": N_("%(lender)s to %(borrower)s: %(status)s (references: %(references)s)"),
    "departure_check": N_("Departure condition check"),
    "not_checked": N_("not checked yet"),
    "record_insurance": N_("Insurance or indemnity: %(kind)s, %(insurer)s, policy %(policy)s, cover %(period)s; sums insured: %(sums)s"),
    "record_no_insurance": N_("Insurance or indemnity: not recorded yet"),
    "record_transport": N_("Transport: %(legs)s"),
    "record_no_transport": N_("Transport: no leg recorded yet"),
}
ACTIVITY_KEYS = (
    "exhibition", "webinar", "seminar", "conference", "staff_exchange", "heritage_route", "working_group",
    "research", "conservation", "training", "publication_exchange", "festival", "film", "photography",
    "crafts", "information_exchange",
)  # fmt: skip
VOCABULARY_KEYS = (
    "transport", "insurance", "venue", "catalogue", "per_diem", "fees", "publicity", "packing", "other",
    "tentative", "cancelled",
)  # fmt: skip


def wording_for(language: str) -> dict[str, str]:
    """Every word of the document in ``language`` (needs an application context)."""
    with force_locale(language):
        words = {key: gettext(text) for key, text in WORDS.items()}
        words.update({f"activity:{key}": activity_label(key) for key in ACTIVITY_KEYS})
        words.update({f"label:{key}": status_label(key) for key in VOCABULARY_KEYS})
        for vocabulary in (LoanStatus, Condition, InsuranceKind, TransportMethod):
            words.update({f"{vocabulary.__name__}:{member.value}": member.label for member in vocabulary})
    return words
