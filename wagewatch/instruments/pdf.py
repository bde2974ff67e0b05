"""Optional PDF copies of instruments, converted by LibreOffice (``soffice``) when installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

TIMEOUT_SECONDS = 120


class ConversionFailed(Exception):
    """LibreOffice did not produce a PDF."""


def available() -> bool:
    """True when LibreOffice's ``soffice`` is on the PATH."""
    return shutil.which("soffice") is not None


def work_root(instance_path: str) -> Path:
    """The private folder (0700) inside the instance folder where conversions run."""
    root = Path(instance_path) / "pdf-work"
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(root, 0o700)
    return root


def clear_leftovers(instance_path: str) -> None:
    """Remove what an interrupted conversion left behind (called at start-up); a folder younger
    than the conversion timeout may belong to another worker process and is left alone."""
    root = Path(instance_path) / "pdf-work"
    if root.is_dir():
        for child in root.iterdir():
            if time.time() - child.stat().st_mtime > TIMEOUT_SECONDS:
                shutil.rmtree(child, ignore_errors=True)


def convert(docx: bytes, instance_path: str) -> bytes:
    """The PDF of ``docx``; the document and LibreOffice's profile live in a private temporary
    folder inside the instance folder, removed afterwards on every path."""
    folder = Path(tempfile.mkdtemp(prefix="convert-", dir=work_root(instance_path)))
    try:
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
    finally:
        shutil.rmtree(folder, ignore_errors=True)
