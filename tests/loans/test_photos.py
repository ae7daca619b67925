"""Condition photos: JPEG or PNG only (from the content), within the size limit, stored
re-encoded without EXIF, with a thumbnail."""

from __future__ import annotations

import io

from PIL import Image

from planner.loans import photos


def jpeg_with_exif(size=(64, 48)) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8298] = "Ganja store room 3"  # Copyright
    out = io.BytesIO()
    Image.new("RGB", size, (120, 80, 40)).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_cleaning_removes_exif_and_makes_a_thumbnail():
    data = jpeg_with_exif((1200, 900))
    assert b"SecretCam" in data
    clean = photos.clean(data)
    assert b"SecretCam" not in clean.data and b"store room" not in clean.data
    assert clean.content_type == "image/jpeg"
    with Image.open(io.BytesIO(clean.data)) as image:
        assert not image.getexif() and image.size == (1200, 900)
    with Image.open(io.BytesIO(clean.thumbnail)) as thumb:
        assert max(thumb.size) <= 320


def test_a_png_stays_a_png_and_a_damaged_image_is_refused():
    out = io.BytesIO()
    Image.new("RGBA", (10, 10)).save(out, "PNG")
    assert photos.clean(out.getvalue()).content_type == "image/png"
    try:
        photos.clean(b"\xff\xd8\xff" + b"not really a jpeg" * 10)
    except photos.PhotoProblem as problem:
        assert problem.code == "damaged"
    else:
        raise AssertionError("a damaged image was accepted")


def _post_photo(api, loan, data, name="p.jpg"):
    item = loan.objects[0]
    return api("curator").post(
        f"/api/v1/loans/{loan.id}/condition-checks",
        data={
            "object_id": str(item.id),
            "checkpoint": "installation",
            "condition": "good",
            "photos": (io.BytesIO(data), name),
        },
        content_type="multipart/form-data",
    )


def test_the_stored_photo_has_no_exif(app, api, silk_road):
    from planner.attachments.models import Attachment
    from planner.attachments.store import open_stored
    from planner.extensions import db

    answer = _post_photo(api, silk_road, jpeg_with_exif())
    assert answer.status_code == 201, answer.json
    stored_ids = answer.json["photos"][0]
    with app.app_context():
        for key in ("attachment_id", "thumbnail_id"):
            attachment = db.session.get(Attachment, stored_ids[key])
            with open_stored(attachment) as source:
                data = source.read()
            assert b"SecretCam" not in data and data.startswith(b"\xff\xd8\xff")


def test_a_pdf_or_a_text_is_not_a_photo(api, silk_road):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    answer = _post_photo(api, silk_road, bytes(pdf.output()), "scan.jpg")
    assert answer.status_code == 422
    assert answer.json["error"]["fields"]["photos"] == ["A photo must be a JPEG or PNG image."]
    answer = _post_photo(api, silk_road, b"<html>hello</html>", "x.jpg")
    assert answer.status_code == 422 and "photos" in answer.json["error"]["fields"]


def test_an_oversize_photo_is_refused_and_nothing_is_saved(app, api, silk_road):
    before = len(silk_road.condition_checks)
    app.config["ATTACHMENTS_MAX_BYTES"], limit = 1000, app.config["ATTACHMENTS_MAX_BYTES"]
    try:
        answer = _post_photo(api, silk_road, jpeg_with_exif((400, 400)) + b"\0" * 2000)
    finally:
        app.config["ATTACHMENTS_MAX_BYTES"] = limit
    assert answer.status_code in (413, 422)
    assert len(api("curator").get(f"/api/v1/loans/{silk_road.id}").json["status_history"]) == 7
    from planner.extensions import db
    from planner.loans.models import ConditionCheck

    with app.app_context():
        assert db.session.query(ConditionCheck).filter_by(loan_id=silk_road.id).count() == before


def test_a_decompression_bomb_is_refused_before_it_is_decoded(monkeypatch):
    monkeypatch.setattr(photos, "MAX_PIXELS", 100)
    try:
        photos.clean(jpeg_with_exif((20, 20)))
    except photos.PhotoProblem as problem:
        assert problem.code == "too_large"
    else:
        raise AssertionError("a picture above the pixel limit was decoded")


def test_at_most_twelve_photos_per_check(api, silk_road):
    item = silk_road.objects[0]
    small = jpeg_with_exif((8, 8))
    answer = api("curator").post(
        f"/api/v1/loans/{silk_road.id}/condition-checks",
        data={
            "object_id": str(item.id),
            "checkpoint": "installation",
            "condition": "good",
            "photos": [(io.BytesIO(small), f"p{n}.jpg") for n in range(13)],
        },
        content_type="multipart/form-data",
    )
    assert answer.status_code == 422 and "photos" in answer.json["error"]["fields"]
