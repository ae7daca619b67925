"""Corrections of recognised text by the script and language of each line (planner/mou/corrections.py):
each rule with a true fix and a false match it must not make. Pure functions, no Tesseract."""

from __future__ import annotations

from planner.mou.corrections import correct

KAZAKH = "Тараптар өз қызметін үйлестіріп, өзара қызығушылық тудыратын жұмыс жоспарлары жөнінде"
AZERBAIJANI = "Azərbaycan Respublikasının Mədəniyyət Nazirliyi yanında Mədəni İrsin Qorunması"


def test_a_heading_of_latin_look_alikes_and_a_digit_among_cyrillic_lines_is_cyrillic():
    assert correct(f"{KAZAKH}\n\n3-6an\n\n{KAZAKH}") == f"{KAZAKH}\n\n3-бап\n\n{KAZAKH}"
    assert correct(f"{KAZAKH} 3-6an бойынша") == f"{KAZAKH} 3-бап бойынша"


def test_a_word_mixing_the_scripts_takes_its_lines_script():
    assert correct("Стороны организуют cовместные выставки") == "Стороны организуют совместные выставки"
    assert correct("The Parties shall organise joint ехhibitions") == "The Parties shall organise joint exhibitions"


def test_a_lone_short_word_of_look_alikes_takes_its_lines_script():
    line = 'This Memorandum has been signed in 2026 іп 4 (four) copies in Azerbaijani, Kazakh and English'
    assert correct(line) == line.replace("іп", "in")


def test_numbers_and_latin_words_quoted_in_a_cyrillic_line_are_kept():
    for line in (
        "Article 6",
        "Article 6\n\nThe Parties shall organise joint exhibitions.",
        "музей-заповедник «Aziret Sultan» и фонд «Open Space» проводят выставки",
        "Стороны обмениваются данными по e-mail и через сайт www.example.org",
        "Статья 6 и пункт 6a настоящего Меморандума, раздел IT",
        "Стороны проводят выставки по программе «one or two» ежегодно",
        "От имени Сторон подписал Аманжол Дуkenbayev, директор музея",  # b, v: no Cyrillic look-alike
    ):
        assert correct(line) == line


def test_the_soft_sign_before_short_i_is_yeru():
    assert correct("Государственный историко-культурньй заповедник") == (
        "Государственный историко-культурный заповедник"
    )
    assert correct("СТАТУС НАЦИОНАЛЬНЬЙ МУЗЕЙ") == "СТАТУС НАЦИОНАЛЬНЫЙ МУЗЕЙ"


def test_the_soft_sign_elsewhere_and_latin_lines_are_kept():
    for line in ("Семья, статья, подъезд и объём работ остаются", "Tesseract ьй in a Latin line is kept as written"):
        assert correct(line) == line


def test_a_lone_vo_in_azerbaijani_is_and():
    assert correct(f"{AZERBAIJANI}\n\nvo\n\n{AZERBAIJANI}") == f"{AZERBAIJANI}\n\nvə\n\n{AZERBAIJANI}"
    assert correct(f"{AZERBAIJANI} vo Bərpası") == f"{AZERBAIJANI} və Bərpası"


def test_vo_outside_azerbaijani_or_inside_a_word_is_kept():
    for text in (
        "The Parties met in Volgograd and in vo\n\nthe vo of the Parties shall be kept",
        "Taraflar bu Mutabakat Zaptı çerçevesinde vo sergiler düzenleyecektir",
        f"{AZERBAIJANI} vokal volonter",
    ):
        assert correct(text) == text


def test_a_w_read_as_vv_in_english_is_w():
    line = "Memorandum of Understanding and Cooperation betvveen the Parties, VVHEREAS they agree"
    assert correct(line) == "Memorandum of Understanding and Cooperation between the Parties, WHEREAS they agree"


def test_english_words_with_vv_and_vv_outside_english_are_kept():
    for text in (
        "The Parties shall be savvy in the use of skivvies and navvy tools and revved engines",
        "Tərəflər vvebinarlar keçirə bilərlər və Azərbaycan Respublikasının Mədəniyyət",
        "Стороны проводят вебинары vv и выставки в рамках Меморандума",
    ):
        assert correct(text) == text
