"""Optional PDF copies of instruments, converted by LibreOffice (``soffice``) when installed."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import threading
from collections import OrderedDict

from wagewatch.temp_files import scratch_dir

TIMEOUT_SECONDS = 120
#: PDFs kept in the process, newest last: an issued document never changes, and LibreOffice takes
#: one to three seconds a conversion, so a second download of the same document is served from
#: here. Bounded in bytes (a document's PDF is typically 30-200 KB).
KEPT_BYTES = 32 * 1024 * 1024

_kept: OrderedDict[bytes, bytes] = OrderedDict()
_kept_lock = threading.Lock()


class ConversionFailed(Exception):
    """LibreOffice did not produce a PDF."""


def available() -> bool:
    """True when LibreOffice's ``soffice`` is on the PATH."""
    return shutil.which("soffice") is not None


def convert(docx: bytes) -> bytes:
    """The PDF of ``docx``, converted once per process for the same bytes (kept by SHA-256)."""
    key = hashlib.sha256(docx).digest()
    with _kept_lock:
        data = _kept.get(key)
        if data is not None:
            _kept.move_to_end(key)
            return data
    data = _converted(docx)
    with _kept_lock:
        _kept[key] = data
        while sum(len(kept) for kept in _kept.values()) > KEPT_BYTES:
            _kept.popitem(last=False)
    return data


def _converted(docx: bytes) -> bytes:
    """The document and LibreOffice's profile live in a scratch folder of the app's temp-file
    module (0700, removed on every path here and, if a worker dies, at start-up)."""
    with scratch_dir() as folder:
        source = folder / "document.docx"
        source.write_bytes(docx)
        command = ["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                   "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(folder),
                   str(source)]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT_SECONDS,
                           env={**os.environ, "HOME": str(folder)})
        except (subprocess.SubprocessError, OSError) as error:
            raise ConversionFailed(str(error)) from error
        target = folder / "document.pdf"
        if not target.is_file():
            raise ConversionFailed("no PDF written")
        return target.read_bytes()
