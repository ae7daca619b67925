"""Damaged files made here, byte by byte: a PDF whose font stream inflates past pypdf's limit,
and Word documents python-docx opens but cannot walk."""

from __future__ import annotations

import io
import zipfile
import zlib

WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def inflating_pdf(inflated: int = 80 * 1024 * 1024) -> bytes:
    """One page whose font's /ToUnicode stream inflates to `inflated` bytes (pypdf stops at 75 MB
    with LimitReachedError); 80 KB on the wire."""
    text = b"BT /F1 12 Tf 72 720 Td (Memorandum of understanding between museums) Tj ET"
    bomb = zlib.compress(b" " * inflated, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb) + bomb + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def word_with(part: str, content: bytes) -> bytes:
    """A valid one-paragraph .docx with one part replaced."""
    from docx import Document

    original = io.BytesIO()
    document = Document()
    document.add_paragraph("Article 1. The parties cooperate.")
    document.save(original)
    source = zipfile.ZipFile(original)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            target.writestr(member, content if member.filename == part else source.read(member.filename))
    return out.getvalue()


DAMAGED_FILES = [
    ("inflating.pdf", inflating_pdf()),
    ("other-root.docx", word_with("word/document.xml", b'<?xml version="1.0"?><x/>')),
    (
        "bad-numbering.docx",
        word_with(
            "word/document.xml",
            f'<?xml version="1.0"?><w:document xmlns:w="{WORD}"><w:body><w:p><w:pPr><w:numPr>'
            '<w:ilvl w:val="x"/><w:numId w:val="y"/></w:numPr></w:pPr><w:r><w:t>Article 1</w:t></w:r>'
            "</w:p></w:body></w:document>".encode(),
        ),
    ),
]
