"""The attachment folder: files stored once under their SHA-256, read-only, never rewritten."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from flask import Flask, current_app

log = logging.getLogger(__name__)

CHUNK = 1024 * 1024
#: Unfinished uploads older than this are left-overs of a crashed worker.
STALE_TEMPORARY_SECONDS = 6 * 3600


def attachment_folder(app: Flask | None = None) -> Path:
    """ATTACHMENT_FOLDER, or instance/attachments; created 0700 when missing."""
    app = app or current_app
    folder = Path(app.config.get("ATTACHMENT_FOLDER") or Path(app.instance_path) / "attachments")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def temporary_folder(app: Flask | None = None) -> Path:
    """Where uploads stream while they arrive: inside the attachment folder (same file system,
    so a checked upload becomes a stored file without being copied), 0700."""
    folder = attachment_folder(app) / "tmp"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def object_path(sha256: str, app: Flask | None = None) -> Path:
    """Where the file with this SHA-256 (64 hex digits) lives."""
    if len(sha256) != 64 or any(ch not in "0123456789abcdef" for ch in sha256):
        raise ValueError("not a SHA-256 hex digest")
    return attachment_folder(app) / "objects" / sha256[:2] / sha256[2:4] / sha256


def thumbnail_path(sha256: str, app: Flask | None = None) -> Path:
    return attachment_folder(app) / "thumbnails" / sha256[:2] / f"{sha256}.jpg"


def store(source: Path, sha256: str) -> Path:
    """Keep the checked upload at ``source`` as the object ``sha256``, read-only. A file with the
    same bytes is kept once; an existing object whose bytes no longer match is replaced by the
    good copy (and logged)."""
    target = object_path(sha256)
    if target.exists():
        if file_sha256(target) == sha256:
            return target
        log.warning("stored attachment %s did not match its hash and was restored", sha256)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=target.parent, prefix=".partial-")
    os.close(handle)
    try:
        try:
            os.unlink(partial)
            os.link(source, partial)  # no copy when the folder allows hard links
        except OSError:
            shutil.copyfile(source, partial)
        os.chmod(partial, 0o400)
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return target


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def stored_objects(app: Flask | None = None) -> Iterator[Path]:
    """Every stored object file (for the integrity check)."""
    yield from sorted((attachment_folder(app) / "objects").glob("*/*/*"))


def remove_stale_temporary_files(app: Flask) -> int:
    """Delete uploads left behind by a crashed worker; returns how many were removed."""
    folder = Path(app.config.get("ATTACHMENT_FOLDER") or Path(app.instance_path) / "attachments")
    if not (folder / "tmp").is_dir():
        return 0
    removed, cutoff = 0, time.time() - STALE_TEMPORARY_SECONDS
    for path in (folder / "tmp").iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed
