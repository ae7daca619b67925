"""The one way a stored file leaves the app: as a download (never shown inline, never guessed
by the browser), with the type its content was checked to be, after the caller checked the right."""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from flask import Response

from planner.attachments.models import Attachment
from planner.attachments.storage import CHUNK
from planner.attachments.store import open_stored


def download(attachment: Attachment) -> Response:
    source = open_stored(attachment)

    def chunks():
        try:
            while chunk := source.read(CHUNK):
                yield chunk
        finally:
            source.close()

    response = Response(chunks(), mimetype=attachment.content_type, direct_passthrough=True)
    response.headers["Content-Disposition"] = content_disposition(attachment.original_name)
    response.headers["Content-Length"] = str(attachment.size)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def content_disposition(name: str) -> str:
    """`attachment` with an ASCII name for old clients and the UTF-8 name (RFC 6266) for the rest."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().replace('"', "") or "file"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


#: Room for the multipart envelope and the form's other fields around the file itself.
ENVELOPE_BYTES = 256 * 1024


def accept_upload_body() -> None:
    """Let this request's body exceed MAX_CONTENT_LENGTH up to the attachment limit: call it
    before the form is parsed (a URL value preprocessor runs before the CSRF check). Werkzeug
    keeps a large file part on disk, and `store.receive` refuses a file over the limit itself,
    with its own message; a body larger still is refused by Werkzeug (413)."""
    from flask import request

    from planner.attachments.store import max_bytes

    request.max_content_length = max_bytes() + ENVELOPE_BYTES
