"""What the text says about its term, renewal, notice, costs, a separate agreement per
project, where and when it was signed, and who the parties are. Word lists live in
lexicon.py; these functions read sentences."""

from __future__ import annotations

import re
from datetime import date

from planner.mou.lexicon import (
    AFTER_NOTICE,
    AGREEMENT_NOUNS,
    AUTOMATIC,
    BEFORE_EXPIRY,
    BY_AGREEMENT,
    COMPENSATED,
    COST_WORDS,
    DAY_WORDS,
    FREE_OF_CHARGE,
    HEREINAFTER,
    INDEFINITE,
    INSTITUTION_WORDS,
    MONTHS,
    MUTUALLY_DETERMINED,
    NEXT_PERIOD,
    NOT_PLACES,
    NOTICE_BEFORE,
    NOTICE_WORDS,
    NUMBER_WORDS,
    ORDINAL_DAYS,
    OTHER_SUBJECTS,
    PAYERS,
    PLACE_PATTERNS,
    RENEWAL_WORDS,
    SEPARATE_AGREEMENT,
    SIGNING_WORDS,
    TERM_WORDS,
    TERMINATION_WORDS,
    THEREAFTER,
    UNIT_WORDS,
    UNTIL_WORDS,
    YEAR_WORDS,
    flat_alternation,
)
from planner.mou.lexicon import (
    alternatives as _alternatives_of,
)

QUANTITY = re.compile(
    r"(?<![\w.])(?P<n>\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
    r"(?:[ \t]*\([ \t]*(?:\d{1,3}|[^\W\d_]{2,12})[ \t]*\))?[ \t]*[-–]?[ \t]*"
    r"(?P<unit>" + "|".join(sorted(UNIT_WORDS, key=len, reverse=True)) + r")(?![^\W\d_])",
    re.IGNORECASE,
)
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_ORDINAL_DAYS = "|".join(sorted(ORDINAL_DAYS, key=len, reverse=True))
_YEAR_WORDS = "|".join(sorted(YEAR_WORDS, key=len, reverse=True))
_DAY_WORDS = flat_alternation(sorted(DAY_WORDS, key=lambda words: -DAY_WORDS[words]), word_start=True)
_DAY_PATTERNS = [(re.compile(words), day) for words, day in DAY_WORDS.items()]
_YEAR_SUFFIXES = "жылғы|жылы|йил|yil|yılı|-ci il|-cü il|-cı il|-cu il|ci il|cü il|cı il|cu il|року|года|г\\."
DATES = (
    re.compile(
        rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:[ \t]+day)?[»”\"]?[ \t]+(?:of[ \t]+)?(?P<m>{_MONTH_NAMES})[ \t,]+"
        rf"(?:(?:in|of)[ \t]+)?(?:the[ \t]+year[ \t]+)?(?P<y>\d{{4}})",
        re.I,
    ),
    re.compile(rf"(?P<m>{_MONTH_NAMES})[ \t]+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?[ \t]+(?P<y>\d{{4}})", re.I),
    re.compile(
        rf"(?P<y>\d{{4}})[ \t]*-?[ \t]*(?:жылғы|жылы|йил|yil|-ci il|-cü il|-cı il|-cu il|ci il|cü il|cı il|cu il|року|года)?"
        rf"[ \t]+(?P<d>\d{{1,2}})[ \t-]*(?P<m>{_MONTH_NAMES})",
        re.I,
    ),
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<mn>\d{1,2})\.(?P<y>\d{4})(?![\d])"),
    re.compile(r"(?<![\d-])(?P<y>\d{4})-(?P<mn>\d{2})-(?P<d>\d{2})(?![\d])"),
    # "this twenty-second day of April, 1980", "the Seventh Day of July, one thousand nine
    # hundred and eighty-five": a day and a year in words
    re.compile(
        rf"(?P<dw>{_ORDINAL_DAYS})[ \t]+day[ \t]+of[ \t]+(?P<m>{_MONTH_NAMES})[ \t,]+(?:(?:in|of)[ \t]+)?"
        rf"(?:the[ \t]+year[ \t]+)?(?P<y>\d{{4}}|(?:(?:{_YEAR_WORDS})(?:[ \t-]+|$|(?=[^\w])))+)",
        re.I,
    ),
)


