"""Whole feeds: the bytes a subscriber was sent, kept per feed and version, so that an unchanged
feed asked for again (without an ETag, as many calendar clients ask) is read back in chunks
instead of being streamed again from thousands of stored texts, and so that while one request
builds a changed feed every other subscriber at once gets the previous whole (stale while
revalidate).

A whole is written while the request that made it streams it (a chunk at a time, never held
whole in memory) and becomes visible only once complete: a stream cut short or one that had
to fill in a text from an older version leaves nothing behind. Each feed keeps its newest
whole only (the one before it goes once a newer one is complete).

Where: Redis when `CACHE_REDIS_URL` is set (shared by every worker and node; a whole lives
`FEED_WHOLE_TTL`), else files in `FEED_WHOLES_FOLDER` (default `instance/feed-wholes`, shared
by the workers of one node; another node makes its own from the texts every node shares)."""

from __future__ import annotations

import hashlib
import os
import secrets
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from flask import current_app

READ_BYTES = 256 * 1024  # bytes read and sent at a time when a whole is served
OLD_WHOLE_SECONDS = 600  # how long a replaced whole stays in Redis for the requests still reading it


def whole_name(*parts) -> str:
    """A short file- and key-safe name from the parts (a feed's identity, or its version key)."""
    return hashlib.blake2b("|".join(str(part) for part in parts).encode(), digest_size=16).hexdigest()


class FolderWriter:
    """A whole being written: a hidden file beside the wholes, renamed into place when complete."""

    def __init__(self, folder: Path, version: str):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder, self.version, self.started = folder, version, time.time()
        self.temporary = folder / f".{version}.{secrets.token_hex(4)}.part"
        self.handle = self.temporary.open("wb")

    def write(self, piece: bytes) -> None:
        self.handle.write(piece)

    def commit(self) -> None:
        """In place, dated when its stream began (the newer version began later), and the
        feed's older wholes gone (requests reading one keep their open file)."""
        self.handle.close()
        final = self.folder / f"{self.version}.ics"
        os.utime(self.temporary, (self.started, self.started))
        os.replace(self.temporary, final)
        for other in self.folder.glob("*.ics"):
            if other != final and _mtime(other) <= self.started:
                other.unlink(missing_ok=True)

    def abandon(self) -> None:
        self.handle.close()
        self.temporary.unlink(missing_ok=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return float("inf")


def _file_chunks(handle) -> Iterator[bytes]:
    with handle:
        while piece := handle.read(READ_BYTES):
            yield piece


class FolderWholes:
    """Wholes as files, one folder per feed, a file per version (`<version>.ics`)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def open(self, feed: str, version: str) -> Iterator[bytes] | None:
        """The whole of this version, as chunks read when sent; None when there is none."""
        try:
            handle = (self.folder / feed / f"{version}.ics").open("rb")
        except FileNotFoundError:
            return None
        return _file_chunks(handle)

    def latest(self, feed: str) -> Iterator[bytes] | None:
        """The feed's newest whole, whatever its version; None when there is none."""
        for path in sorted((self.folder / feed).glob("*.ics"), key=_mtime, reverse=True):
            try:
                return _file_chunks(path.open("rb"))
            except FileNotFoundError:  # replaced meanwhile: the next one
                continue
        return None

    def writer(self, feed: str, version: str) -> FolderWriter:
        return FolderWriter(self.folder / feed, version)

    def prune(self, age: timedelta) -> int:
        """Remove the wholes (and parts left by a crash) not written for `age`; the number removed."""
        if not self.folder.is_dir():
            return 0
        cutoff, count = time.time() - age.total_seconds(), 0
        for path in list(self.folder.glob("*/*.ics")) + list(self.folder.glob("*/.*.part")):
            if _mtime(path) < cutoff:
                path.unlink(missing_ok=True)
                count += 1
        return count


class RedisWriter:
    """A whole appended to a temporary key, renamed to its version's key when complete."""

    def __init__(self, wholes: RedisWholes, feed: str, version: str):
        self.wholes, self.feed, self.version = wholes, feed, version
        self.temporary = f"planner:whole-part:{feed}:{version}:{secrets.token_hex(4)}"

    def write(self, piece: bytes) -> None:
        pipeline = self.wholes.client.pipeline(transaction=False)
        pipeline.append(self.temporary, piece)
        pipeline.expire(self.temporary, self.wholes.ttl)
        pipeline.execute()

    def commit(self) -> None:
        client, key, pointer = self.wholes.client, self.wholes.key(self.feed, self.version), self.wholes.pointer(self.feed)
        if not client.exists(self.temporary):  # an empty body: nothing was appended
            return
        client.rename(self.temporary, key)
        client.expire(key, self.wholes.ttl)
        previous = client.getset(pointer, self.version)
        client.expire(pointer, self.wholes.ttl)
        if previous is not None and previous.decode() != self.version:
            client.expire(self.wholes.key(self.feed, previous.decode()), OLD_WHOLE_SECONDS)

    def abandon(self) -> None:
        self.wholes.client.delete(self.temporary)


class RedisWholes:
    """Wholes in Redis: one key a version, read back a range at a time; a pointer names the newest."""

    def __init__(self, client, ttl: int):
        self.client, self.ttl = client, ttl

    def key(self, feed: str, version: str) -> str:
        return f"planner:whole:{feed}:{version}"

    def pointer(self, feed: str) -> str:
        return f"planner:wholeref:{feed}"

    def open(self, feed: str, version: str) -> Iterator[bytes] | None:
        key = self.key(feed, version)
        size = self.client.strlen(key)
        return self._chunks(key, size) if size else None

    def latest(self, feed: str) -> Iterator[bytes] | None:
        version = self.client.get(self.pointer(feed))
        return self.open(feed, version.decode()) if version is not None else None

    def _chunks(self, key: str, size: int) -> Iterator[bytes]:
        for offset in range(0, size, READ_BYTES):
            piece = self.client.getrange(key, offset, min(offset + READ_BYTES, size) - 1)
            if not piece:  # expired meanwhile
                return
            yield piece

    def writer(self, feed: str, version: str) -> RedisWriter:
        return RedisWriter(self, feed, version)

    def prune(self, age: timedelta) -> int:
        return 0  # Redis wholes expire by themselves


def whole_store(store) -> FolderWholes | RedisWholes:
    """This app's wholes: beside the feed store's texts in Redis, else in the instance folder."""
    client = getattr(store, "client", None)
    if client is not None:
        return RedisWholes(client, current_app.config["FEED_WHOLE_TTL"])
    folder = current_app.config.get("FEED_WHOLES_FOLDER") or Path(current_app.instance_path) / "feed-wholes"
    return FolderWholes(folder)
