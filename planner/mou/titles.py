"""A short title per language version: the memorandum's kind and its parties ("Memorandum
between the Ganja State Historical and Cultural Reserve and the Aziret Sultan museum-reserve"),
never a cut sentence. Parties come from the preamble's "hereinafter" phrases, or else from
the title block ("A / and / B / between"); each is shortened to its own name."""

from __future__ import annotations

import re

from planner.mou.lexicon import INSTITUTION_WORDS

KINDS = re.compile(
    r"memorandum\w*|agreement|protocol|меморандум\w*|соглашени\w*|протокол\w*|угод\w*|келісім\w*|"
    r"mutabakat zapt\w*|anlaşma\w*|saziş\w*|kelishuv\w*|bitim\w*",
    re.IGNORECASE,
)
AND = {"en": "and", "ru": "и", "uk": "і", "kk": "және", "az": "və", "tr": "ve", "uz": "va"}
HEAD_FINAL = {"kk", "az", "tr", "uz"}  # the institution's own name ends its noun phrase
# Where a name goes on to say whose it is ("… Reserve under the State Service …")
QUALIFIER_AFTER = re.compile(r",|\s(?:under|attached to|at the|of the Ministry|of the Committee)\s|\s\(", re.IGNORECASE)
QUALIFIER_BEFORE = re.compile(
    r".*(?:tabeliyində fəaliyyət göstərən|temsil eden|təmsil olunan|yanında|nəzdində|verilmiş|жанындағы|берілген|бағынысты|bünyesindeki|"
    r"bağlı|qoshidagi|huzuridagi|tasarrufidagi|tabeliyidagi)\s+",
    re.IGNORECASE,
)
QUOTED = re.compile(r"[«\"“]([^«»\"“”]{2,60})[»\"”]")
CONJUNCTION_LINE = re.compile(r"^(?:and|и|і|та|мен|және|və|ve|va)$", re.IGNORECASE)
MAX_NAME_WORDS = 14
WORD = re.compile(r"\S+")
OWN_INSTITUTION = re.compile(
    r"muse|музе|muzey|müze|reserve|заповед|қорығ|qoru|galler|галере|qalerey|galeri|librar|библиот|бібліот|кітапхан|"
    r"kutubxona|kitabxana|theat|театр|teatr|tiyatro|universit|университет|університет|üniversite|institut|институт|"
    r"інститут|archive|архив|архів|arxiv|arşiv",
    re.IGNORECASE,
)
DANGLING = re.compile(r"^(?:and|of|the|и|і|та|мен|және|və|ve|va|of|for|at)$", re.IGNORECASE)
BETWEEN = re.compile(r"(?:^|\s)(?:arasında|арасында|o'rtasida|между|між|between)(?!\w)", re.IGNORECASE)


def kind_of(title: str, preamble: str) -> str:
    """The document's own word, as written but not shouted: "MEMORANDUM" -> "Memorandum";
    a memorandum word wins over an agreement word in the same title."""
    for text in (title, preamble[:600]):
        found = KINDS.findall(text)
        if found:
            word = next((w for w in found if w.lower().startswith(("memorand", "меморанд"))), found[0])
            return word[:1].upper() + word[1:].lower()
    return ""


def _institution_word(party: str, quote_start: int, quote_end: int, language: str) -> str:
    """The institution word nearest the quoted name, on the side the language puts it (after
    it in Turkic languages, before it elsewhere); a museum or reserve over an enterprise."""
    before = [m for m in WORD.finditer(party[:quote_start]) if INSTITUTION_WORDS.search(m.group())]
    after = [m for m in WORD.finditer(party[quote_end:]) if INSTITUTION_WORDS.search(m.group())]
    ordered = after + before[::-1] if language in HEAD_FINAL else before[::-1] + after
    words = [m.group().strip('«»"“”,') for m in ordered]
    return next((w for w in words if OWN_INSTITUTION.search(w)), words[0] if words else "").lower()


def short_name(party: str, language: str) -> str:
    """A party's own name: its quoted name with the institution word ("the Aziret Sultan
    museum-reserve", "музей-заповедник «Хазрет Султан»"), or its name without what it belongs
    to ("… Reserve under the State Service …" -> "… Reserve")."""
    party = " ".join(party.split()).strip(" ,.;")
    quoted = list(QUOTED.finditer(party))
    if quoted:
        last = quoted[-1]
        name = last.group(1).strip()
        institution = _institution_word(party, last.start(), last.end(), language)
        if language == "en":
            return f"the {name} {institution}".strip()
        return f"«{name}» {institution}".strip() if language in HEAD_FINAL else f"{institution} «{name}»".strip()
    if language in HEAD_FINAL:
        words = QUALIFIER_BEFORE.sub("", party).split()[-MAX_NAME_WORDS:]
    else:
        words = QUALIFIER_AFTER.split(party, 1)[0].split()[:MAX_NAME_WORDS]
    while words and DANGLING.match(words[-1]):
        words.pop()
    if words and words[0] == "The":
        words[0] = "the"
    return " ".join(words)


def title_block_parties(preamble: str) -> list[str]:
    """Parties named in a title block: the paragraph that ends in "and" (or the one before a
    lone "and") and what follows it up to "between" ("A / və / B arasında"), read the same
    whether the lines were kept apart (a text, a Word file) or run together (a PDF)."""
    paragraphs = [" ".join(p.split()) for p in preamble.split("\n\n") if p.strip()][:12]
    for index, paragraph in enumerate(paragraphs):
        words = paragraph.split()
        if not CONJUNCTION_LINE.match(words[-1]):
            continue
        before = " ".join(words[:-1]) if len(words) > 1 else (paragraphs[index - 1] if index else "")
        named = [before, _named_after(paragraphs[index + 1 : index + 7])]
        if all(INSTITUTION_WORDS.search(name) for name in named):
            return named
    return []


def _named_after(paragraphs: list[str]) -> str:
    """The second party: the title block's lines up to "between", never the sentence after."""
    kept: list[str] = []
    for paragraph in paragraphs:
        named = BETWEEN.split(paragraph, 1)
        if len(named) > 1:
            return " ".join([*kept, named[0]]).strip()
        if len(paragraph.split()) > 20 or paragraph.rstrip().endswith((".", ":", ";")):
            break
        kept.append(paragraph)
    return " ".join(kept)


def short_title(language: str, title: str, preamble: str, parties: list[str]) -> str:
    """The memorandum's kind and its parties in the version's language."""
    kind = kind_of(title, preamble) or ("Memorandum" if language == "en" else "")
    named = parties if len(parties) >= 2 else title_block_parties(preamble) or parties
    names = [name for name in (short_name(p, language) for p in named[:2]) if name]
    if not names:
        return kind
    joined = f" {AND.get(language, 'and')} ".join(names)
    if language == "en":
        return f"{kind} between {joined}"
    return f"{kind}: {joined}" if kind else joined