# A day in words, in any language, before the month (lowered text: the flat alternation of day
# words then skips ahead by their first letters): "двадцать второго апреля 1993 года", "yirmi iki
# Nisan 1993", "iyirmi ikinci mart 2019", "the twenty-second of April 1980"; or after the year:
# "1993 жылғы жиырма екінші сәуір", "2001-yil uchinchi iyun", "2019-cu il on iki mart".
WORD_DATES = (
    re.compile(
        rf"(?P<dw>{_DAY_WORDS})(?:[ \t]+day)?(?:[ \t]+of)?[ \t]+(?P<m>{_MONTH_NAMES})"
        rf"[\w'’]*[ \t,]+(?:(?:in|of)[ \t]+)?(?:the[ \t]+year[ \t]+)?(?P<y>\d{{4}})(?!\d)"
    ),
    re.compile(
        rf"(?P<y>\d{{4}})[ \t]*-?[ \t]*(?:{_YEAR_SUFFIXES})?[ \t]+(?P<dw>{_DAY_WORDS})[ \t-]+(?P<m>{_MONTH_NAMES})"
    ),
)
DATE_SIEVE = re.compile(r"\d{4}|day", re.IGNORECASE)

SENTENCE_BREAK = re.compile(r"(?<=[.;!?])(?<!\b\w\.)(?<!\b\w\w\.)\s+")  # not after "г.", "No.", "Mr."


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_BREAK.split(" ".join(text.split())) if s]


def _quantities(sentence: str) -> list[tuple[int, str, int, int]]:
    """(amount, unit, start, end) for every "five (5) years", "1 (bir) ay", "three months’"."""
    found = []
    for match in QUANTITY.finditer(sentence):
        value = match.group("n").lower()
        amount = int(value) if value.isdigit() else NUMBER_WORDS[value]
        found.append((amount, UNIT_WORDS[match.group("unit").lower()], match.start(), match.end()))
    return found


def _subject(lowered: str, offset: int, own: bool) -> str:
    """Whose period a quantity is: "agreement" when the nearest subject before it is the
    agreement (or, in the agreement's entry-into-force article, when none is named), "other"
    for a programme, plan or project, "" when the sentence names neither."""
    nearest = None
    for pattern, name in ((AGREEMENT_NOUNS, "agreement"), (OTHER_SUBJECTS, "other")):
        for match in pattern.finditer(lowered, 0, offset):
            if nearest is None or match.start() >= nearest[0]:
                nearest = (match.start(), name)
    if nearest is not None:
        return nearest[1]
    if AGREEMENT_NOUNS.search(lowered) and not OTHER_SUBJECTS.search(lowered):
        return "agreement"
    return "agreement" if own else ""


def _notice_period(lowered: str, start: int, end: int) -> str:
    """Whether a quantity is itself the notice, in any unit, years included: "until" for the
    agreement in force until that long after notice ("until one year after notice", "до
    истечения одного года с даты уведомления"), "notice" for "one year's notice" or
    "bildirimden bir yıl sonra", "" otherwise."""
    after = lowered[end : end + 80]
    if UNTIL_WORDS.search(lowered[max(0, start - 30) : start]) and NOTICE_WORDS.search(after):
        return "until"
    if AFTER_NOTICE.match(after) and NOTICE_WORDS.search(after):
        return "notice"
    return "notice" if NOTICE_BEFORE.search(lowered[max(0, start - 60) : start]) else ""


def read_term(text: str, language: str = "en", own: str = "") -> dict:
    """Years in force, renewal (automatic, by agreement, none) and its years, notice before
    expiry, and notice of termination at any time; only from sentences about the agreement
    itself (`own` is the text of its entry-into-force article, where "it" needs no name)."""
    term: dict = {
        "years": None,
        "renewal_years": None,
        "renewal": "none",
        "indefinite": False,
        "notice": None,
        "termination_notice": None,
    }
    own_sentences = {sentence.lower() for sentence in sentences(own)}
    for sentence in sentences(text):
        lowered = sentence.lower()
        _read_sentence(lowered, term, lowered in own_sentences)
    if term["notice"] is None and term["termination_notice"] is not None:
        term["notice"] = dict(term["termination_notice"])
    return term


