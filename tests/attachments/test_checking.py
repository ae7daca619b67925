"""What a file is, from its content: pure, no Flask, no database."""

from __future__ import annotations

import io

import pytest

from planner.attachments.checking import JPEG, PDF, PNG, FileProblem, check_pdf, display_name, sniff
from tests.attachments import files


def test_types_come_from_the_content_never_the_name():
    assert sniff(files.pdf()[:16]) == PDF
    assert sniff(files.image("JPEG")[:16]) == JPEG
    assert sniff(files.image("PNG")[:16]) == PNG
    for other in (b"MZ\x90\x00\x03\x00\x00\x00", b"<!DOCTYPE html><script>", b"Just some text", b"", b"%PD"):
        assert sniff(other) is None


def test_a_plain_pdf_passes():
    check_pdf(io.BytesIO(files.pdf()))


@pytest.mark.parametrize(
    "made", [files.pdf_with_names_javascript, files.pdf_with_open_action, files.pdf_with_annotation_action]
)
def test_a_pdf_that_runs_a_script_is_refused(made):
    with pytest.raises(FileProblem) as refused:
        check_pdf(io.BytesIO(made()))
    assert refused.value.code == "script"


def test_a_pdf_opening_on_a_page_is_not_a_script():
    """/OpenAction as a destination (show page 1) is what most scanners write: accepted."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    writer._root_object[NameObject("/OpenAction")] = ArrayObject([page.indirect_reference, NameObject("/Fit")])
    out = io.BytesIO()
    writer.write(out)
    check_pdf(io.BytesIO(out.getvalue()))


@pytest.mark.parametrize("body", [b"%PDF-1.7\n" + b"garbage " * 50, files.pdf()[:200]])
def test_a_damaged_pdf_is_refused_as_damaged(body):
    with pytest.raises(FileProblem) as refused:
        check_pdf(io.BytesIO(body))
    assert refused.value.code == "damaged"


def test_names_are_made_safe_and_take_the_extension_of_the_type():
    assert display_name("scan.pdf", PNG) == "scan.png"
    assert display_name("..\\..\\etc/passwd", PDF) == "passwd.pdf"
    assert display_name('a"b<c>\x00\n.pdf', PDF) == "abc.pdf"
    assert display_name("", JPEG) == "file.jpg"
    assert display_name("Қолтаңба.PDF", PDF) == "Қолтаңба.pdf"
    assert len(display_name("x" * 500 + ".pdf", PDF)) <= 200


@pytest.mark.parametrize("key", ["../../etc/passwd", "a" * 63, "A" * 64, "scan.pdf", ""])
def test_the_store_takes_only_its_own_random_keys(tmp_path, key):
    from planner.attachments.storage import LocalFolder, StorageError

    with pytest.raises(StorageError):
        LocalFolder(tmp_path).put(key, io.BytesIO(b"x"))
    assert list(tmp_path.iterdir()) == []
