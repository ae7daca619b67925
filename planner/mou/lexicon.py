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
        ),
        "heritage_route": r"\broutes?\b|thematic travel|study trips?|itinerar",
        "working_group": r"working groups?",
        "research": r"research|scientific stud",
        "conservation": r"conservation|restoration",
        "training": r"training|\bcourses?\b|master[\s-]?class|workshop",
        "publication_exchange": r"literature|catalogues?|catalogs?|periodicals?|publications?",
        "festival": r"festival",
        "film": r"\bfilm|cinema",
        "photography": r"photograph",
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
        "staff_exchange": r"специалист|делегац|стажиров|обмен\w* опыт",
        "heritage_route": r"маршрут|путешеств|поездк|туризм|тур\b",
        "working_group": r"рабоч\w* групп",
        "research": r"исследован|научн\w* изучен",
        "conservation": r"реставрац|консервац",
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
        "staff_exchange": r"mütəxəssis|nümayəndə|təcrübə mübadiləsi|staj",
        "heritage_route": r"marşrut|səyahət|səfər|turizm",
        "working_group": r"işçi qrup",
        "research": r"tədqiqat|araşdırma",
        "conservation": r"bərpa|konservasiya",
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
        "staff_exchange": r"маман|делегац|тағылымдама|тәжірибе алмас",
        "heritage_route": r"маршрут|саяхат|сапар|туризм|географиялық бағыт",
        "working_group": r"жұмыс топ",
        "research": r"зерттеу",
        "conservation": r"реставрац|консервац|қалпына келтіру",
        "training": r"оқыту|тренинг|курс|біліктілік",
        "publication_exchange": r"әдебиет|каталог|мерзімді басылым|басылымдар",
        "festival": r"фестивал",
        "film": r"фильм|кино",
        "photography": r"фото",
        "crafts": r"[қк]олөнер",
        "information_exchange": r"ақпарат алмас|үйлестір|жұмыс жоспар",
    },
}
ACTIVITY_PATTERNS = {
    language: {kind: re.compile(stems) for kind, stems in kinds.items()} for language, kinds in _ACTIVITY_STEMS.items()
}
ACTIVITY_PATTERNS["tr"] = ACTIVITY_PATTERNS["az"]

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
}
TERM_WORDS = re.compile(r"valid|in force|force|term|period|срок|действ|силу|qüvvə|müddət|күшіне|күшінде|мерзім")
RENEWAL_WORDS = re.compile(r"extend|renew|prolong|продлева|продлен|пролонг|uzadıl|uzad|ұзартыл|ұзарт")
NOTICE_WORDS = re.compile(r"notice|notif|уведомл|извещ|bildiriş|xəbərdar|хабарла|ескерт")
FREE_OF_CHARGE = re.compile(
    r"free of charge|without (?:any )?(?:charge|payment|compensation)|gratuitous|"
    r"безвозмездн|əvəzsiz|ödənişsiz|ақысыз|өтеусіз"
)
SEPARATE_AGREEMENT = re.compile(
    r"separate(?:ly concluded)? (?:agreement|contract)s?|separate agreements|"
    r"отдельн\w* (?:соглашени|договор)|ayrı(?:ca)? (?:\w+ )?(?:müqavilə|saziş)|"
    r"жеке (?:\w+ )?(?:келісім|шарт)"
)