def _read_sentence(lowered: str, term: dict, own: bool = False) -> None:
    if not TERM_SIEVE.search(lowered) or not ABOUT_TERM.search(lowered):
        return  # one search for the sentences that say nothing of term, renewal or notice
    renewal = RENEWAL_WORDS.search(lowered)
    notice = NOTICE_WORDS.search(lowered)
    terminate = TERMINATION_WORDS.search(lowered)
    about_term = TERM_WORDS.search(lowered)
    if INDEFINITE.search(lowered) or (THEREAFTER.search(lowered) and notice and not renewal):
        term["indefinite"] = True
    if renewal:
        if AUTOMATIC.search(lowered):
            term["renewal"] = "automatic"
        elif BY_AGREEMENT.search(lowered) and term["renewal"] != "automatic":
            term["renewal"] = "by_agreement"
    if not (renewal or notice or about_term or terminate):
        return
    before_expiry = BEFORE_EXPIRY.search(lowered)
    for amount, unit, start, end in _quantities(lowered):
        subject = _subject(lowered, start, own)
        if subject == "other":
            continue  # a programme's or a project's period, not the agreement's
        period = _notice_period(lowered, start, end) if notice else ""
        if (notice or terminate) and (unit != "year" or period):
            key = "notice" if before_expiry or (renewal and not terminate) else "termination_notice"
            key = "termination_notice" if period == "until" else key
            if term[key] is None:
                term[key] = {"amount": amount, "unit": unit}
        elif subject != "agreement":
            continue
        elif renewal and unit == "year" and term["renewal_years"] is None and _renewal_period(lowered, start, renewal):
            term["renewal_years"] = amount
            if term["renewal"] == "none":
                term["renewal"] = "automatic" if not BY_AGREEMENT.search(lowered) else "by_agreement"
        elif unit == "year" and term["years"] is None and about_term:
            term["years"] = amount


TERM_STEMS = (
    "valid",
    "force",
    "term",
    "period",
    "duration",
    "effective",
    "remain",
    "срок",
    "действ",
    "силу",
    "qüvvə",
    "müddət",
    "күші",
    "мерзім",
    "yürürlük",
    "süre",
    "geçerli",
    "kuchga",
    "amal",
    "muddat",
    "чинн",
    "строк",
    "дійсн",
    "extend",
    "renew",
    "prolong",
    "продл",
    "пролонг",
    "uzad",
    "ұзарт",
    "uzat",
    "yenilen",
    "uzaytir",
    "продовж",
    "подовж",
    "notice",
    "notif",
    "уведом",
    "извещ",
    "bildir",
    "xəbərdar",
    "хабарла",
    "ескерт",
    "ihbar",
    "xabardor",
    "повідом",
    "terminat",
    "denounc",
    "withdraw",
    "прекрат",
    "расторг",
    "денонс",
    "xitam",
    "ləğv",
    "тоқтат",
    "бұз",
    "fesh",
    "sona",
    "bekor",
    "to'xtat",
    "припин",
    "розірв",
    "indefinite",
    "unlimited",
    "until",
    "бессроч",
    "неопредел",
    "пока",
    "müddətsiz",
    "müəyyən",
    "мерзімсіз",
    "белгісіз",
    "süresiz",
    "belirsiz",
    "muddatsiz",
    "безстроков",
    "невизначен",
)  # plain substrings that every sentence about the term contains: a fast first sieve
TERM_SIEVE = re.compile("|".join(map(re.escape, TERM_STEMS)))
ABOUT_TERM = re.compile(
    "|".join(f"(?:{p.pattern})" for p in (RENEWAL_WORDS, NOTICE_WORDS, TERMINATION_WORDS, TERM_WORDS, INDEFINITE))
)


def _renewal_period(lowered: str, offset: int, renewal: re.Match) -> bool:
    """A number of years is the renewal's when it follows the renewal word ("extended for
    five years") or is called the next period ("növbəti 5 il", "келесі бес жыл")."""
    if 0 < offset - renewal.start() < 80:
        return True
    return 0 < renewal.start() - offset < 80 and bool(NEXT_PERIOD.search(lowered[max(0, offset - 40) : offset]))


COST_STEMS = (
    "cost",
    "expens",
    "bear",
    "pay",
    "cover",
    "fund",
    "расход",
    "затрат",
    "нес",
    "оплач",
    "покрыв",
    "xərc",
    "ödə",
    "шығын",
    "төле",
    "masraf",
    "gider",
    "karşıla",
    "öde",
    "xarajat",
    "to'la",
    "витрат",
    "оплачу",
    "покрива",
)


COST_SIEVE = re.compile("|".join(map(re.escape, COST_STEMS)))


