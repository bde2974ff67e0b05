"""Write instance/config.py with a random SECRET_KEY on first start (`make run`); never overwrite."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

TEMPLATE = '''"""Machine-local wagewatch settings, written by `make run` on first start. Keep secret."""

SECRET_KEY = "{secret}"

# `make run` serves plain http on this machine; behind an HTTPS reverse proxy set this to True
# (or export SESSION_COOKIE_SECURE=1) so the session cookie is never sent unencrypted.
SESSION_COOKIE_SECURE = False
'''


def write_instance_config(instance_dir: Path) -> bool:
    """Create ``instance_dir/config.py`` (mode 0600) when missing; True when it was written."""
    instance_dir.mkdir(parents=True, exist_ok=True)
    target = instance_dir / "config.py"
    if target.exists():
        return False
    target.write_text(TEMPLATE.format(secret=secrets.token_urlsafe(48)), encoding="utf-8")
    target.chmod(0o600)
    return True


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "instance"
    if write_instance_config(folder):
        print(f"已生成 {folder / 'config.py'}（随机 SECRET_KEY）")
