"""Signatories' titles (#31 item 5): the reader finds each signatory's title in each version (as
signed in the signature block, else from the preamble in its signed form), the preview shows
names and titles per party and language, editable, and the saved draft keeps them."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from planner.agreements.importing import signatories_of_parties
from planner.agreements.models import Agreement, Institution
from planner.mou import parse_mou
from tests.conftest import csrf_token

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "004_e74de14cd5f9c810.txt"


def test_the_reader_gives_each_signatory_a_title_in_each_version():
    reading = parse_mou(SEED.read_text(encoding="utf-8"))
    assert reading["signatories"]["en"] == ["Vusal Alyev", "Nurlan Dukenbayev"]
    assert reading["signatory_titles"]["en"] == ["Director", "Acting Director"]
    for language, names in reading["signatories"].items():
        assert len(reading["signatory_titles"][language]) == len(names)
    names, titles = signatories_of_parties(reading, 2)
    assert titles[0] == {"kk": "Директор", "az": "Direktor", "en": "Director", "ru": "Директор"}
    assert titles[1]["en"] == "Acting Director" and titles[1]["ru"] == "И. О. Директор"
    assert names[1]["ru"] == "М. Мукенбаев"


def test_a_preamble_title_is_given_as_signed_not_as_inflected():
    reading = parse_mou(
        "МЕМОРАНДУМ\n\nМузей истории, в лице исполняющего обязанности директора Ивана Петрова, и Галерея искусств, "
        "в лице директора Анны Смирновой, договорились:\n\nСтатья 1\n\nСтороны организуют выставки.\n"
    )
    assert reading["signatory_titles"]["ru"] == ["Исполняющий обязанности директора", "Директор"]


def page(client, data: dict):
    token = csrf_token(client.get("/agreements/new").data)
    return client.post("/agreements/new", data={"csrf_token": token, **data}, content_type="multipart/form-data")


def seed_parties(database) -> list[str]:
    names = ("Ganja Reserve", "Aziret Sultan")
    return [str(database.session.scalar(select(Institution.id).where(Institution.short_name == n))) for n in names]


def test_the_preview_shows_signatories_and_titles_and_the_draft_keeps_them_as_edited(as_user, database):
    client = as_user("admin")
    text = SEED.read_text(encoding="utf-8")
    preview = page(client, {"action": "preview", "text": text})
    body = preview.get_data(as_text=True)
    assert 'name="signatory-2-en"' in body and 'value="Nurlan Dukenbayev"' in body
    assert 'name="signatory_title-2-en"' in body and 'value="Acting Director"' in body
    fields = {"signatory-1-en": "Vusal Alyev", "signatory_title-1-en": "Director", "signatory-2-en": "N. Dukenbayev"}
    fields |= {"signatory_title-2-en": "Acting Director General", "signatory_title-1-ru": "Директор"}
    saved = page(client, {"action": "save", "text": text, "parties": seed_parties(database), **fields})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:1500]
    agreement = database.session.get(Agreement, int(saved.headers["Location"].split("/")[-2]))
    first, second = agreement.parties
    assert first.signatory_name == {"en": "Vusal Alyev"} and first.signatory_title == {
        "en": "Director",
        "ru": "Директор",
    }
    assert second.signatory_name == {"en": "N. Dukenbayev"}
    assert second.signatory_title == {"en": "Acting Director General"}


def test_a_draft_saved_without_the_preview_keeps_the_readers_titles(app, database, tmp_path):
    path = tmp_path / "seed.txt"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    imported = app.test_cli_runner().invoke(args=["mou", "import", str(path)])
    assert imported.exit_code == 0, imported.output
    agreement = database.session.get(Agreement, int(imported.output.strip()))
    if len(agreement.parties) == 2:  # the demo's institutions are known here
        assert agreement.parties[1].signatory_title["en"] == "Acting Director"


def test_a_signatory_title_too_long_is_refused_with_a_message_and_nothing_saved(as_user, database):
    client = as_user("admin")
    text = SEED.read_text(encoding="utf-8")
    before = database.session.scalar(select(func.count(Agreement.id)))
    refused = page(
        client, {"action": "save", "text": text, "parties": seed_parties(database), "signatory_title-1-en": "D" * 201}
    )
    body = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "A signatory&#39;s name or title can be at most 200 characters" in body
    assert database.session.scalar(select(func.count(Agreement.id))) == before
    assert 'value="' + "D" * 201 + '"' in body  # nothing typed is lost


def test_a_signature_block_without_blank_lines_gives_names_and_titles():
    reading = parse_mou(
        "MEMORANDUM\n\nThe Parties agree as follows.\n\nArticle 1\n\nThe Parties organise exhibitions.\n\n"
        "For the Museum of History\nDirector\nAnna Smith\nFor the City Gallery\nActing Director\nJohn Brown\n"
    )
    assert reading["signatories"]["en"] == ["Anna Smith", "John Brown"]
    assert reading["signatory_titles"]["en"] == ["Director", "Acting Director"]