def read_costs(text: str) -> tuple[str | None, list[dict]]:
    """The default terms (free_of_charge, split, mutually_determined, compensated or None) and
    the cost rules: which party pays what, as the text says it."""
    rules = []
    for sentence in sentences(text):
        lowered = sentence.lower()
        if not COST_SIEVE.search(lowered) or not COST_WORDS.search(lowered):
            continue
        payer = next((role for role, pattern in PAYERS if pattern.search(lowered)), None)
        if payer:
            rules.append({"payer": payer, "text": sentence})
    lowered = " ".join(text.lower().split())
    if FREE_OF_CHARGE.search(lowered):
        return "free_of_charge", rules
    if rules:
        return "split", rules
    if MUTUALLY_DETERMINED.search(lowered):
        return "mutually_determined", rules
    if COMPENSATED.search(lowered):
        return "compensated", rules
    return None, rules


def project_agreement_required(text: str) -> bool:
    return bool(SEPARATE_AGREEMENT.search(" ".join(text.lower().split())))


def _date(match: re.Match) -> date | None:
    groups = match.groupdict()
    month = int(groups["mn"]) if groups.get("mn") else MONTHS[groups["m"].lower()]
    day = _day_of(groups) if groups.get("dw") else int(groups["d"])
    year = groups["y"].strip(" -")
    try:
        return date(int(year) if year.isdigit() else year_in_words(year), month, day)
    except ValueError:
        return None


def _day_of(groups: dict) -> int:
    """The day a date writes in words (the words of one day number match them whole)."""
    found = " ".join(groups["dw"].lower().split())
    if found in ORDINAL_DAYS:
        return ORDINAL_DAYS[found]
    return next((day for pattern, day in _DAY_PATTERNS if pattern.fullmatch(found)), 0)


def year_in_words(words: str) -> int:
    """ "one thousand nine hundred and eighty-five", "nineteen eighty-five" -> 1985; 0 when the
    words make no year (the date is then not read)."""
    values = [YEAR_WORDS[word] for word in re.split(r"[\s-]+", words.lower()) if YEAR_WORDS.get(word)]
    if not values:
        return 0
    if 100 not in values and 1000 not in values:
        return values[0] * 100 + sum(values[1:]) if values[0] >= 10 else 0
    total, current = 0, 0
    for value in values:
        if value == 1000:
            total, current = total + max(current, 1) * 1000, 0
        elif value == 100:
            current = max(current, 1) * 100
        else:
            current += value
    return total + current


def first_date(text: str) -> str | None:
    """The earliest-placed date written in the text, ISO formatted."""
    found = []
    if not DATE_SIEVE.search(text):
        return None  # no year in figures and no "… day of …": one search instead of six
    spelled = "day" in text.lower()
    for pattern in DATES if spelled else DATES[:-1]:
        match = pattern.search(text)
        if match and _date(match):
            found.append((match.start(), _date(match)))
    found += [(start, found_date) for start, _, found_date in _word_dates(text)]
    return min(found)[1].isoformat() if found else None


YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
WORD = re.compile(r"[^\W\d_]+")
WORD_DATE_REACH = 100  # a day and month in words lie this close to their year


_LONGEST_MONTH = max(map(len, MONTHS))


def _names_a_month(text: str) -> bool:
    """Whether a word of the text begins with a month's name (a few dictionary look-ups a
    word: cheaper than any pattern of every month)."""
    words = WORD.findall(text.lower())
    return any(word[:length] in MONTHS for word in words for length in range(3, min(len(word), _LONGEST_MONTH) + 1))


_DAY_STARTS = {
    re.match(r"[^\W\d_]{1,3}", branch).group(0) for branch in _alternatives_of(flat_alternation(list(DAY_WORDS)))
}


def _names_a_day(text: str) -> bool:
    """Whether a word of the text begins as a day in words does."""
    return any(word[:3] in _DAY_STARTS for word in WORD.findall(text.lower()))


def _word_dates(text: str) -> list[tuple[int, int, date]]:
    """The first date with its day in words (WORD_DATES), looked for only around the years in
    figures (day words are common letters: a search of the whole text would try them at
    almost every place); as (start, end, date)."""
    for year in YEAR.finditer(text):
        near = text[max(0, year.start() - WORD_DATE_REACH) : year.end() + WORD_DATE_REACH]
        if not _names_a_month(text[max(0, year.start() - 30) : year.end() + 60]) or not _names_a_day(near):
            continue
        start = max(0, year.start() - WORD_DATE_REACH)
        window = text[start : year.end() + WORD_DATE_REACH].replace("İ", "i").lower()  # as long: places kept
        for pattern in WORD_DATES:
            match = pattern.search(window)
            if match and _date(match):
                return [(start + match.start(), start + match.end(), _date(match))]
    return []


