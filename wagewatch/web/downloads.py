"""Workbook downloads under a server-chosen Chinese file name with an ASCII fallback (RFC 6266)."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import quote

from flask import Response, send_file

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def send_xlsx(data: bytes | str | Path, ascii_name: str, name: str) -> Response:
    """The workbook (bytes or a file path) as an attachment: ``filename`` in ASCII for old
    clients, ``filename*`` in UTF-8 with the Chinese name; never cached."""
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    response = send_file(source, mimetype=XLSX, max_age=0)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}")
    response.headers["Cache-Control"] = "no-store"
    return response
