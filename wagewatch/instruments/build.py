"""Write the default .docx template of every kind from its spec (run after changing a spec)."""

from __future__ import annotations

from pathlib import Path

from wagewatch.instruments.kinds import KINDS, TEMPLATE_FOLDER
from wagewatch.instruments.layout import build_template


def build_all(folder: Path = TEMPLATE_FOLDER) -> list[Path]:
    """Build every kind's default template into ``folder``; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS.values():
        path = folder / f"{kind.code}.docx"
        path.write_bytes(build_template(kind.spec))
        written.append(path)
    return written
