"""From what the MoU reader found to a draft agreement: the upload read into text, its
refusals in the user's language, the parties matched to known institutions, the likely
duplicates, and the draft with every article in every version. The page, the API and the CLI
all call these, so an upload behaves the same on every path."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from planner.agreements.models import Agreement, Article, ArticleVersion, Institution, Party
from planner.extensions import db
from planner.mou import MouError, decode_document, ocr, read_document
from planner.mou.files import MAX_DOCUMENT_BYTES
from planner.mou.vocabulary import ACTIVITY_KINDS

DUPLICATE_TITLE_SIMILARITY = 0.5
DUPLICATE_CANDIDATES = 200
NAME_SIMILARITY = 0.6
TITLE_LENGTH = 300  # the form's limit for an agreement's title
PLACE_LENGTH = 200  # Agreement.signed_place
SIGNATORY_LENGTH = 200  # a signatory's name or title, as on the agreement's form
MAX_PARTIES = 4  # the agreement's form has four party rows


def read_upload(
    filename: str | None, raw: bytes | None, text: str | None, *, limited: bool = True, recognise: bool = True
) -> str:
    """The memorandum's text from an uploaded file (by its suffix) or from pasted text;
    `limited` False for the command line (the size limits belong to the web upload),
    `recognise` False raises NeedsRecognition for a scan (the page recognises it outside the request)."""
    if raw is not None and filename:
        return read_document(filename, raw, limited=limited, recognise=recognise)
    return decode_document((text or "").encode("utf-8", "surrogatepass"), MAX_DOCUMENT_BYTES if limited else None)


def scans_readable() -> bool:
    """Whether scans are recognised here (Tesseract installed): the form then offers them."""
    return ocr.available()


def accepted_formats_message() -> str:
    """The refusal of a file of another kind, naming every kind that is read here."""
    if scans_readable():
        return _("Only .txt, .md, .docx and .pdf files and scans (.png, .jpg, .jpeg, .tif, .tiff) can be read.")
    return _("Only .txt, .md, .docx and .pdf files can be read (scans need text recognition, not installed here).")


def mou_error_message(failure: MouError) -> str:
    """One clear sentence in the user's language for whatever the reader refused."""
    messages = {
        "empty": _("The document is empty."),
        "binary": _("This is not a text document."),
        "encoding": _("The file is not valid UTF-8 text."),
        "no_articles": _(
            "No articles were found: each article needs a heading such as “Article 1”, “Статья 1”, “Maddə 1” "
            "or “1-бап”, or a number such as “1.” at the start of its paragraph."
        ),
        "too_large": _("The document is too large."),
        "file_type": accepted_formats_message(),
        "macro": _("Files with macros (.docm) are not accepted: save the document as .docx."),
        "password": _("The file is password-protected: remove the password and upload it again."),
        "corrupt": _("The file is damaged or too large and could not be read."),
        "zip_bomb": _("The file unpacks to far more than its size and was not read."),
        "no_text": _("No text was recognised in the scan (OCR): upload a clearer scan, 300 dpi or more, or its text.")
        if scans_readable()
        else _("The PDF has no text layer (it is a scan): run text recognition (OCR) on it first."),
        "stopped": _("The text recognition of the scan stopped before its end: upload the scan again."),
    }
    return messages.get(failure.code, _("The document could not be read."))


# --- parties ----------------------------------------------------------------------------------


COMMON_WORDS = frozenset(
    {
        "and",
        "the",
        "for",
        "with",
        "under",
        "of",
        "и",
        "для",
        "при",
        "və",
        "üçün",
        "мен",
        "және",
        "ve",
        "için",
        "va",
        "uchun",
        "та",
    }
)


def _words(name: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]{3,}", name.lower())) - COMMON_WORDS


def _likeness(one: str, other: str) -> float:
    """Share of the shorter name's words found in the other name."""
    return _overlap(_words(one), _words(other))


