"""The store on both backends, a real folder and moto's S3 server: a file is written, read back
and verified before its row commits, and a failure anywhere leaves neither file nor row."""

from __future__ import annotations

import io
import os
import re

import pytest
from sqlalchemy import func, select

from planner.errors import Conflict
from tests.attachments import files
from tests.attachments.servers import keys_in


@pytest.fixture(params=["folder", "bucket"])
def backend(request, app, database, tmp_path, monkeypatch):
    """The store under test, and a function listing the files it holds."""
    if request.param == "folder":
        monkeypatch.setitem(app.config, "ATTACHMENTS_FOLDER", str(tmp_path / "attachments"))
        monkeypatch.setitem(app.config, "ATTACHMENTS_S3_BUCKET", "")
        return lambda: [n for _r, _d, names in os.walk(tmp_path / "attachments") for n in names]
    client, name = request.getfixturevalue("bucket")
    return lambda: keys_in(client, name)


def attachments(database) -> int:
    from planner.attachments.models import Attachment

    database.session.expire_all()
    return database.session.scalar(select(func.count()).select_from(Attachment))


def test_a_stored_file_reads_back_identical_under_a_random_key(backend, database):
    from planner.attachments.store import open_stored, receive, stored

    body = files.pdf()
    with stored(receive(io.BytesIO(body), "../Договор.pdf"), None) as attachment:
        database.session.commit()
    assert re.fullmatch(r"[0-9a-f]{64}", attachment.storage_key) and "Договор" not in attachment.storage_key
    assert (attachment.content_type, attachment.size, attachment.original_name) == (
        "application/pdf",
        len(body),
        "Договор.pdf",
    )
    with open_stored(attachment) as source:
        assert source.read() == body
    assert len(backend()) == 1


def test_a_failure_after_writing_removes_the_file_and_keeps_no_row(backend, database):
    from planner.attachments.store import receive, stored

    with pytest.raises(RuntimeError), stored(receive(io.BytesIO(files.image("PNG")), "x.png"), None):
        database.session.flush()
        raise RuntimeError("the commit failed")
    database.session.rollback()
    assert backend() == [] and attachments(database) == 0


def test_a_file_that_does_not_read_back_identical_is_removed(backend, database, monkeypatch):
    """A store that damages what it keeps: the hash read back differs, nothing is kept."""
    from planner.attachments import store

    real = store.storage()

    class Damaging:
        def put(self, key, source):
            real.put(key, io.BytesIO(source.read()[:-1] + b"!"))

        def open(self, key):
            return real.open(key)

        def delete(self, key):
            real.delete(key)

    monkeypatch.setattr(store, "storage", Damaging)
    with pytest.raises(Conflict) as refused, store.stored(store.receive(io.BytesIO(files.pdf()), "x.pdf"), None):
        pytest.fail("the block must not run")
    assert refused.value.code == "storage"
    assert backend() == [] and attachments(database) == 0


@pytest.mark.parametrize("endpoint", ["closed port", "not a web address"])
def test_an_unreachable_bucket_is_a_clear_refusal(app, database, bucket, monkeypatch, endpoint):
    from planner.attachments.store import receive, stored
    from tests.attachments.servers import free_port

    url = f"http://127.0.0.1:{free_port()}" if endpoint == "closed port" else "not a web address"
    monkeypatch.setitem(app.config, "ATTACHMENTS_S3_ENDPOINT_URL", url)
    with pytest.raises(Conflict) as refused, stored(receive(io.BytesIO(files.pdf()), "x.pdf"), None):
        pytest.fail("the block must not run")
    assert "could not be stored" in refused.value.message and attachments(database) == 0


def test_a_download_is_never_shown_inline_nor_sniffed(app, backend, database):
    """The response itself says so, whatever the app adds around it."""
    from planner.attachments.serving import download
    from planner.attachments.store import receive, stored

    body = files.image("PNG")
    with stored(receive(io.BytesIO(body), "<script>.html"), None) as attachment:
        database.session.commit()
    with app.test_request_context():
        response = download(attachment)
        assert b"".join(response.response) == body
    assert response.mimetype == "image/png"
    assert response.headers["Content-Disposition"] == "attachment; filename=\"script.png\"; filename*=UTF-8''script.png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
