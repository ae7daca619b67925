"""Word stems the reader looks for, per language: data, not code. Stems cover inflected forms
and compounds (көрмелер, выставок, sərgilər, фотовыставка)."""

from __future__ import annotations

import re

_ACTIVITY_STEMS: dict[str, dict[str, str]] = {
    "en": {
        "exhibition": r"exhibition|exposition",
        "webinar": r"webinar|online[\s-]+conferenc\w*|video[\s-]?conferenc\w*",
        "seminar": r"seminar",
        "conference": r"conferenc|forum|symposi|congress",
        "staff_exchange": (
            r"specialist|delegation|internship|exchange of (?:\w+ ){0,2}experience|experience of (?:\w+ )?staff"
            r"|knowledge exchange|staff exchange|exchange of (?:museum )?staff"
            r"|exchang\w*\W+(?:of\W+)?(?:\w+\W+){0,3}?(?:experts|scholars|researchers|professionals|curators|conservators"
            r"|artists|scientists|academics|lecturers|writers|performers|cultural figures)"
            r"|(?:dispatch|sending|secondment)\w* of (?:\w+ ){0,2}(?:experts|scholars|researchers|staff|curators|artists)"
        ),
        "heritage_route": r"\broutes?\b|thematic travel|study trips?|itinerar",
        "working_group": r"working groups?",
        "research": r"research|scientific stud|case stud",
        "conservation": (
            r"conservation|conservator|restoration|restorer|safeguard"
            r"|(?:preserv|protect)\w* of (?:the )?(?:\w+ ){0,2}(?:cultural|heritage|monuments|assets|property|collections)"
        ),
        "training": r"training|\bcourses?\b|master[\s-]?class|workshop",
        "publication_exchange": r"literature|catalogues?|catalogs?|periodicals?|publications?",
        "festival": r"festival",
        "film": r"\bfilm|cinema",
        "photography": r"photograph|\bphoto",
        "crafts": r"\bcrafts?\b|handicraft",
        "information_exchange": (
            r"exchange (?:of )?information|information exchange|exchang\w* (?:\w+ ){0,2}information"
            r"|coordinat\w* (?:their|the) activit|work plans"
        ),
    },
    "ru": {
        "exhibition": r"выстав|экспозиц",
        "webinar": r"вебинар|онлайн[\s-]+конференц\w*|видеоконференц\w*",
        "seminar": r"семинар",
        "conference": r"конференц|форум|симпозиум|конгресс",
        "staff_exchange": (
            r"специалист|делегац|стажиров|обмен\w* опыт"
            r"|обмен\w* (?:\w+ ){0,3}?(?:учены|деятел|артист|художник|эксперт|исследовател|преподавател)"
        ),
        "heritage_route": r"маршрут|путешеств|поездк|туризм|тур\b",
        "working_group": r"рабоч\w* групп",
        "research": r"исследован|научн\w* изучен",
        "conservation": r"реставрац|консервац|(?:сохранени|охран)\w* (?:\w+ ){0,2}(?:ценност|наследи|памятник|коллекц)",
        "training": r"обучени|тренинг|курс|мастер-класс|повышени\w* квалификац",
        "publication_exchange": r"литератур|каталог|периодическ\w* издани|публикац",
        "festival": r"фестивал",
        "film": r"фильм|кино",
        "photography": r"фото",
        "crafts": r"рем[её]сл|рем[её]сел|промысл",
        "information_exchange": r"обмен\w* информаци|обмениват\w* информаци|координир|рабоч\w* план",
    },
    "az": {
        "exhibition": r"sərgi|ekspozisiya",
        "webinar": r"vebinar|onlayn[\s-]+konfrans\w*|video[\s-]?konfrans\w*",
        "seminar": r"seminar",
        "conference": r"konfrans|forum|simpozium|konqres",
        "staff_exchange": r"mütəxəssis|nümayəndə|təcrübə mübadiləsi|staj|(?:alim|xadim|rəssam|ekspert)\w*(?: \w+){0,3} mübadilə",
        "heritage_route": r"marşrut|səyahət|səfər|turizm",
        "working_group": r"işçi qrup",
        "research": r"tədqiqat|araşdırma",
        "conservation": r"bərpa|konservasiya|(?:sərvət|irs|abidə)\w* (?:qorun|mühafizə)",
        "training": r"təlim|kurs|ustad dərs",
        "publication_exchange": r"ədəbiyyat|kataloq|dövri nəşr|nəşrlər",
        "festival": r"festival",
        "film": r"film|kino",
        "photography": r"foto",
        "crafts": r"sənətkarlıq|əl işi|əl işləri|sənətkar",
        "information_exchange": r"məlumat mübadiləsi|məlumat mübadilə|əlaqələndir|iş plan",
    },
    "kk": {
        "exhibition": r"көрме|экспозиц",
        "webinar": r"вебинар|онлайн[\s-]+конференц\w*|онлайн[\s-]+конференция|бейнеконференц\w*",
        "seminar": r"семинар",
        "conference": r"конференц|форум|симпозиум|конгресс",
        "staff_exchange": r"маман|делегац|тағылымдама|тәжірибе алмас|(?:ғалым|қайраткер|суретші|сарапш)\w*(?: \w+){0,4} алмас",
        "heritage_route": r"маршрут|саяхат|сапар|туризм|географиялық бағыт",
        "working_group": r"жұмыс топ",
        "research": r"зерттеу",
        "conservation": r"реставрац|консервац|қалпына келтіру|(?:құндылық|мұра|ескерткіш)\w* (?:сақта|қорға)",
        "training": r"оқыту|тренинг|курс|біліктілік",
        "publication_exchange": r"әдебиет|каталог|мерзімді басылым|басылымдар",
        "festival": r"фестивал",
        "film": r"фильм|кино",
        "photography": r"фото",
        "crafts": r"[қк]олөнер",
        "information_exchange": r"ақпарат алмас|үйлестір|жұмыс жоспар",
    },
    "tr": {
        "exhibition": r"sergi|eksposizyon",
        "webinar": r"webinar|çevrim ?içi konferans\w*|online konferans\w*|video ?konferans\w*",
        "seminar": r"seminer",
        "conference": r"konferans|sempozyum|forum|kongre",
        "staff_exchange": r"uzman|heyet|stajyer|staj\b|deneyim\w* (?:değiş|paylaş|aktar)|personel değiş"
        r"|(?:bilim insan|bilim adam|sanatçı|akademisyen)\w*(?: \w+){0,3} (?:değiş|mübadele)",
        "heritage_route": r"rota|güzergah|gezi|seyahat|turizm",
        "working_group": r"çalışma grub",
        "research": r"araştırma|bilimsel çalışma",
        "conservation": r"restorasyon|konservasyon|korunma|koruma",
        "training": r"eğitim|kurs|atölye|ustalık sınıf",
        "publication_exchange": r"yayın|katalog|edebiyat|süreli yayın|kitap",
        "festival": r"festival",
        "film": r"film|sinema",
        "photography": r"fotoğraf|foto",
        "crafts": r"el sanat|zanaat|el işi",
        "information_exchange": r"bilgi (?:alışveriş|değiş|paylaş)|koordin|çalışma plan",
    },
    "uz": {
        "exhibition": r"ko'rgazma|кўргазма|ekspozitsiya|экспозиция",
        "webinar": r"vebinar|вебинар|onlayn[\s-]+konferensiya\w*|онлайн[\s-]+конференция\w*|videokonferensiya",
        "seminar": r"seminar|семинар",
        "conference": r"konferensiya|конференция|forum|форум|simpozium|симпозиум|kongress|конгресс",
        "staff_exchange": r"mutaxassis|мутахассис|delegatsiya|делегация|tajriba almash|тажриба алмаш|stajirovka|стажировка"
        r"|(?:olim|san'atkor|ijodkor|ekspert)\w*(?: \w+){0,3} almash",
        "heritage_route": r"marshrut|маршрут|sayohat|саёҳат|safar|сафар|turizm|туризм",
        "working_group": r"ishchi guruh|ишчи гуруҳ",
        "research": r"tadqiqot|тадқиқот|izlanish|изланиш",
        "conservation": (
            r"restavratsiya|реставрация|konservatsiya|консервация|ta'mirla|(?:boylik|meros|yodgorlik)\w* (?:asra|saqla|muhofaza)"
        ),
        "training": r"o'qitish|ўқитиш|trening|тренинг|kurs|курс|malaka oshirish|малака ошириш",
        "publication_exchange": r"adabiyot|адабиёт|katalog|каталог|nashr|нашр",
        "festival": r"festival|фестивал",
        "film": r"film|фильм|kino|кино",
        "photography": r"foto|фото",
        "crafts": r"hunarmand|ҳунарманд|qo'l mehnati|amaliy san'at|амалий санъат",
        "information_exchange": r"axborot almash|ахборот алмаш|ma'lumot almash|маълумот алмаш|muvofiqlashtir|ish reja",
    },
    "uk": {
        "exhibition": r"виставк|експозиц",
        "webinar": r"вебінар|онлайн[\s-]+конференц\w*|відеоконференц\w*",
        "seminar": r"семінар",
        "conference": r"конференц|форум|симпозіум|конгрес",
        "staff_exchange": (
            r"фахівц|спеціаліст|делегац|стажуванн|обмін\w* досвід|обмін\w* (?:\w+ ){0,3}?(?:науковц|вчен|митц|діяч|експерт)"
        ),
        "heritage_route": r"маршрут|подорож|поїздк|туризм",
        "working_group": r"робоч\w* груп",
        "research": r"дослідж",
        "conservation": r"реставрац|консервац|(?:збереженн|охорон)\w* (?:\w+ ){0,2}(?:цінност|спадщин|пам'ят|колекц)",
        "training": r"навчанн|тренінг|курс|майстер-клас|підвищенн\w* кваліфікац",
        "publication_exchange": r"літератур|каталог|періодичн\w* видан|публікац",
        "festival": r"фестивал",
        "film": r"фільм|кіно",
        "photography": r"фото",
        "crafts": r"ремесл|ремісн|промис",
        "information_exchange": r"обмін\w* інформац|координ|робоч\w* план",
    },
}
NUMBER_WORDS = {
    # en
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "sixty": 60,
    "ninety": 90,
    # ru
    "один": 1,
    "одного": 1,
    "одну": 1,
    "одна": 1,
    "два": 2,
    "двух": 2,
    "три": 3,
    "трёх": 3,
    "трех": 3,
    "четыре": 4,
    "четырёх": 4,
    "четырех": 4,
    "пять": 5,
    "пяти": 5,
    "шесть": 6,
    "шести": 6,
    "десять": 10,
    "десяти": 10,
    "тридцать": 30,
    "тридцати": 30,
    # az
    "bir": 1,
    "iki": 2,
    "üç": 3,
    "dörd": 4,
    "beş": 5,
    "altı": 6,
    "yeddi": 7,
    "səkkiz": 8,
    "doqquz": 9,
    "on": 10,
    "otuz": 30,
    # kk
    "бір": 1,
    "екі": 2,
    "үш": 3,
    "төрт": 4,
    "бес": 5,
    "алты": 6,
    "жеті": 7,
    "сегіз": 8,
    "тоғыз": 9,
    "он": 10,
    "отыз": 30,
    # tr
    "dört": 4,
    "yedi": 7,
    "sekiz": 8,
    "dokuz": 9,
    # uz
    "ikki": 2,
    "uch": 3,
    "to'rt": 4,
    "besh": 5,
    "olti": 6,
    "yetti": 7,
    "o'n": 10,
    # uk (один, два, три, десять as in ru)
    "чотири": 4,
    "п'ять": 5,
    "п’ять": 5,
    "шість": 6,
    "тридцять": 30,
}
UNIT_WORDS = {
    "years": "year",
    "year": "year",
    "года": "year",
    "год": "year",
    "лет": "year",
    "летний": "year",
    "il": "year",
    "illik": "year",
    "жыл": "year",
    "жылға": "year",
    "жылдық": "year",
    "months": "month",
    "month": "month",
    "месяца": "month",
    "месяц": "month",
    "месяцев": "month",
    "ay": "month",
    "ай": "month",
    "weeks": "week",
    "week": "week",
    "недели": "week",
    "неделю": "week",
    "недель": "week",
    "həftə": "week",
    "апта": "week",
    "days": "day",
    "day": "day",
    "дней": "day",
    "дня": "day",
    "день": "day",
    "gün": "day",
    "күн": "day",
    "months’": "month",
    "months'": "month",
    "yıl": "year",
    "yıllık": "year",
    "yil": "year",
    "yilga": "year",
    "oy": "month",
    "hafta": "week",
    "kun": "day",
    "рік": "year",
    "роки": "year",
    "років": "year",
    "місяць": "month",
    "місяці": "month",
    "місяців": "month",
    "тиждень": "week",
    "тижні": "week",
    "днів": "day",
    "дні": "day",
    "yr": "year",
}

