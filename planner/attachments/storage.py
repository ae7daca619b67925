"""Where stored files live: one small interface, two backends.

A key is random (`new_key`): never derived from a file's name, never a path a user chooses,
so nothing can be fetched by guessing and nothing lands outside the store's folder."""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from pathlib import Path
from typing import BinaryIO, Protocol

KEY = re.compile(r"^[0-9a-f]{64}$")
CHUNK = 64 * 1024


class StorageError(Exception):
    """The store did not take or give back a file (disk full, bucket unreachable, ...)."""


def new_key() -> str:
    """256 random bits as hex: the file's only name in the store."""
    return secrets.token_hex(32)


def _checked(key: str) -> str:
    if not KEY.match(key):
        raise StorageError("not a storage key")
    return key


class Storage(Protocol):
    def put(self, key: str, source: BinaryIO) -> None:
        """Store the bytes of `source` (read from its current position) under `key`."""

    def open(self, key: str) -> BinaryIO:
        """The stored bytes, to read (the caller closes it)."""

    def delete(self, key: str) -> None:
        """Remove the file; a missing one is not an error."""


class LocalFolder:
    """Files in a folder (by default `<instance>/attachments`), two levels of hex names."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        key = _checked(key)
        return self.root / key[:2] / key

    def put(self, key: str, source: BinaryIO) -> None:
        target = self._path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
            with os.fdopen(handle, "wb") as out:
                while chunk := source.read(CHUNK):
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, 0o600)
            os.replace(temporary, target)  # whole or not at all
        except OSError as failure:
            if "temporary" in locals():
                Path(temporary).unlink(missing_ok=True)
            raise StorageError(str(failure)) from failure

    def open(self, key: str) -> BinaryIO:
        try:
            return self._path(key).open("rb")
        except OSError as failure:
            raise StorageError(str(failure)) from failure

    def delete(self, key: str) -> None:
        try:
            self._path(key).unlink(missing_ok=True)
        except OSError as failure:
            raise StorageError(str(failure)) from failure


class S3Bucket:
    """Files as objects of an S3-compatible bucket (AWS, MinIO, Ceph, ...), under an optional prefix."""

    def __init__(self, client, bucket: str, prefix: str = ""):
        self.client, self.bucket, self.prefix = client, bucket, prefix

    def _name(self, key: str) -> str:
        return self.prefix + _checked(key)

    def put(self, key: str, source: BinaryIO) -> None:
        try:
            self.client.upload_fileobj(source, self.bucket, self._name(key))
        except Exception as failure:  # botocore's errors have no common base worth importing
            raise StorageError(str(failure)) from failure

    def open(self, key: str) -> BinaryIO:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._name(key))["Body"]
        except Exception as failure:
            raise StorageError(str(failure)) from failure

    def delete(self, key: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self._name(key))
        except Exception as failure:
            raise StorageError(str(failure)) from failure


def storage_from_config(config, instance_path: str) -> Storage:
    """The bucket when ATTACHMENTS_S3_BUCKET is set (credentials from the usual AWS variables
    or files, as boto3 finds them), else the folder (ATTACHMENTS_FOLDER or instance/attachments)."""
    bucket = config.get("ATTACHMENTS_S3_BUCKET")
    if not bucket:
        return LocalFolder(config.get("ATTACHMENTS_FOLDER") or Path(instance_path) / "attachments")
    import boto3

    try:
        client = boto3.client(
            "s3",
            endpoint_url=config.get("ATTACHMENTS_S3_ENDPOINT_URL") or None,
            region_name=config.get("ATTACHMENTS_S3_REGION") or None,
        )
    except Exception as failure:  # a malformed endpoint or region: the store is unusable, say so
        raise StorageError(str(failure)) from failure
    return S3Bucket(client, bucket, config.get("ATTACHMENTS_S3_PREFIX") or "")
