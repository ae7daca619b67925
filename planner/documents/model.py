"""The document model of a project agreement, built from plain data and each language's words
(pure: no Flask, no database). Every block carries one text per document language, so the
renderers can set the languages side by side or one after the other."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_decimal, get_currency_precision

from planner.documents.data import AgreementData, EventData, LoanRecordData, PlaceData
from planner.documents.languages import LanguageChoice
from planner.i18n import pick_text
from planner.plans.rhythm import rhythm

LAYOUTS = ("columns", "sequence")  # a project agreement's languages side by side, or one after the other

Texts = tuple[str, ...]  # one text per document language
Cell = str | Texts  # a table cell: the same in every language, or one text per language


@dataclass(frozen=True)
class Heading:
    texts: Texts
    keep_with_next: bool = False  # never the last block of a page (the signatures' heading)
    informative: bool = False  # the loan record's state: for information, not approved content


@dataclass(frozen=True)
class Paragraph:
    texts: Texts
    strong: bool = False
    keep_with_next: bool = False  # on the page of the block after it (the last clause)
    informative: bool = False


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    strong: bool = False


@dataclass(frozen=True)
class Table:
    headers: tuple[Texts, ...]
    rows: tuple[Row, ...]
    widths: tuple[float, ...]  # shares of the page width
    numeric: tuple[int, ...] = ()  # columns aligned right
    informative: bool = False


@dataclass(frozen=True)
class Signatures:
    parties: tuple[tuple[Texts, ...], ...]  # per party, its lines


@dataclass(frozen=True)
class Pictures:
    """Small pictures in a row (a condition report's photo thumbnails: JPEG or PNG bytes)."""

    images: tuple[bytes, ...]
    height: float = 30.0  # mm


Block = Heading | Paragraph | Table | Signatures | Pictures


@dataclass(frozen=True)
class Document:
    languages: tuple[str, ...]
    blocks: tuple[Block, ...]
    footer: Texts
    page: Texts  # "Page %(page)s of %(pages)s" per language
    watermark: Texts | None
    title: str
    filename: str
    initials: Texts = ()  # "Initials" per language: each page has a place for each party's
    party_count: int = 2


def joined(texts: Texts) -> str:
    """Side by side in one cell: each language's text once (numbers are often the same)."""
    return "\n".join(dict.fromkeys(text for text in texts if text))


def cell_text(cell: Cell, pick: Callable[[Texts], str]) -> str:
    return cell if isinstance(cell, str) else pick(cell)


def shown_texts(texts: Texts, single: int | None) -> Texts:
    """The texts of a block to set: one language's (one after the other), or each distinct one
    in its own column (the columns of a text that is the same in both languages collapse)."""
    if single is not None:
        return (texts[single],)
    return texts if len(set(texts)) > 1 else texts[:1]


def passes(document: Document, layout: str) -> list[tuple[Callable[[Texts], str], int | None]]:
    """How a renderer goes through the blocks: once with the languages side by side (cells
    joined, text blocks in columns), or once per language, one after the other."""
    if layout == "sequence":
        return [(lambda texts, i=index: texts[i], index) for index in range(len(document.languages))]
    return [(joined, None)]


# Control characters (except line breaks and tabs), surrogates, non-characters and the
# bidirectional controls that could reorder or hide text: none of them reaches a document.
_BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def plain(text: str | None) -> str:
    """User text as plain characters a document can hold (markup stays visible text)."""
    kept = []
    for character in str(text or "").replace("\r\n", "\n").replace("\t", " "):
        category = unicodedata.category(character)
        if character == "\n" or not (
            category in ("Cc", "Cs") or character in _BIDI_CONTROLS or character in "\ufffe\uffff"
        ):
            kept.append(character)
    return re.sub(r"\n{3,}", "\n\n", "".join(kept)).strip()


def language_name(code: str, in_language: str) -> str:
    return Locale.parse(in_language).languages.get(code, code)


def localized(values: dict | None, language: str, words: dict) -> str:
    """The value in ``language``, or another language's with the fallback marked, as on pages."""
    chosen = pick_text({k: plain(v) for k, v in (values or {}).items()}, language)
    if chosen.fallback and chosen.language:
        return f"{chosen.text} {words['fallback'] % {'language': language_name(chosen.language, language)}}"
    return chosen.text


def day(value: date | None, language: str, words: dict) -> str:
    return format_date(value, "long", locale=language) if value else words["blank"]


def days(first: date | None, last: date | None, language: str, words: dict) -> str:
    if first is None and last is None:
        return "—"
    return f"{day(first, language, words)} – {day(last, language, words)}"


def money(amount: Decimal, currency: str, language: str) -> str:
    """An amount with the currency's minor unit, in the language's digits grouping."""
    digits = get_currency_precision(currency)
    return format_decimal(amount, format="#,##0" + ("." + "0" * digits if digits else ""), locale=language)


class _Builder:
    """Collects blocks; ``each`` makes one text per language from a function of (language, words)."""

    def __init__(self, data: AgreementData, columns: list[LanguageChoice], words: dict[str, dict]) -> None:
        self.data, self.columns, self.words = data, columns, words
        self.languages = tuple(column.language for column in columns)
        self.blocks: list[Block] = []

    def each(self, make: Callable[[str, dict], str]) -> Texts:
        return tuple(make(language, self.words[language]) for language in self.languages)

    def user_text(self, values: dict) -> Cell:
        """A cell of text a user typed in some languages: each document language's own (or its
        marked fallback); one text when every language would show the same one, so a long note
        typed once is set once side by side, marked when the first language lacks it."""
        chosen = {pick_text(values, language).text for language in self.languages}
        if len(chosen) == 1:
            first = self.languages[0]
            return localized(values, first, self.words[first])
        return self.each(lambda lang, w: localized(values, lang, w))

    def heading(self, make, keep_with_next: bool = False) -> None:
        self.blocks.append(Heading(self.each(make), keep_with_next))

    def paragraph(self, make, strong: bool = False, keep_with_next: bool = False) -> None:
        self.blocks.append(Paragraph(self.each(make), strong, keep_with_next))


def build_document(data: AgreementData, columns: list[LanguageChoice], words: dict[str, dict]) -> Document:
    """The project agreement of ``data`` in the languages of ``columns`` (words: per language)."""
    build = _Builder(data, columns, words)
    for part in (_opening, _parties, _basis, _subject, _terms, _loans, _final_provisions, _signatures, _loan_annex):
        part(build)
    fingerprint = data.fingerprint
    if data.approved:
        footer = build.each(
            lambda lang, w: (
                w["footer_approved"] % {"fingerprint": fingerprint, "date": day(data.last_approval, lang, w)}
            )
        )
    else:
        footer = build.each(lambda lang, w: w["footer_draft"] % {"fingerprint": fingerprint})
    title = build.each(lambda lang, w: localized(data.title, lang, w))[0]
    return Document(
        languages=build.languages,
        blocks=tuple(build.blocks),
        footer=footer,
        page=build.each(lambda lang, w: w["page"]),
        initials=build.each(lambda lang, w: w["initials"]),
        party_count=max(len(data.parties), 1),
        watermark=None if data.approved else build.each(lambda lang, w: w["watermark"]),
        title=title,
        filename=f"project-agreement-{data.plan_id}-{'-'.join(build.languages)}",
    )


def _opening(build: _Builder) -> None:
    data = build.data
    build.heading(lambda lang, w: w["title"])
    build.paragraph(lambda lang, w: w["subtitle"] % {"title": localized(data.title, lang, w)}, strong=True)
    reference = plain(data.reference)
    build.paragraph(lambda lang, w: w["number"] % {"number": reference or w["blank"]})
    build.paragraph(lambda lang, w: w["place"] % {"place": plain(data.place_of_signing) or w["blank"]})
    build.paragraph(lambda lang, w: w["date"] % {"date": day(data.signing_date, lang, w)})
    if any(column.instead_of for column in build.columns):
        notes = {column.language: column.instead_of for column in build.columns}
        build.paragraph(
            lambda lang, w: (
                w["language_note"] % {"missing": language_name(notes[lang], lang), "used": language_name(lang, lang)}
                if notes.get(lang)
                else ""
            )
        )


def _parties(build: _Builder) -> None:
    build.heading(lambda lang, w: w["parties"])
    for number, party in enumerate(build.data.parties, start=1):
        build.paragraph(
            lambda lang, w, party=party, number=number: (
                f"{number}. "
                + w["party"]
                % {
                    "institution": localized(party.name, lang, w),
                    "title": localized(party.signatory_title, lang, w),
                    "name": localized(party.signatory_name, lang, w) or w["blank"],
                }
            )
        )
    build.paragraph(lambda lang, w: w["together"])


def _basis(build: _Builder) -> None:
    data = build.data
    build.heading(lambda lang, w: w["basis"])
    build.paragraph(
        lambda lang, w: (
            w["basis_text"]
            % {
                "memorandum": w["quoted"] % {"text": localized(data.memorandum_title, lang, w)},
                "date": day(data.memorandum_signed_on, lang, w),
            }
        )
    )
    for article in data.articles:
        build.paragraph(lambda lang, w, article=article: _article_line(article, lang, w))


def _article_line(article, language: str, words: dict) -> str:
    """ "Article 4: Cost of projects", or just "Article 4" when that is all its heading says."""
    own = pick_text(article.headings, language).text
    if not own or (str(article.number) in own and len(own) <= 24):
        return words["article_only"] % {"number": article.number}
    return words["article"] % {"number": article.number, "heading": localized(article.headings, language, words)}


def _subject(build: _Builder) -> None:
    data = build.data
    build.heading(lambda lang, w: f"1. {w['subject']}")
    build.paragraph(lambda lang, w: w["kind"] % {"kind": w.get(f"activity:{data.kind}", data.kind)})
    build.paragraph(lambda lang, w: w["project_title"] % {"title": localized(data.title, lang, w)})
    if any(data.description.values()):
        build.paragraph(lambda lang, w: localized(data.description, lang, w))
    _places(build, "venues", data.venues)
    if data.events:
        build.heading(lambda lang, w: w["events"])
        for event in data.events:
            build.paragraph(lambda lang, w, event=event: "• " + _event_line(event, lang, w))
    _places(build, "route", data.route)
    if data.participants:
        build.heading(lambda lang, w: w["participants"])
        for person in data.participants:
            build.paragraph(
                lambda lang, w, p=person: (
                    "• "
                    + w["participant"]
                    % {
                        "name": plain(p.name),
                        "role": localized(p.role, lang, w) or "—",
                        "home": localized(p.home, lang, w),
                        "host": localized(p.host, lang, w) if p.host else "—",
                        "dates": days(p.first, p.last, lang, w),
                    }
                )
            )


def _places(build: _Builder, heading: str, places: tuple[PlaceData, ...]) -> None:
    if not places:
        return
    build.heading(lambda lang, w: w[heading])
    for number, place in enumerate(places, start=1):
        build.paragraph(
            lambda lang, w, place=place, number=number: (
                f"{number}. {localized(place.name, lang, w)}: {days(place.first, place.last, lang, w)}"
            )
        )


def _event_line(event: EventData, language: str, words: dict) -> str:
    """Title, days or times in the event's own zone, place, repetition, and a status other than confirmed."""
    if event.all_day or event.starts_at is None:
        when = days(event.start_date, event.end_date, language, words)
    else:
        start = ", ".join(
            (
                format_date(event.starts_at, "long", locale=language),
                format_time(event.starts_at, "short", tzinfo=event.starts_at.tzinfo, locale=language),
            )
        )
        end = format_time(event.ends_at, "short", tzinfo=event.ends_at.tzinfo, locale=language) if event.ends_at else ""
        when = f"{start}{' – ' + end if end else ''} ({event.timezone})"
    parts = [localized(event.title, language, words), when]
    if event.replaces is not None:
        parts[0] = words["moved"] % {"title": parts[0]}
        parts.append(words["replaces"] % {"day": _moment(event.replaces, language, words)})
    if event.place:
        parts.append(localized(event.place, language, words))
    if event.online:
        parts.append(words["online"])
    if event.repeats:
        parts.append(
            rhythm(
                event.repeats,
                language,
                interval=event.interval,
                first=event.start_date if event.all_day else event.starts_at,
                count=event.count,
                until=event.until,
                excluded=event.excluded,
                moved=event.moved,
            )
        )
    if event.status != "confirmed":
        parts.append(words.get(f"label:{event.status}", event.status))
    return ", ".join(part for part in parts if part)


def _moment(value, language: str, words: dict) -> str:
    """The start a moved occurrence replaces: its day, and its time when it had one."""
    if isinstance(value, datetime):
        return f"{format_date(value, 'long', locale=language)}, {format_time(value, 'short', locale=language)}"
    return day(value, language, words)


def _terms(build: _Builder) -> None:
    data = build.data
    build.heading(lambda lang, w: f"2. {w['terms']}")
    build.paragraph(lambda lang, w: w["compensated"] if data.terms == "compensated" else w["free"])
    if not data.costs:
        if data.terms == "compensated":
            build.paragraph(lambda lang, w: w["no_costs"])
        return
    build.blocks.append(_cost_table(build))


def _cost_table(build: _Builder) -> Table:
    """Items grouped by paying party (in the parties' order) and currency; a total for each
    payer and currency, then the totals per currency of all payers."""
    data = build.data
    order = {party.institution_id: position for position, party in enumerate(data.parties)}
    costs = sorted(data.costs, key=lambda c: (order.get(c.payer_id, len(order)), c.payer_id, c.currency))
    rows: list[Row] = []
    grand: dict[str, Decimal] = defaultdict(Decimal)
    groups: dict[tuple[int, str], list] = defaultdict(list)
    for cost in costs:
        groups[(cost.payer_id, cost.currency)].append(cost)
    for (_, currency), items in groups.items():
        payer = items[0].payer
        subtotal = sum((Decimal(item.amount) for item in items), Decimal(0))
        grand[currency] += subtotal
        for item in items:
            rows.append(
                Row(
                    (
                        build.each(lambda lang, w, p=payer: localized(p, lang, w)),
                        build.each(lambda lang, w, c=item.category: w.get(f"label:{c}", c)),
                        _cost_description(build, item),
                        build.each(lambda lang, w, a=item.amount, c=currency: money(a, c, lang)),
                        currency,
                    )
                )
            )
        rows.append(
            Row(
                (
                    build.each(lambda lang, w, p=payer: w["payer_total"] % {"party": localized(p, lang, w)}),
                    "",
                    "",
                    build.each(lambda lang, w, a=subtotal, c=currency: money(a, c, lang)),
                    currency,
                ),
                strong=True,
            )
        )
    rows.extend(_total_rows(build, "total", grand, (5, 3)))
    return Table(
        headers=tuple(
            build.each(lambda lang, w, k=key: w[k])
            for key in ("payer", "category", "description", "amount", "currency")
        ),
        rows=tuple(rows),
        widths=(0.28, 0.16, 0.30, 0.16, 0.10),
        numeric=(3,),
    )


def _cost_description(build: _Builder, item) -> Cell:
    """What the cost is (each column in its language, a fallback marked), and whose part of the
    project it is for when that is another party's."""
    if not item.part_of:
        return build.user_text(item.description)
    return build.each(
        lambda lang, w: ", ".join(
            filter(
                None,
                (localized(item.description, lang, w), w["part_of"] % {"party": localized(item.part_of, lang, w)}),
            )
        )
    )


def _total_rows(build: _Builder, label: str, totals: dict[str, Decimal], shape: tuple[int, int]) -> list[Row]:
    """One strong row per currency: the label first, the amount at column shape[1] of shape[0]."""
    width, amount_at = shape
    rows = []
    for currency in sorted(totals):
        cells: list[Cell] = [""] * width
        cells[0] = build.each(lambda lang, w: w[label])
        cells[amount_at] = build.each(lambda lang, w, a=totals[currency], c=currency: money(a, c, lang))
        cells[amount_at + 1] = currency
        rows.append(Row(tuple(cells), strong=True))
    return rows


def _loans(build: _Builder) -> None:
    data = build.data
    if not data.loans and data.kind != "exhibition":
        return
    build.heading(lambda lang, w: f"3. {w['loans']}")
    build.paragraph(lambda lang, w: w["loans_text"])
    if not data.loans:
        build.paragraph(lambda lang, w: w["no_loans"])
        return
    totals: dict[str, Decimal] = defaultdict(Decimal)
    rows: list[Row] = []
    lenders: dict[str, Texts] = {}
    for loan in data.loans:
        key = repr(sorted(loan.lender.items()))
        if key not in lenders:
            lenders[key] = build.each(lambda lang, w, n=loan.lender: localized(n, lang, w))
        insured = loan.insurance_value is not None and loan.insurance_currency
        if insured:
            totals[loan.insurance_currency] += Decimal(loan.insurance_value)
        rows.append(
            Row(
                (
                    lenders[key],
                    plain(loan.inventory_number),
                    build.user_text(loan.title),
                    build.each(lambda lang, w, o=loan: money(o.insurance_value, o.insurance_currency, lang))
                    if insured
                    else "—",
                    loan.insurance_currency or "",
                    build.user_text(loan.condition_departure),
                )
            )
        )
    rows.extend(_total_rows(build, "insured_total", totals, (6, 3)))
    build.blocks.append(
        Table(
            headers=tuple(
                build.each(lambda lang, w, k=key: w[k])
                for key in ("lender", "inventory_number", "object_title", "insurance_value", "currency", "condition")
            ),
            rows=tuple(rows),
            widths=(0.2, 0.14, 0.24, 0.14, 0.08, 0.2),
            numeric=(3,),
        )
    )


def _final_provisions(build: _Builder) -> None:
    number = 4 if build.data.loans or build.data.kind == "exhibition" else 3
    build.heading(lambda lang, w: f"{number}. {w['final']}")
    languages = build.languages
    clauses = ("clause_force", "clause_memorandum", "clause_amendments", "clause_disputes", "clause_languages")
    for position, key in enumerate(clauses, start=1):
        build.paragraph(
            lambda lang, w, key=key, position=position: (
                f"{number}.{position}. "
                + (_languages_clause(languages, lang, w) if key == "clause_languages" else w[key])
            ),
            keep_with_next=position == len(clauses),  # the last clause stays with the signatures
        )


def _languages_clause(languages: tuple[str, ...], language: str, words: dict) -> str:
    """The copies-and-languages clause; one language gets its own sentence, since a list of one
    ("in the following languages: Russian") is wrong in every language."""
    if len(languages) > 1:
        return words["clause_languages"] % {"languages": _language_list(languages, language, words)}
    code = languages[0]
    own = words.get(f"in:{code}") or words["in:other"] % {"language": language_name(code, language)}
    return words["clause_language"] % {"in_language": own}


def _language_list(languages: tuple[str, ...], language: str, words: dict) -> str:
    names = [language_name(code, language) for code in languages]
    return names[0] if len(names) == 1 else words["and"] % {"first": ", ".join(names[:-1]), "second": names[-1]}


def _signatures(build: _Builder) -> None:
    build.heading(lambda lang, w: w["signatures"], keep_with_next=True)
    parties = []
    for party in build.data.parties:
        parties.append(
            (
                build.each(lambda lang, w, p=party: localized(p.name, lang, w)),
                build.each(lambda lang, w, p=party: localized(p.signatory_title, lang, w) or w["blank"]),
                build.each(lambda lang, w, p=party: localized(p.signatory_name, lang, w) or w["blank"]),
                build.each(lambda lang, w: w["signature"]),
                build.each(lambda lang, w: w["signed_date"]),
                build.each(lambda lang, w: w["seal"]),
            )
        )
    build.blocks.append(Signatures(tuple(parties)))


def _loan_annex(build: _Builder) -> None:
    """After the signatures: each object as approved (with its loan period), then, apart and
    labelled, what the loan records say today (departure checks, insurance, transport): for
    information only, so the approved part never depends on it."""
    data = build.data
    if not data.loans:
        return
    build.heading(lambda lang, w: w["annex_loans"])
    rows = []
    for loan in data.loans:
        insured = loan.insurance_value is not None and loan.insurance_currency
        rows.append(
            Row(
                (
                    build.each(lambda lang, w, n=loan.lender: localized(n, lang, w)),
                    plain(loan.inventory_number),
                    build.user_text(loan.title),
                    build.each(lambda lang, w, o=loan: days(o.loan_from, o.loan_to, lang, w)),
                    build.each(
                        lambda lang, w, o=loan: f"{money(o.insurance_value, o.insurance_currency, lang)} {o.insurance_currency}"
                    )
                    if insured
                    else "—",
                    build.user_text(loan.condition_departure),
                )
            )
        )
    build.blocks.append(
        Table(
            headers=tuple(
                build.each(lambda lang, w, k=key: w[k])
                for key in ("lender", "inventory_number", "object_title", "loan_period", "insurance_value", "condition")
            ),
            rows=tuple(rows),
            widths=(0.17, 0.13, 0.2, 0.18, 0.14, 0.18),
        )
    )
    if data.loan_records:
        build.blocks.append(
            Heading(build.each(lambda lang, w: w["record_heading"] % {"date": day(data.record_date, lang, w)}), informative=True)
        )
        for record in data.loan_records:
            _loan_record(build, record)


def _loan_record(build: _Builder, record: LoanRecordData) -> None:
    references = " / ".join(plain(r) for r in (record.lender_reference, record.borrower_reference) if r) or "—"
    build.blocks.append(
        Paragraph(
            build.each(
                lambda lang, w: w["record_loan"]
                % {
                    "lender": localized(record.lender, lang, w),
                    "borrower": localized(record.borrower, lang, w),
                    "status": w.get(f"LoanStatus:{record.status}", record.status),
                    "references": references,
                }
            ),
            strong=True,
            informative=True,
        )
    )
    build.blocks.append(
        Table(
            headers=(build.each(lambda lang, w: w["inventory_number"]), build.each(lambda lang, w: w["departure_check"])),
            rows=tuple(
                Row(
                    (
                        plain(number),
                        build.each(
                            lambda lang, w, c=condition, on=checked_on: (
                                f"{w.get(f'Condition:{c}', c)}, {day(on, lang, w)}" if c else w["not_checked"]
                            )
                        ),
                    )
                )
                for number, condition, checked_on in record.departure
            ),
            widths=(0.3, 0.7),
            informative=True,
        )
    )
    build.blocks.append(Paragraph(build.each(lambda lang, w: _insurance_line(record, lang, w)), informative=True))
    build.blocks.append(Paragraph(build.each(lambda lang, w: _transport_line(record, lang, w)), informative=True))


def _insurance_line(record: LoanRecordData, language: str, words: dict) -> str:
    if not record.insurance_kind:
        return words["record_no_insurance"]
    sums = "; ".join(f"{money(amount, currency, language)} {currency}" for amount, currency in record.sums) or "—"
    return words["record_insurance"] % {
        "kind": words.get(f"InsuranceKind:{record.insurance_kind}", record.insurance_kind),
        "insurer": plain(record.insurer) or "—",
        "policy": plain(record.policy_number) or "—",
        "period": days(record.cover_from, record.cover_to, language, words),
        "sums": sums,
    }


def _transport_line(record: LoanRecordData, language: str, words: dict) -> str:
    if not record.legs:
        return words["record_no_transport"]
    legs = "; ".join(
        f"{words.get(f'TransportMethod:{method}', method)}: {plain(start) or '—'} → {plain(end) or '—'}"
        f" ({days(departs, arrives, language, words)})"
        for method, start, end, departs, arrives in record.legs
    )
    return words["record_transport"] % {"legs": legs}
