"""One download of a project agreement, for the pages and the API alike: check the asked
languages and layout, read the plan's data, take each language's words, build, render."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from flask_babel import gettext as _

from planner.documents.languages import asked_languages, default_languages
from planner.documents.model import LAYOUTS, build_document
from planner.documents.queries import agreement_data
from planner.documents.wording import wording_for

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The renderers are imported when a file is first asked for: fpdf2 and python-docx (with the
# font tools and XML libraries they load) add some 50 MB to every worker that imports them,
# and most workers only ever serve pages and feeds.
FORMATS = {"pdf": (PDF, "planner.documents.pdf", "render_pdf"), "docx": (DOCX, "planner.documents.word", "render_docx")}


class DocumentRequestError(ValueError):
    """The request names languages or a layout the document cannot be made in (message translated)."""


@dataclass(frozen=True)
class AgreementFile:
    body: bytes
    mimetype: str
    filename: str


def project_agreement(plan, file_format: str, languages: str | None = None, layout: str | None = None) -> AgreementFile:
    """The plan's project agreement as ``file_format`` ("pdf" or "docx"); ``languages`` as in
    `?languages=az,kk` (default: the parties' first document languages), ``layout`` "columns"
    (side by side, the default) or "sequence"."""
    layout = layout or "columns"
    if layout not in LAYOUTS:
        raise DocumentRequestError(_("Choose the layout “columns” (side by side) or “sequence” (one after the other)."))
    data = agreement_data(plan)
    if languages:
        columns, unusable = asked_languages(languages)
        if unusable or not columns:
            raise DocumentRequestError(
                _(
                    "A project agreement can be made in one or two of these languages: en, az, kk, ru "
                    "(not: %(codes)s).",
                    codes=", ".join(unusable) or "—",
                )
            )
    else:
        columns = default_languages([list(party.document_languages) for party in data.parties])
    words = {column.language: wording_for(column.language) for column in columns}
    document = build_document(data, columns, words)
    mimetype, module, renderer = FORMATS[file_format]
    render = getattr(import_module(module), renderer)
    return AgreementFile(render(document, layout), mimetype, f"{document.filename}.{file_format}")
