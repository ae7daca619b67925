"""Reading what a downloaded project agreement says: the text of a PDF (pypdf) and of a Word
file (python-docx), whitespace removed so that wrapped lines still read as one."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from sqlalchemy import select

from tests.api.conftest import api, api_world  # noqa: F401 (the API's callers, for the API test here)


def pdf_text(body: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(body)).pages)


def docx_text(body: bytes) -> str:
    """Every paragraph of the body, of its tables (also nested) and of headers and footers."""
    from docx import Document

    document = Document(BytesIO(body))
    parts = []

    def walk(container) -> None:
        parts.extend(paragraph.text for paragraph in container.paragraphs)
        for table in getattr(container, "tables", ()):
            for row in table.rows:
                for cell in row.cells:
                    walk(cell)

    walk(document)
    for section in document.sections:
        walk(section.header)
        walk(section.footer)
    return "\n".join(parts)


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", str(text))


TEXT_OF = {"pdf": pdf_text, "docx": docx_text}


def text_of(response) -> str:
    """The document's text without whitespace (so a needle must be squeezed too)."""
    kind = "pdf" if response.mimetype == "application/pdf" else "docx"
    return squeezed(TEXT_OF[kind](response.data))


def missing_from(text: str, needles) -> list[str]:
    return [needle for needle in needles if squeezed(needle) not in text]


@pytest.fixture()
def plan_named(demo):
    """`plan_named("Carpets of the Great Steppe")`: a demo plan by its English title."""
    from planner.plans.models import Plan

    def find(title: str):
        return next(p for p in demo.session.scalars(select(Plan)) if p.title.get("en") == title)

    return find
