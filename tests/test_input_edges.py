"""Input at the edges (issue #35 item 4): a PDF over the page limit refused on the page and in
the API, and ids beyond the databases' INTEGER answered 404 by the URL converter on routes that
read a row by id without a `load_*` function of their own."""

from __future__ import annotations

import io

import pytest

from planner.mou.files import MAX_PDF_PAGES
from tests.api.conftest import api, api_world  # noqa: F401 (the API's callers)
from tests.mou.test_upload_paths import post_page


def blank_pdf(pages: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


@pytest.fixture(scope="module")
def too_long() -> bytes:
    return blank_pdf(MAX_PDF_PAGES + 1)


def test_a_pdf_over_the_page_limit_is_refused_on_the_page(as_user, too_long):
    page = post_page(as_user("curator"), {"action": "preview"}, ("long.pdf", too_long))
    assert page.status_code == 400 and "The document is too large." in page.get_data(as_text=True)


def test_a_pdf_over_the_page_limit_is_refused_in_the_api(api, too_long):  # noqa: F811 (the fixture)
    answer = api("staff").post(
        "/api/v1/mou/parse", data={"file": (io.BytesIO(too_long), "long.pdf")}, content_type="multipart/form-data"
    )
    assert answer.status_code == 422
    assert answer.json["error"]["fields"]["file"] == ["The document is too large."]


@pytest.mark.parametrize("too_big", [2**31, 2**64])
def test_ids_beyond_an_integer_are_not_found_where_no_load_function_checks_them(as_user, too_big):
    """/admin/users/<id> and /notifications/<id> read their row with `session.get` directly:
    only the converter's bound keeps 2**31 (PostgreSQL's INTEGER) and 2**64 (SQLite's) away from
    the database."""
    client = as_user("admin")
    assert client.get(f"/admin/users/{too_big}").status_code == 404
    assert client.get(f"/notifications/{too_big}").status_code == 404
