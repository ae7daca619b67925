"""Signed copies (issue #26 item 6): uploaded by each party once every party approved, stored
in the attachment store (a real folder here; the S3 path in tests/attachments), downloaded by
whoever may read the plan, audited, and "signed an earlier version" after a change."""

from __future__ import annotations

import io
import os

import pytest
from sqlalchemy import func, select

from tests.attachments import files
from tests.conftest import csrf_token, log_in

API = "/api/v1/plans/{plan}/signed-copies"
LIMIT = 20 * 1024 * 1024


@pytest.fixture()
def folder(app, tmp_path, monkeypatch):
    """Each test's own attachment folder, empty."""
    monkeypatch.setitem(app.config, "ATTACHMENTS_FOLDER", str(tmp_path / "attachments"))
    monkeypatch.setitem(app.config, "ATTACHMENTS_S3_BUCKET", "")
    return tmp_path / "attachments"


@pytest.fixture()
def signing(api, api_world, folder, demo):
    """The Silk Road exhibition (approved by Ganja in the demo) and callers by role."""
    from planner.plans.models import Plan

    plan = demo.session.scalar(select(Plan).where(Plan.title["en"].as_string() == "Ganja: a city on the Silk Road"))
    return {"plan": plan.id, "path": API.format(plan=plan.id), "api": api, "folder": folder, "world": api_world}


def approve_by_turkestan(session, plan_id: int) -> None:
    from planner.accounts.models import User
    from planner.plans import operations
    from planner.plans.models import Plan
    from planner.unit_of_work import unit_of_work

    session.commit()  # what the fixtures wrote; the approval decides on the rows as stored
    user = session.scalar(select(User).where(User.username == "curator-turkestan"))
    with unit_of_work():
        operations.approve(plan_id, user, session.get(Plan, plan_id).current_fingerprint)
    session.expire_all()


def upload(caller, path: str, body: bytes, name: str, **form):
    """POST the file as multipart with the caller's token (encoded in memory: the test client
    would put a large body in a temporary file it never closes)."""
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import stream_encode_multipart

    values = {"file": FileStorage(io.BytesIO(body), filename=name), **form}
    stream, _length, boundary = stream_encode_multipart(values, use_tempfile=False)
    return caller.post(path, data=stream.getvalue(), content_type=f"multipart/form-data; boundary={boundary}")


def stored_files(folder) -> list[str]:
    return [name for _root, _dirs, names in os.walk(folder) for name in names]


def rows(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def test_upload_before_every_party_approved_is_refused(signing, demo):
    from planner.attachments.models import Attachment

    before = rows(demo.session, Attachment)  # the demo's own (its loan's signed loan agreement)
    answer = upload(signing["api"]("curator"), signing["path"], files.pdf(), "signed.pdf")
    assert answer.status_code == 409
    assert "once every party has approved" in answer.json["error"]["message"]
    assert rows(demo.session, Attachment) == before and stored_files(signing["folder"]) == []


def test_both_parties_sign_partners_download_and_a_change_makes_it_an_earlier_version(signing, demo):
    from planner.accounts.models import User
    from planner.audit.models import AuditEntry
    from planner.notifications.models import Notification

    approve_by_turkestan(demo.session, signing["plan"])
    call, path = signing["api"], signing["path"]
    scan = files.pdf()
    first = upload(call("curator"), path, scan, "Ganja signed.pdf")
    assert first.status_code == 201, first.json
    assert first.json["content_type"] == "application/pdf" and first.json["current"] is True
    assert first.json["name"] == "Ganja signed.pdf" and len(first.json["sha256"]) == 64
    plan = call("partner").get(f"/api/v1/plans/{signing['plan']}").json
    assert plan["signed_on"] is None and [c["id"] for c in plan["signed_copies"]] == [first.json["id"]]
    told = demo.session.scalars(
        select(User.institution_id)
        .join(Notification, Notification.user_id == User.id)
        .where(Notification.kind == "signed_copy")
    ).all()
    assert set(told) == {_turkestan(demo.session)}  # the other party's users, none of Ganja's

    again = upload(call("curator"), path, scan, "again.pdf")
    assert again.status_code == 409 and "already stored" in again.json["error"]["message"]
    # a PNG named .pdf is stored as what it is
    second = upload(call("curator-turkestan"), path, files.image("PNG"), "turkestan.pdf")
    assert second.status_code == 201, second.json
    assert (second.json["content_type"], second.json["name"]) == ("image/png", "turkestan.png")
    plan = call("partner").get(f"/api/v1/plans/{signing['plan']}").json
    assert plan["signed_on"] == second.json["uploaded_at"][:10]

    download = call("partner").get(first.json["download_url"])
    assert download.status_code == 200 and download.data == scan
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert call("partner_other").get(first.json["download_url"]).status_code == 404
    # through a plan the outsider may read, another plan's copy is not found either
    elsewhere = f"/api/v1/plans/{_tashkent_plan(demo.session)}/signed-copies/{first.json['id']}"
    assert call("partner_other").get(elsewhere).status_code == 404
    actions = demo.session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "signed_copy")).all()
    assert sorted(actions) == ["download", "upload", "upload"]

    changed = call("curator").patch(
        f"/api/v1/plans/{signing['plan']}", json={"title": {"en": "Ganja on the Silk Road"}}
    )
    assert changed.status_code == 200
    plan = call("partner").get(f"/api/v1/plans/{signing['plan']}").json
    assert plan["signed_on"] is None
    assert [c["current"] for c in plan["signed_copies"]] == [False, False]  # kept, of an earlier version