# In Cyrillic and Turkic languages a stem starts a word ("культур" is no tour, "конкурс" no
# course), or follows a compound head ("фотовыставка", "fotosərgi", "бейнеконференция"):
# activities.py checks each match (a look-behind in the patterns would slow every search).
WORD_START_LANGUAGES = frozenset({"ru", "uk", "kk", "az", "tr", "uz"})
COMPOUND_HEADS = frozenset(
    {
        "фото",
        "видео",
        "відео",
        "кино",
        "кіно",
        "бейне",
        "медиа",
        "медіа",
        "арт",
        "foto",
        "video",
        "kino",
        "media",
        "art",
    }
)


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern (a `|` outside groups and classes)."""
    found, depth, current, position = [], 0, "", 0
    while position < len(pattern):
        char = pattern[position]
        if char == "\\":
            current, position = current + pattern[position : position + 2], position + 2
            continue
        if char == "[":
            end = pattern.index("]", position + 2)
            current, position = current + pattern[position : end + 1], end + 1
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            found.append(current)
            current = ""
        else:
            current += char
        position += 1
    return [*found, current]


def _group_end(pattern: str) -> int:
    """The index of the parenthesis closing the group that opens the pattern."""
    depth = 0
    for index, char in enumerate(pattern):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return index
    return len(pattern)


def _letter_first(alternative: str) -> list[str]:
    """The alternative as alternatives that each begin with a letter, in the same order and
    matching exactly where it matches: a leading group or class distributed over the rest,
    a leading \\b moved behind the first letter."""
    if alternative.startswith("\\b"):
        letter, rest = alternative[2], alternative[3:]
        return [rf"{letter}(?<!\w{letter}){rest}"]
    if alternative.startswith("["):
        end = alternative.index("]")
        return [letter + alternative[end + 1 :] for letter in alternative[1:end]]
    if alternative.startswith("(?:"):
        end = _group_end(alternative)
        inner, rest = alternative[3:end], alternative[end + 1 :]
        if rest[:1] in ("?", "*", "+", "{"):
            return [alternative]  # an optional group: kept whole
        return [found for part in alternatives(inner) for found in _letter_first(part + rest)]
    return [alternative]


def flat_alternation(patterns: list[str], word_start: bool = False) -> str:
    """One flat alternation whose every branch begins with a letter: Python's engine then
    skips ahead by the set of first letters instead of trying every stem at every place
    (3 to 40 times faster on a clause, with the same matches as the grouped pattern). Only
    without IGNORECASE: match lowered text. `word_start`: each branch only at a word's start
    (the check placed behind its first letter, which keeps the skipping)."""
    flat = [branch for pattern in patterns for part in alternatives(pattern) for branch in _letter_first(part)]
    if word_start:
        flat = [rf"{branch[0]}(?<![\w'’]{branch[0]}){branch[1:]}" for branch in flat]
    return "|".join(flat)


def _stems_pattern(stems: list[str]) -> re.Pattern:
    return re.compile(flat_alternation(stems))


ACTIVITY_PATTERNS = {
    language: {kind: _stems_pattern([stems]) for kind, stems in kinds.items()}
    for language, kinds in _ACTIVITY_STEMS.items()
}
ANY_ACTIVITY = {language: _stems_pattern(list(kinds.values())) for language, kinds in _ACTIVITY_STEMS.items()}

# A thing only mentioned ("materials of the conference", "results of research", "the
# literature of each country") is not an activity the parties undertake: the words just
# before or just after the activity word say so.
_MENTIONED_BEFORE = {
    "en": r"(?:materials?|results?|outcomes?|findings|proceedings|reports?|records|history|achievements|documents?)"
    r" of (?:the |such |joint |these |their |this |that |any )?(?:\w+ )?$",
    "ru": r"(?:материал\w*|результат\w*|итог\w*|выводы|отчёт\w*|отчет\w*)\s+(?:\w+\s+)?$",
    "uk": r"(?:матеріал\w*|результат\w*|підсумк\w*|звіт\w*)\s+(?:\w+\s+)?$",
    "az": r"(?:ölkənin|ölkələrin|xalqın|xalqların)\s+$",
    "kk": r"(?:елдің|елдердің|халықтың|халықтардың)\s+$",
    "tr": r"(?:ülkenin|ülkelerin|halkın)\s+$",
    "uz": r"(?:mamlakatning|mamlakatlarning|xalqning)\s+$",
}
_MENTIONED_AFTER = {
    "en": r"^\w*\s+of\s+(?:each|both|the two|their|the other|either)\s+(?:countr|people|nation|part|state)",
    "ru": r"^\w*\s+(?:каждой|обеих|двух|других)\s+(?:стран|народ|государств)",
    "uk": r"^\w*\s+(?:кожної|обох|двох)\s+(?:країн|народ|держав)",
    "az": r"^\w*\s+(?:material|nəticə|yekun|hesabat)",
    "kk": r"^\w*\s+(?:материал|нәтиже|қорытынды|есеп)",
    "tr": r"^\w*\s+(?:materyal|malzeme|sonuç|bulgu|rapor)",
    "uz": r"^\w*\s+(?:material|natija|hisobot)",
}
MENTIONED_BEFORE = {language: re.compile(pattern) for language, pattern in _MENTIONED_BEFORE.items()}
MENTIONED_AFTER = {language: re.compile(pattern) for language, pattern in _MENTIONED_AFTER.items()}

NEXT_PERIOD = re.compile(
    r"(?:next|further|another|subsequent|successive|additional|следующ\w*|последующ\w*|очередн\w*|növbəti|"
    r"келесі|sonraki|müteakip|keyingi|наступн\w*)\s+(?:\S+\s+){0,2}$"
)
TERM_WORDS = re.compile(
    r"valid|in force|force|term\b|period|duration|effective|remain|срок|действ|силу|qüvvə|müddət|күшіне|күшінде|"
    r"мерзім|yürürlük|süre|geçerli|kuchga|amal qil|muddat|чинн|строк|дійсн"
)
RENEWAL_WORDS = re.compile(
    r"extend|renew|prolong|продлева|продлен|пролонг|uzadıl|uzad|ұзартыл|ұзарт|uzatıl|yenilen|uzaytiril|"
    r"продовжу|подовж|пролонг"
)
AUTOMATIC = re.compile(
    r"automatic|tacit|unless|автоматическ|если ни одна|avtomatik|автоматты|otomatik|автоматичн|"
    r"(?:shall|will) be (?:deemed )?(?:extended|renewed) for (?:a |an )?(?:further|another|subsequent|successive)"
)
BY_AGREEMENT = re.compile(
    r"exchange of (?:letters|notes)|mutual (?:written )?(?:consent|agreement)|written consent|by agreement|"
    r"agreed (?:upon )?by the parties|взаимно\w* согласи|по согласованию|обмен\w* письм|qarşılıqlı razılı|"
    r"razılaşma (?:ilə|əsasında)|өзара келісім|karşılıklı (?:mutabakat|rıza|anlaşma)|o'zaro kelishuv|"
    r"взаємн\w* згод|за згодою"
)
INDEFINITE = re.compile(
    r"indefinite|unlimited period|until (?:it is )?terminated|until (?:one|either) of the parties|"
    r"бессрочн|неопредел[её]нн\w* срок|до тех пор,? пока|müddətsiz|qeyri-müəyyən müddət|мерзімсіз|"
    r"белгісіз мерзім|süresiz|belirsiz (?:bir )?süre|muddatsiz|безстроков|невизначен\w* строк"
)
NOTICE_WORDS = re.compile(
    r"notice|notif|уведомл|извещ|bildiriş|xəbərdar|хабарла|ескерт|bildirim|ihbar|xabardor|bildirish|повідом"
)
TERMINATION_WORDS = re.compile(
    r"terminat|denounc|withdraw|прекрат|расторг|денонс|xitam|ləğv|тоқтат|бұз|fesh|sona erdir|bekor|"
    r"to'xtat|припин|розірв"
)
BEFORE_EXPIRY = re.compile(
    r"before (?:the )?(?:expir|end|expiration)|prior to (?:the )?(?:expir|end)|до истечени|до окончани|"
    r"bitməsinə|başa çatmasına|аяқталуына|мерзім аяқтал|sona ermesinden|bitiminden|tugashiga|до закінчення"
)
FREE_OF_CHARGE = re.compile(
    r"free of charge|without (?:any )?(?:charge|payment|compensation)|gratuitous|"
    r"безвозмездн|əvəzsiz|ödənişsiz|ақысыз|өтеусіз|ücretsiz|karşılıksız|bepul|tekin|безоплатн|безкоштовн"
)
MUTUALLY_DETERMINED = re.compile(
    r"(?:costs?|expenses?|financ\w*)[^.;]{0,80}(?:mutually (?:determined|agreed|decided)|agreed (?:up)?on by the parties|"
    r"determined by mutual)|mutually determined|по взаимно\w* (?:договор[её]нност|согласи)|"
    r"qarşılıqlı razılaşma (?:ilə|əsasında) müəyyən|өзара келісім бойынша айқындал|karşılıklı olarak belirlen|"
    r"o'zaro kelishuv asosida belgilan|за взаємною (?:згодою|домовленістю)"
)
COMPENSATED = re.compile(
    r"on a (?:compensat|reimburs|paid|fee)\w* basis|возмездн\w* основ|əvəzli|өтеулі|ücretli|haq evaziga|на оплатн"
)
COST_WORDS = re.compile(
    r"cost|expens|bear|pay|cover|fund|расход|затрат|нес[её]т|оплачива|покрыва|xərc|ödə|шығын|төле|masraf|gider|"
    r"karşıla|öde|xarajat|to'la|витрат|оплачу|покрива"
)
PAYERS = tuple(
    (role, re.compile(pattern))
    for role, pattern in (
        (
            "sending_party",
            r"sending (?:party|side|institution)|направляющ\w* сторон|göndərən tərəf|жіберуші тарап|"
            r"gönderen taraf|yuboruvchi tomon|направляюч\w* сторон",
        ),
        (
            "receiving_party",
            r"(?:receiving|host(?:ing)?|inviting) (?:party|side|institution)|принимающ\w* сторон|"
            r"qəbul edən tərəf|қабылдаушы тарап|ev sahibi taraf|kabul eden taraf|qabul qiluvchi tomon|приймаюч\w* сторон",
        ),
        (
            "each_party",
            r"each (?:party|side)|own (?:costs|expenses)|каждая (?:из )?сторон|собственны\w* расход|"
            r"hər (?:bir )?tərəf|әр тарап|her (?:bir )?taraf|har bir tomon|кожна (?:зі )?сторін",
        ),
    )
)
SEPARATE_AGREEMENT = re.compile(
    r"separate(?:ly concluded)? (?:\w+ )?(?:agreement|contract|arrangement)s?|individual (?:working )?agreement|"
    r"specific (?:project )?agreements|implementing (?:agreements|arrangements|protocols)|"
    r"отдельн\w* (?:\w+ )?(?:соглашени|договор|контракт)|ayrı(?:ca)? (?:\w+ )?(?:müqavilə|saziş|razılaşma)|"
    r"жеке (?:\w+ )?(?:келісім|шарт)|ayrı (?:\w+ )?(?:anlaşma|sözleşme|protokol)|"
    r"alohida (?:\w+ )?(?:shartnoma|kelishuv)|окрем\w* (?:\w+ )?(?:договор|угод)"
)
SIGNING_WORDS = re.compile(
    r"sign|done (?:at|in)|made (?:and entered )?|entered into|concluded|подписан|совершен|составлен|заключ|"
    r"imzala|bağlan|tərtib|қол қой|жасал|imzalan|imzol|tuzil|имзол|тузил|підписан|вчинен|укладен"
)
_CAPITAL = "A-ZА-ЯЁӘӨҰҮҚҒҺІЇЄЎҲƏÇĞİÖŞÜ"
PLACE_PATTERNS = tuple(
    re.compile(pattern)
    for pattern in (
        r"(?:[Dd]one|DONE|[Ss]igned|SIGNED|[Mm]ade|MADE)\b[^.;]{0,60}?\b(?:at|in|AT|IN) (?:the city of )?"
        r"(?P<place>[A-Z][\w-]+(?: (?!(?:ON|THIS|THE|IN|AT|AND)\b)[A-Z][\w-]+)?)",
        r"(?:в городе|в г\.|г\.)\s*(?P<place>[А-ЯЁ][\w-]+)",
        r"(?P<place>[A-ZÇĞİÖŞÜ][\w-]+)['’](?:da|de|ta|te)\b",
        r"(?P<place>[A-ZƏÇĞİÖŞÜ][\w-]+) şəhərində",
        r"(?P<place>[А-ЯӘӨҰҮҚҒ][\w-]+) қаласында",
        r"(?P<place>[A-Z][\w'-]+) shahrida",
        r"(?P<place>[А-ЯЎҚҒҲ][\w-]+) шаҳрида",
        r"(?:у|в) (?:місті|м\.)\s*(?P<place>[А-ЯІЇЄ][\w'’-]+)",
        # a place before the date on a dated line: "(Москва, 14 апреля 1993 года)", "Baku, 12 May 2020"
        rf"(?:^|\()[ \t]*(?P<place>[{_CAPITAL}][\w'’-]+(?:[ -][{_CAPITAL}][\w'’-]+)?),[ \t]*[«\"“]?\d",
    )
)
_ALIAS = r"[^,;)“\"«”»]{0,60}(?:[“\"«'][^”\"»']{0,60}[”\"»'])?[ \t]*\)?"
NOT_PLACES = re.compile(
    r"(?:English|Russian|Azerbaijani|Kazakh|Turkish|Uzbek|Ukrainian|French|German|Spanish|Arabic|Chinese|Georgian"
    r"|Two|Three|Four|Duplicate|Triplicate|Witness|Accordance|Article|Статья|Стаття|Madde|Maddə|Modda|Date|Дата)\b",
    re.IGNORECASE,
)
HEREINAFTER = re.compile(
    r"\(?\s*(?:hereinafter|hereafter|henceforth|именуем\w*(?:\s+(?:в дальнейшем|далее))?|далее|в дальнейшем"
    r"|bundan (?:sonra|böyle)|бұдан (?:әрі|кейін)"
    r"|bundan buyon|надалі|далі|keyingi o'rinlarda)\b" + _ALIAS,
    re.IGNORECASE,
)
INSTITUTION_WORDS = re.compile(
    r"government|ministry|museum|universit|cent(?:er|re)|institut|reserve|network|agency|council|library|academy|"
    r"foundation|committee|department|office|school|college|gallery|archive|society|association|enterprise|"
    r"правительств|министерств|музе|университет|центр|институт|заповедник|библиотек|академи|фонд|комитет|"
    r"предприяти|hökumət|nazirli|muzey|universitet|mərkəz|institut|qoru|kitabxana|akademi|komitə|müəssisə|"
    r"үкімет|министрлі|музей|орталы|қоры|кітапхана|комитет|кәсіпорн|hükümet|bakanlı|müze|üniversite|merkez|"
    r"enstitü|kurum|yönetim|vazirli|markaz|kutubxona|уряд|міністерств|музей|університет|інститут|заповідник|unmik|"
    r"галере|qalereya|galeri|театр|teatr|tiyatro|архив|arxiv|arşiv",
    re.IGNORECASE,
)
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "january jan январь января январе yanvar ocak қаңтар қаңтардағы січня січень",
            "february feb февраль февраля fevral şubat ақпан лютого лютий",
            "march mar март марта mart наурыз березня березень",
            "april apr апрель апреля aprel nisan сәуір квітня квітень",
            "may май мая may mayıs мамыр травня травень",
            "june jun июнь июня iyun haziran маусым червня червень",
            "july jul июль июля iyul temmuz шілде липня липень",
            "august aug август августа avqust avgust ağustos тамыз серпня серпень",
            "september sep sept сентябрь сентября sentyabr eylül қыркүйек вересня вересень",
            "october oct октябрь октября oktyabr ekim қазан жовтня жовтень",
            "november nov ноябрь ноября noyabr kasım қараша қарашада листопада листопад",
            "december dec декабрь декабря dekabr aralık желтоқсан грудня грудень",
        ),
        start=1,
    )
    for name in names.split()
}

_ORDINAL_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_ORDINAL_TEENS = "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
ORDINAL_DAYS = {name: number for number, name in enumerate(_ORDINAL_UNITS, start=1)}
ORDINAL_DAYS |= {name: number for number, name in enumerate(_ORDINAL_TEENS.split(), start=10)}
ORDINAL_DAYS |= {"twentieth": 20, "thirtieth": 30, "thirty-first": 31, "thirty first": 31}
ORDINAL_DAYS |= {f"twenty{gap}{name}": 20 + n for n, name in enumerate(_ORDINAL_UNITS, start=1) for gap in "- "}

# Days written in words, in every supported language: the words of the units 1-9, the teens
# (10-19) and the tens (20, 30), each as a cardinal and an ordinal in the forms a date takes
# ("двадцать второго апреля", "двадцять другого квітня", "yirmi ikinci Nisan", "iyirmi ikinci
# mart", "yigirma ikkinchi iyun", "жиырма екінші сәуір"); a compound day is a ten and a unit.
# The Turkic "on" (ten) alone is no day: English "on April …" would read as the 10th.
_DAY_UNITS = {
    "ru": "перв втор трет четвёрт|четверт пят шест седьм восьм девят",
    "uk": "перш друг трет четверт п'ят|п’ят шост сьом восьм дев'ят|дев’ят",
    "tr": "bir|birinci iki|ikinci üç|üçüncü dört|dördüncü beş|beşinci altı|altıncı yedi|yedinci sekiz|sekizinci "
    "dokuz|dokuzuncu",
    "az": "bir|birinci iki|ikinci üç|üçüncü dörd|dördüncü beş|beşinci altı|altıncı yeddi|yeddinci "
    "səkkiz|səkkizinci doqquz|doqquzuncu",
    "uz": "bir|birinchi ikki|ikkinchi uch|uchinchi to'rt|to'rtinchi besh|beshinchi olti|oltinchi yetti|yettinchi "
    "sakkiz|sakkizinchi to'qqiz|to'qqizinchi",
    "kk": "бір|бірінші екі|екінші үш|үшінші төрт|төртінші бес|бесінші алты|алтыншы жеті|жетінші сегіз|сегізінші "
    "тоғыз|тоғызыншы",
}
_DAY_TENS = {  # 10 (alone: a teen's stem or ordinal), 20 and 30 as they start a compound or stand alone
    "ru": ("десят", "двадцат|двадцать", "тридцат|тридцать"),
    "uk": ("десят", "двадцят|двадцять", "тридцят|тридцять"),
    "tr": ("onuncu", "yirmi|yirminci", "otuz|otuzuncu"),
    "az": ("onuncu", "iyirmi|iyirminci", "otuz|otuzuncu"),
    "uz": ("o'ninchi|o‘ninchi", "yigirma|yigirmanchi|yigirmanchi", "o'ttiz|o'ttizinchi|o‘ttiz|o‘ttizinchi"),
    "kk": ("оныншы", "жиырма|жиырмасыншы", "отыз|отызыншы"),
}
_SLAVIC_TEENS = {
    "ru": "одиннадцат двенадцат тринадцат четырнадцат пятнадцат шестнадцат семнадцат восемнадцат девятнадцат",
    "uk": "одинадцят дванадцят тринадцят чотирнадцят п'ятнадцят|п’ятнадцят шістнадцят сімнадцят вісімнадцят "
    "дев'ятнадцят|дев’ятнадцят",
}
_TURKIC_TEN = {"tr": "on", "az": "on", "uz": "o'n|o‘n", "kk": "он"}
_SLAVIC_ENDING = r"(?:ого|его|ьего|ього|ое|ье|ий|ый|ій|ій|е)"  # "второго", "третьего", "третього", "первое"


def _day_words() -> dict[str, int]:
    """A pattern per day number (1-31): its words in every language, as alternatives."""
    days: dict[int, list[str]] = {day: [] for day in range(1, 32)}
    for language, units in _DAY_UNITS.items():
        slavic = language in _SLAVIC_TEENS
        unit_words = [f"(?:{stem}){_SLAVIC_ENDING}" if slavic else f"(?:{stem})" for stem in units.split()]
        ten, twenty, thirty = (
            f"(?:{words}){_SLAVIC_ENDING}" if slavic else f"(?:{words})" for words in _DAY_TENS[language]
        )
        bare_twenty, bare_thirty = (
            (f"(?:{words.split('|')[-1]})" for words in _DAY_TENS[language][1:]) if slavic else (twenty, thirty)
        )
        for unit, word in enumerate(unit_words, start=1):
            days[unit].append(word)
            days[20 + unit].append(rf"{bare_twenty}[ \t-]+{word}")
            if unit == 1:
                days[31].append(rf"{bare_thirty}[ \t-]+{word}")
            if not slavic:
                days[10 + unit].append(rf"(?:{_TURKIC_TEN[language]})[ \t-]+{word}")
        if slavic:
            for teen, stem in enumerate(_SLAVIC_TEENS[language].split(), start=11):
                days[teen].append(f"(?:{stem}){_SLAVIC_ENDING}")
        days[10].append(ten)
        days[20].append(twenty)
        days[30].append(thirty)
    for name, day in ORDINAL_DAYS.items():
        days[day].append(re.escape(name).replace("\\ ", "[ \\t]+"))
    return {"|".join(words): day for day, words in days.items()}


DAY_WORDS = _day_words()
_CARDINALS = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
_CARDINALS += " seventeen eighteen nineteen"
YEAR_WORDS = {name: number for number, name in enumerate(_CARDINALS.split(), start=1)}
YEAR_WORDS |= {
    name: 10 * n
    for n, name in enumerate(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], 2)
}
YEAR_WORDS |= {"hundred": 100, "thousand": 1000, "and": 0}

# The agreement itself as the subject of a sentence about a term, and the other things that
# have periods of their own (a programme, a plan, a project, a loan): a term belongs to the
# agreement only when the nearest of these before it is the agreement.
AGREEMENT_NOUNS = re.compile(
    r"memorand|agreement|(?<!\w)mou(?!\w)|меморандум|соглашени|договор|угод|келісім|anlaşma|mutabakat zapt|saziş|"
    r"müqavilə|sözleşme|kelishuv|bitim|shartnoma|^(?:it|он|оно|ол|o|u|він|воно)(?!\w)"
)
OTHER_SUBJECTS = re.compile(
    r"programm?e?s?(?!\w)|(?<!\w)plans?(?!\w)|project|exhibition|loan|internship|fellowship|scholarship|visit|stay|"
    r"программ|(?<!\w)план|проект|выставк|стажиров|визит|бағдарлама|жоспар|(?<!\w)жоба|көрме|proqram|(?<!\w)plan|"
    r"layihə|sərgi|(?<!\w)program|proje|sergi|staj|dastur|(?<!\w)reja|loyiha|ko'rgazma|програм|проєкт|виставк"
)
ENTRY_INTO_FORCE = re.compile(
    r"enters? into force|entry into force|вступает в силу|вступ\w* в силу|күшіне ен|yürürlüğe gir|qüvvəyə min|"
    r"kuchga kir|набирає чинності|набуває чинності"
)
# "… and thereafter until one year after notice": open-ended once the first period is over
THEREAFTER = re.compile(
    r"thereafter|after that|затем|впоследствии|после этого|в дальнейшем|потім|після цього|надалі|daha sonra|"
    r"bundan sonra|ondan sonra|sonrasında|одан кейін|бұдан кейін|keyinchalik|shundan so'ng|undan keyin"
)
UNTIL_WORDS = re.compile(r"(?:until|till|до истечения|до|до закінчення|дейін|gacha|kadar|qədər)\s+(?:\S+\s+){0,2}$")
AFTER_NOTICE = re.compile(
    r"^['’s]*\s+(?:of\s+)?(?:(?:written|prior|advance)\s+)*(?:notice|notif)|^\s+(?:after|from|following|с|після|з)\s"
)
NOTICE_BEFORE = re.compile(r"(?:bildiri|ihbar|хабарла|ескерт|xabardor|bildirish|xəbərdar)\w*\s+(?:\S+\s+){0,4}$")
