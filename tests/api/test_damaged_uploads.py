"""A damaged upload on the page and through the API: the one "damaged or too large" message in
the caller's language, never a 500 (#32 item 7)."""

from __future__ import annotations

import io

import pytest

from tests.conftest import csrf_token
from tests.mou.damaged import DAMAGED_FILES
from tests.mou.test_upload_paths import post_page


@pytest.mark.parametrize("name, raw", DAMAGED_FILES[:2])
def test_the_page_and_the_api_say_damaged_or_too_large(as_user, api, name, raw):
    client = as_user("curator")
    client.post("/language", data={"lang": "ru", "csrf_token": csrf_token(client.get("/").data)})
    page = post_page(client, {"action": "save"}, (name, raw))
    assert page.status_code == 400 and "повреждён или слишком велик" in page.get_data(as_text=True)
    answer = api("staff").post(
        "/api/v1/mou/parse", data={"file": (io.BytesIO(raw), name)}, content_type="multipart/form-data"
    )
    assert answer.status_code == 422 and "damaged or too large" in answer.json["error"]["fields"]["file"][0]