@pytest.mark.parametrize(
    ("body", "name", "message"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 100, "scan.pdf", "Only PDF, JPEG and PNG"),
        (b"<!DOCTYPE html><script>alert(1)</script>", "scan.pdf", "Only PDF, JPEG and PNG"),
        (b"I signed it, honestly.", "scan.pdf", "Only PDF, JPEG and PNG"),
        (files.pdf_with_open_action(), "scan.pdf", "JavaScript"),
        (b"%PDF-1.7\n" + b"broken " * 100, "scan.pdf", "damaged or too large"),
        (b"", "scan.pdf", "empty"),
        (b"%PDF-1.7\n" + b"0" * (LIMIT - 8), "big.pdf", "larger than 20 MB"),  # 20 MB + 1 byte
    ],
    ids=["exe", "html", "text", "javascript", "damaged", "empty", "oversize"],
)
def test_refused_files_leave_nothing(signing, demo, body, name, message):
    from planner.attachments.models import Attachment

    approve_by_turkestan(demo.session, signing["plan"])
    before = rows(demo.session, Attachment)  # the demo's own (its loan's signed loan agreement)
    answer = upload(signing["api"]("curator"), signing["path"], body, name)
    assert answer.status_code == 422, answer.json
    assert message in answer.json["error"]["fields"]["file"][0]
    assert rows(demo.session, Attachment) == before and stored_files(signing["folder"]) == []


def test_a_curator_signs_for_their_own_institution_and_an_admin_names_a_party(signing, demo):
    approve_by_turkestan(demo.session, signing["plan"])
    tashkent, path, call = str(signing["world"]["tashkent"]), signing["path"], signing["api"]
    assert upload(call("curator"), path, files.pdf(), "x.pdf", institution_id=tashkent).status_code == 403
    for institution in ({}, {"institution_id": tashkent}, {"institution_id": "abc"}):
        answer = upload(call("admin"), path, files.pdf(), "x.pdf", **institution)
        assert answer.status_code == 422 and "institution_id" in answer.json["error"]["fields"]


def _turkestan(session) -> int:
    from planner.agreements.models import Institution

    return session.scalar(select(Institution.id).where(Institution.short_name.contains("Aziret")))


def _tashkent_plan(session) -> int:
    """A plan of the Tashkent partnership (the outsider's own)."""
    from planner.agreements.models import Institution, Party
    from planner.plans.models import Plan

    tashkent = select(Institution.id).where(Institution.short_name == "Uzbek Art Museum")
    agreements = select(Party.agreement_id).where(Party.institution_id.in_(tashkent))
    return session.scalar(select(Plan.id).where(Plan.agreement_id.in_(agreements)).limit(1))


def test_pages_upload_with_csrf_show_signed_and_the_earlier_version(app, signing, demo):
    """The plan page: a curator's JPEG, an administrator's PDF on behalf of Turkestan; "Signed";
    after a change, "Signed an earlier version"."""
    approve_by_turkestan(demo.session, signing["plan"])
    turkestan = _turkestan(demo.session)
    page = f"/plans/{signing['plan']}"
    client = app.test_client()
    for username, body, name, extra in (
        ("curator", files.image("JPEG"), "ganja.jpg", {}),
        # a scan larger than other forms may send (MAX_CONTENT_LENGTH): the upload's own limit applies
        ("admin", _noise_png(), "turkestan.png", {"institution_id": str(turkestan)}),
    ):
        log_in(client, username)
        token = csrf_token(client.get(page).data)
        answer = client.post(
            f"{page}/signed-copies",
            data={"csrf_token": token, "file": (io.BytesIO(body), name), **extra},
            content_type="multipart/form-data",
            follow_redirects=True,
        )
        assert "The signed copy is stored." in answer.get_data(as_text=True)
    log_in(client, "partner")
    shown = client.get(page).get_data(as_text=True)
    assert "Signed on" in shown and "ganja.jpg" in shown and "turkestan.png" in shown
    without_token = client.post(f"{page}/signed-copies", data={"file": (io.BytesIO(files.pdf()), "x.pdf")})
    assert without_token.status_code in (400, 403)

    changed = signing["api"]("curator").patch(
        f"/api/v1/plans/{signing['plan']}", json={"title": {"en": "Ganja on the Silk Road"}}
    )
    assert changed.status_code == 200
    shown = client.get(page).get_data(as_text=True)
    assert "Signed on" not in shown and shown.count("Signed an earlier version") == 2
    client.post("/language", data={"lang": "ru", "csrf_token": csrf_token(shown)})
    shown = client.get(page).get_data(as_text=True)
    assert "Подписанные экземпляры" in shown and shown.count("Подписана более ранняя версия") == 2


def _noise_png() -> bytes:
    """A real PNG of about 5 MB (random pixels do not compress)."""
    from PIL import Image

    body = files.png_of(Image.frombytes("RGB", (1300, 1300), os.urandom(1300 * 1300 * 3)))
    assert len(body) > 4 * 1024 * 1024
    return body


def test_signed_copies_live_in_the_bucket_when_one_is_configured(signing, demo, bucket):
    """The S3 path end to end against moto's server: upload, the object under the random key,
    the download identical."""
    from planner.attachments.models import Attachment
    from tests.attachments.servers import keys_in

    client, name = bucket
    approve_by_turkestan(demo.session, signing["plan"])
    scan = files.image("JPEG", size=(400, 300))
    answer = upload(signing["api"]("curator-turkestan"), signing["path"], scan, "aziret.jpeg")
    assert answer.status_code == 201, answer.json
    demo.session.expire_all()
    key = demo.session.scalar(select(Attachment.storage_key).order_by(Attachment.id.desc()).limit(1))  # the upload
    assert keys_in(client, name) == [key] and stored_files(signing["folder"]) == []
    download = signing["api"]("staff").get(answer.json["download_url"])
    assert download.status_code == 200 and download.data == scan and download.mimetype == "image/jpeg"