def read_signed(blocks: list[tuple[str, str, str]]) -> dict:
    """Place and date of signing, and where they were read (`source`): blocks come in the
    order they are trusted (the closing formula, a dated line under the title, the opening,
    the instrument, the articles last), each as (source, text, and the separator of the
    pieces that count with a date alone, without a signing word: "" for none). A later block fills only what the earlier ones left open."""
    signed: dict = {"place": None, "date": None, "source": None}
    for source, text, dated in blocks:
        for candidate in _signing_candidates(text, dated, formulas=source != "title"):
            found_date, found_place = first_date(candidate), _place(candidate)
            if found_date and signed["date"] is None:
                signed["date"], signed["source"] = found_date, source
            if found_place and signed["place"] is None:
                signed["place"] = found_place
                signed["source"] = signed["source"] or source
        if signed["date"] and signed["place"]:
            break
    return signed


def _signing_candidates(text: str, dated: str, formulas: bool) -> list[str]:
    """The sentences that speak of signing, then (in a closing or under a title) the short
    lines or paragraphs that carry a date ("(Москва, 14 апреля 1993 года)", "Date: 12 May 2022")."""
    found = [sentence for sentence in sentences(text) if formulas and SIGNING_WORDS.search(sentence.lower())]
    if dated:
        found += [piece.strip() for piece in text.split(dated) if _is_dated_line(piece)]
    return found


def _place(sentence: str) -> str | None:
    for pattern in PLACE_PATTERNS:
        for match in pattern.finditer(sentence):
            place = match.group("place").strip(" ,.")
            if not NOT_PLACES.match(place):
                return place
    return None


def _is_dated_line(piece: str) -> bool:
    """A date with at most a place and a word or two around it, not a sentence that holds a date."""
    if len(piece.split()) > 12:
        return False
    for pattern in DATES:
        match = pattern.search(piece)
        if match and _date(match):
            return len((piece[: match.start()] + piece[match.end() :]).split()) <= 4
    for start, end, _ in _word_dates(piece):
        return len((piece[:start] + piece[end:]).split()) <= 4
    return False


def read_parties(preamble: str) -> list[str]:
    """The institutions named in a preamble: each phrase before a "hereinafter" (or its
    translation), split on "and" where both sides name an institution."""
    found: list[str] = []
    for paragraph in preamble.split("\n\n"):
        found += _parties_in(" ".join(paragraph.split()))
    return list(dict.fromkeys(found))[:6]


def _parties_in(text: str) -> list[str]:
    found: list[str] = []
    position = 0
    for match in HEREINAFTER.finditer(text):
        chunk = text[position : match.start()]
        position = match.end()
        chunk = re.split(
            r"(?i)\b(?:between|among)\b|(?<!represented )(?<!headed )\bby\b|между|arasında|o'rtasida", chunk
        )[-1]
        chunk = re.split(r"(?<=[^\W\d_]{3}[.;:])\s+(?=[^\W\d_])", chunk)[-1]
        found += [name for name in _split_on_and(chunk) if name]
    return found


def _split_on_and(chunk: str) -> list[str]:
    """Names joined by "and" (outside parentheses); a piece naming no institution belongs to
    the name before it ("the Sultan and Yang Di-Pertuan of Brunei")."""
    pieces: list[str] = []
    depth, current = 0, ""
    for token in re.split(
        r"(\(|\)|,\s+(?:and|и|və|ve|мен|және|va|та|і)\s+|\s+and\s+(?=the\s)|,?\s+(?:сондай-ақ|а также)\s+|\s+(?:and|ve)\s+(?=[A-Z]{2}))",
        chunk,
    ):
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
        joiner = re.fullmatch(r",?\s+(?:and|и|və|ve|мен|және|va|та|і)\s+", token or "")
        if joiner and depth == 0:
            pieces.append(current)
            current = ""
        else:
            current += token or ""
    pieces.append(current)
    names: list[str] = []
    for piece in (piece for piece in pieces if piece.strip(" ,")):
        if names and not INSTITUTION_WORDS.search(piece):
            names[-1] = f"{names[-1]} and {piece.strip()}"
        else:
            names.append(piece)
    return [_party_name(name) for name in names]


def _party_name(chunk: str) -> str:
    name = chunk.strip(" ,;:(“”\"'«»")
    name = re.sub(r"(?i)^(?:and|и|və|ve|мен|va)\s+", "", name)
    name = re.sub(r",?\s*(?:represented by|в лице|in the person of|атынан|tərəfindən təmsil).*$", "", name, flags=re.I)
    return name if 2 <= len(name.split()) <= 40 and INSTITUTION_WORDS.search(name) else ""
