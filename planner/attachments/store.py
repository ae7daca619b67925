"""Receiving and keeping a file: read it once, bounded, into a temporary file while hashing it;
check its type from its content; write it to the store, read it back and compare the hash;
only then does the caller's row commit, and if anything fails the stored file is removed.
So a failed upload never leaves a row without its file, nor a file without its row."""

from __future__ import annotations

import hashlib
import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from flask import current_app
from flask_babel import gettext as _

from planner.attachments.checking import HEAD_BYTES, PDF, FileProblem, check_pdf, display_name, sniff
from planner.attachments.models import Attachment
from planner.attachments.storage import CHUNK, StorageError, new_key, storage_from_config
from planner.errors import Conflict, Invalid
from planner.extensions import db

log = logging.getLogger(__name__)
SPOOL_IN_MEMORY = 1024 * 1024  # a larger file waits on disk while it is checked


@dataclass
class Received:
    """A checked upload, in a temporary file the caller closes (`stored` does)."""

    file: BinaryIO
    size: int
    sha256: str
    content_type: str
    name: str


def max_bytes() -> int:
    return int(current_app.config["ATTACHMENTS_MAX_BYTES"])


def storage():
    """The configured store, made once per application and configuration."""
    config = current_app.config
    wanted = tuple(
        config.get(name)
        for name in (
            "ATTACHMENTS_FOLDER",
            "ATTACHMENTS_S3_BUCKET",
            "ATTACHMENTS_S3_ENDPOINT_URL",
            "ATTACHMENTS_S3_PREFIX",
        )
    )
    made = current_app.extensions.get("attachment_storage")
    if made is None or made[0] != wanted:
        made = (wanted, storage_from_config(config, current_app.instance_path))
        current_app.extensions["attachment_storage"] = made
    return made[1]


def problem_message(code: str) -> str:
    """The sentence, in the user's language, for a refused file."""
    limit = max_bytes() // (1024 * 1024)
    return {
        "missing": _("Choose the file to upload."),
        "empty": _("The file is empty."),
        "too_large": _("The file is larger than %(limit)s MB.", limit=limit),
        "type": _("Only PDF, JPEG and PNG files are accepted; this file is none of them, whatever its name says."),
        "script": _("This PDF contains JavaScript or another action that runs on opening; it is refused."),
        "damaged": _("This PDF is damaged or too large to read."),
    }[code]


def receive(stream: BinaryIO | None, name: str | None) -> Received:
    """Read an upload (at most the limit, in chunks), hash it and check its type; Invalid("file")
    with the reason otherwise."""
    if stream is None:
        raise Invalid("file", problem_message("missing"))
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 (handed to the caller)
    try:
        size, digest = _copy_bounded(stream, spool, max_bytes())
        spool.seek(0)
        content_type = sniff(spool.read(HEAD_BYTES))
        if content_type is None:
            raise FileProblem("type")
        if content_type == PDF:
            spool.seek(0)
            check_pdf(spool)
    except FileProblem as problem:
        spool.close()
        raise Invalid("file", problem_message(problem.code)) from None
    spool.seek(0)
    return Received(spool, size, digest, content_type, display_name(name, content_type))


def _copy_bounded(stream: BinaryIO, out: BinaryIO, limit: int) -> tuple[int, str]:
    """Copy chunk by chunk, stopping as soon as the file exceeds `limit` bytes."""
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise FileProblem("too_large")
        digest.update(chunk)
        out.write(chunk)
    if size == 0:
        raise FileProblem("empty")
    return size, digest.hexdigest()


def read_back_digest(store, key: str) -> str:
    digest = hashlib.sha256()
    source = store.open(key)
    try:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    finally:
        source.close()
    return digest.hexdigest()


@contextmanager
def stored(received: Received, user_id: int | None) -> Iterator[Attachment]:
    """Write the file under a new random key and verify it by reading it back; then yield its
    Attachment, added to the session, for the caller to point at and commit inside the block.
    Any failure (here or in the block, the commit included) removes the stored file."""
    key = new_key()
    try:
        store = storage()
    except StorageError as failure:
        received.file.close()
        raise _not_stored(failure) from None
    try:
        with received.file:
            store.put(key, received.file)
        if read_back_digest(store, key) != received.sha256:
            raise StorageError("the stored file differs from the one received")
        attachment = Attachment(
            storage_key=key,
            content_type=received.content_type,
            size=received.size,
            sha256=received.sha256,
            original_name=received.name,
            uploaded_by_id=user_id,
        )
        db.session.add(attachment)
        yield attachment
    except BaseException as failure:
        _remove_quietly(store, key)
        if isinstance(failure, StorageError):
            raise _not_stored(failure) from None
        raise


def _not_stored(failure: StorageError) -> Conflict:
    log.error("attachment store failed: %s", failure)
    return Conflict("storage", _("The file could not be stored; nothing was saved. Try again later."))


def _remove_quietly(store, key: str) -> None:
    try:
        store.delete(key)
    except StorageError as failure:  # the row was not committed: an orphan file, never a lost one
        log.error("could not remove the stored file %s after a failed upload: %s", key, failure)


def open_stored(attachment: Attachment) -> BinaryIO:
    """The stored bytes of an attachment, or Conflict when the store does not give them."""
    try:
        return storage().open(attachment.storage_key)
    except StorageError as failure:
        log.error("attachment %s unreadable: %s", attachment.id, failure)
        raise Conflict("storage", _("The file cannot be read from the store right now. Try again later.")) from None