def _overlap(first: set[str], second: set[str]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / min(len(first), len(second))


def _similar(one: str, other: str, threshold: float) -> bool:
    return _likeness(one, other) >= threshold


def matching_institutions(parties: dict[str, list[str]], institutions: list[tuple[int, list[str]]]) -> list[int]:
    """Ids of known institutions whose name (in any language, or short name) best matches a
    party named in any version, in the order the parties are named; each institution once.
    Each known name is cut into words once, not once per party (a thousand institutions and
    eight names of parties made the preview five times slower than the rest of it)."""
    known_words = [(institution_id, [_words(name) for name in known]) for institution_id, known in institutions]
    found: list[int] = []
    for names in parties.values():
        for party in names:
            words = _words(party)
            scored = [
                (max((_overlap(words, known) for known in names_words), default=0.0), institution_id)
                for institution_id, names_words in known_words
            ]
            best = max(scored, default=(0.0, None))
            if best[0] >= NAME_SIMILARITY and best[1] not in found:
                found.append(best[1])
    return found


def known_institutions() -> list[tuple[int, list[str]]]:
    """Every institution with all its names (each language and the short name)."""
    rows = db.session.execute(select(Institution.id, Institution.name, Institution.short_name).order_by(Institution.id))
    return [(row.id, [*(row.name or {}).values(), row.short_name or ""]) for row in rows]


def _titles(reading: dict) -> list[str]:
    return list(draft_titles(reading).values())


def likely_duplicates(reading: dict, institution_ids: list[int]) -> list[Agreement]:
    """Agreements with the same parties and a similar title in some language."""
    if not institution_ids:
        return []
    statement = (
        select(Agreement)
        .options(selectinload(Agreement.parties))
        .join(Party)
        .where(Party.institution_id == institution_ids[0])
        .order_by(Agreement.id.desc())
        .limit(DUPLICATE_CANDIDATES)
    )
    wanted, titles = set(institution_ids), [t for t in _titles(reading) if t]
    found = []
    for agreement in db.session.scalars(statement):
        if agreement.institution_ids != wanted:
            continue
        existing = [t for t in (agreement.title or {}).values() if t]
        if not titles or any(_similar(a, b, DUPLICATE_TITLE_SIMILARITY) for a in titles for b in existing):
            found.append(agreement)
    return found


def loses_own_institution(user, institution_ids: list[int]) -> bool:
    """A curator choosing parties without their own institution could not edit the draft."""
    return user.role == "curator" and bool(institution_ids) and user.institution_id not in institution_ids


def signing_date(reading: dict) -> date | None:
    found = (reading.get("signed") or {}).get("date")
    try:
        return date.fromisoformat(found) if found else None
    except ValueError:
        return None


def signing_place(reading: dict) -> str:
    return " ".join(((reading.get("signed") or {}).get("place") or "").split())[:PLACE_LENGTH]


def suggested_choices(reading: dict) -> Choices:
    """What the preview fills in, as it will be saved: the known institutions named as parties
    in any version, the short title per version, the signing date and place, the term."""
    return Choices(
        matching_institutions(reading.get("parties") or {}, known_institutions()),
        signing_date(reading),
        signing_place(reading),
        draft_titles(reading),
        term_from_reading(reading),
    )


def preview_notes(reading: dict | None, chosen: list[int], user) -> dict:
    """What the preview warns about: likely duplicates and a curator leaving out their institution."""
    if reading is None:
        return {"duplicates": [], "loses_own": False}
    return {"duplicates": likely_duplicates(reading, chosen), "loses_own": loses_own_institution(user, chosen)}


# --- the draft --------------------------------------------------------------------------------


@dataclass
class TermChoice:
    """The agreement's own term as it will be saved: years, automatic renewal, notice."""

    years: int | None = None
    renewal_years: int | None = None
    notice_amount: int | None = None
    notice_unit: str | None = None


@dataclass
class Choices:
    """What the user confirmed on the preview. Titles, place and term left None are the
    reader's (the API and the demo give only the text)."""

    institution_ids: list[int] = field(default_factory=list)
    signed_on: date | None = None
    signed_place: str | None = None
    titles: dict[str, str] | None = None
    term: TermChoice | None = None
    #: (names, titles): per party in order, the signatory's name and title per language
    signatories: tuple[list[dict], list[dict]] | None = None


def term_from_reading(reading: dict) -> TermChoice:
    """The reader's term: a renewal counts only when it is automatic."""
    term = reading.get("term") or {}
    notice = term.get("notice") or {}
    automatic = term.get("renewal", "automatic") == "automatic"
    return TermChoice(
        term.get("years"), term.get("renewal_years") if automatic else None, notice.get("amount"), notice.get("unit")
    )


def draft_titles(reading: dict) -> dict[str, str]:
    """The short title per version (the memorandum's kind and its parties) that the reader
    made; a version it made none for keeps its own heading only when that is short (a long
    one is a sentence the title would cut)."""
    made = reading.get("titles") or {}
    titles = {}
    for language, version in reading["versions"].items():
        title = " ".join((made.get(language) or "").split()) or _title(version)
        if title and len(title) <= TITLE_LENGTH:
            titles[language] = title
    return titles


def signatory_problem(signatories: tuple[list[dict], list[dict]] | None) -> str | None:
    """Why the signatories given on the preview cannot be saved, in the user's language, or None."""
    names, titles = signatories or ([], [])
    if any(len(text or "") > SIGNATORY_LENGTH for given in (*names, *titles) for text in given.values()):
        return _("A signatory's name or title can be at most %(num)d characters long.", num=SIGNATORY_LENGTH)
    return None


def title_problem(titles: dict[str, str], languages: list[str]) -> str | None:
    """Why the titles given on the preview cannot be saved, in the user's language, or None:
    every language version needs its title, none longer than the column."""
    if any(len(titles.get(language) or "") > TITLE_LENGTH for language in languages):
        return _("A title can be at most %(num)d characters long.", num=TITLE_LENGTH)
    if any(not (titles.get(language) or "").strip() for language in languages):
        return _("Give the agreement a title in every language version.")
    return None


def agreement_from_reading(reading: dict, source_text: str = "", choices: Choices | None = None) -> Agreement:
    """A draft Agreement (not yet added to a session) built from `parse_mou` output and what
    the user confirmed on the preview."""
    choices = choices or Choices()
    term = choices.term or term_from_reading(reading)
    titles = draft_titles(reading) if choices.titles is None else choices.titles
    versions = reading["versions"]
    default_terms = reading.get("default_terms")
    agreement = Agreement(
        title={lang: " ".join(titles[lang].split()) for lang in versions if (titles.get(lang) or "").strip()},
        status="draft",
        signed_on=choices.signed_on,
        signed_place=signing_place(reading) if choices.signed_place is None else choices.signed_place.strip(),
        term_years=term.years,
        renewal_years=term.renewal_years,
        notice_amount=term.notice_amount,
        notice_unit=term.notice_unit,
        default_terms=default_terms if default_terms in ("free_of_charge", "compensated") else "unspecified",
        project_agreement_required=bool(reading.get("project_agreement_required")),
        languages=list(reading["languages"]),
        preambles={lang: version.get("preamble", "") for lang, version in versions.items()},
        discrepancies=list(reading.get("discrepancies") or []),
        source_text=source_text,
    )
    agreement.articles = _articles(reading)
    chosen = list(dict.fromkeys(choices.institution_ids))
    names, titles = choices.signatories or signatories_of_parties(reading, len(chosen))
    agreement.parties = [
        Party(
            institution_id=institution_id,
            position=position,
            signatory_name=_given(names, position),
            signatory_title=_given(titles, position),
        )
        for position, institution_id in enumerate(chosen, start=1)
    ]
    return agreement


def _given(values: list[dict], position: int) -> dict:
    """A party's text per language, without the languages left empty."""
    found = values[position - 1] if position <= len(values) else {}
    return {language: " ".join(text.split()) for language, text in found.items() if (text or "").strip()}


def signatories_of_parties(reading: dict, parties: int) -> tuple[list[dict], list[dict]]:
    """Each party's signatory name and title per language, as the reader found them in each
    version (the title as signed: "Director", "И. о. директора"), by the rule of
    `signatories_by_party`."""
    found = reading.get("signatories") or {}
    names = signatories_by_party(found, parties)
    titles: list[dict] = [{} for _ in range(parties)]
    for language, listed in (reading.get("signatory_titles") or {}).items():
        spelled = found.get(language) or []
        if parties and len(spelled) >= parties and len(listed) == len(spelled):
            for position, title in enumerate(listed[-parties:]):
                if title and language in names[position]:
                    titles[position][language] = title
    return names, titles


def signatories_by_party(found: dict[str, list[str]], parties: int) -> list[dict]:
    """Each party's signatory name per language, as each version spells it (the document then
    prints the name in the column's own language, never one version's spelling in another's
    text). The reader lists a version's signatories in the order they appear, the signature
    block (names in the nominative) last: the last names, one per party, in the parties' order.
    A version naming fewer people than there are parties is left out, and so is a name mixing
    Latin and Cyrillic letters (a misprint the reader flags): the document then shows another
    version's spelling with its language marked."""
    names: list[dict] = [{} for _ in range(parties)]
    for language, listed in found.items():
        if parties and len(listed) >= parties:
            for position, name in enumerate(listed[-parties:]):
                if not _mixes_scripts(name):
                    names[position][language] = name
    return names


def _mixes_scripts(name: str) -> bool:
    latin = any("a" <= c.lower() <= "z" or c.lower() in "əğıöşüç" for c in name)
    return latin and any("\u0400" <= c <= "\u04ff" for c in name)


def _title(version: dict) -> str:
    return " ".join((version.get("title") or "").split())


def article_keys(articles: list[dict]) -> list[tuple]:
    """A key per article that lines up the versions: (number, occurrence) for numbered
    articles (a number may repeat after a restart), ("section", k) for titled sections."""
    keys, seen, sections = [], {}, 0
    for article in articles:
        if article["number"] is None:
            keys.append(("section", sections))
            sections += 1
        else:
            occurrence = seen.get(article["number"], 0)
            seen[article["number"]] = occurrence + 1
            keys.append((article["number"], occurrence))
    return keys


def _stored_numbers(reading: dict) -> dict[tuple, int]:
    """Each article keeps its own number; titled sections and repeated numbers are stored
    after the highest number (their heading says what they are)."""
    seen: dict[tuple, None] = {}
    for language in reading["languages"]:
        for key in article_keys(reading["versions"][language]["articles"]):
            seen.setdefault(key)
    order = list(seen)
    numbers = {key: key[0] for key in order if key[0] != "section" and key[1] == 0}
    following = max(numbers.values(), default=0)
    for key in order:
        if key not in numbers:
            following += 1
            numbers[key] = following
    return numbers


def _articles(reading: dict) -> list[Article]:
    """One Article per aligned key; one ArticleVersion per language version that has it."""
    numbers = _stored_numbers(reading)
    by_key: dict[tuple, Article] = {}
    for position, language in enumerate(reading["languages"]):
        articles = reading["versions"][language]["articles"]
        for key, found in zip(article_keys(articles), articles, strict=True):
            article = by_key.setdefault(key, Article(number=numbers[key], activities=[]))
            article.versions.append(
                ArticleVersion(
                    language=language,
                    position=position,
                    heading=(found["heading"] or "")[:200],
                    text=found["text"],
                    activities=list(found.get("activities") or []),
                )
            )
            found_here = set(article.activities) | set(found.get("activities") or [])
            article.activities = [kind for kind in ACTIVITY_KINDS if kind in found_here]
    return sorted(by_key.values(), key=lambda article: article.number)
