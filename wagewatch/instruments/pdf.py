"""Optional PDF copies of instruments, converted by LibreOffice (``soffice``) when installed."""

from __future__ import annotations

import os
import shutil
import subprocess

from wagewatch.temp_files import scratch_dir

TIMEOUT_SECONDS = 120


class ConversionFailed(Exception):
    """LibreOffice did not produce a PDF."""


def available() -> bool:
    """True when LibreOffice's ``soffice`` is on the PATH."""
    return shutil.which("soffice") is not None


def convert(docx: bytes) -> bytes:
    """The PDF of ``docx``; the document and LibreOffice's profile live in a scratch folder of the
    app's temp-file module (0700, removed on every path here and, if a worker dies, at start-up)."""
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
