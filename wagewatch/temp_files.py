"""The app's own 0700 folders for files with personal data: prepared downloads and scratch files
(never the system temp directory), cleaned on every error and at start-up (security.md item 26)."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, Request, current_app

#: A scratch file untouched this long belongs to no live writer (a writer appends all the time).
STALE_SECONDS = 60


def export_folder(app: Flask) -> Path:
    """Where prepared files wait for their download: EXPORT_FOLDER, or instance/exports (0700)."""
    folder = Path(app.config.get("EXPORT_FOLDER") or Path(app.instance_path) / "exports")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder


def temp_folder(app: Flask | None = None) -> Path:
    """The app's scratch folder (``tmp`` inside the export folder, 0700)."""
    folder = export_folder(app or current_app) / "tmp"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


@contextmanager
def scratch_dir() -> Iterator[Path]:
    """A private scratch directory in the app's folder, removed however the block ends."""
    path = Path(tempfile.mkdtemp(prefix="scratch-", dir=temp_folder()))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def remove_stale(app: Flask, now: float | None = None) -> int:
    """Remove scratch files and directories no live writer touched for STALE_SECONDS (left by a
    killed worker); run at start-up. Returns how many entries were removed. Every process of
    every server starts by this over the shared folder: an entry another one removes meanwhile
    is skipped."""
    limit = (now or time.time()) - STALE_SECONDS
    removed = 0
    for entry in temp_folder(app).iterdir():
        try:
            newest = max([entry.stat().st_mtime] + [p.stat().st_mtime for p in entry.rglob("*")])
        except FileNotFoundError:
            continue
        if newest < limit:
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            removed += 1
    return removed


class AppRequest(Request):
    """Flask's request, with uploads over 500 KB spooled into the app's folder rather than the
    system temp directory (Werkzeug's default)."""

    def _get_file_stream(self, total_content_length, content_type, filename=None,
                         content_length=None):
        return tempfile.SpooledTemporaryFile(max_size=500 * 1024, mode="rb+",
                                             dir=temp_folder())
