"""Password policy (security.md item 3; GB/T 22239-2019 8.1.4.1): what a new password must be."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

MIN_LENGTH = 8
MAX_LENGTH = 128
MIN_CHARACTER_CLASSES = 3

#: Common passwords and words of this context; a password containing one is refused.
COMMON_WORDS = frozenset(
    {
        "password", "passw0rd", "p@ssw0rd", "qwerty", "qwertyuiop", "asdfgh", "zxcvbn",
        "abc123", "abcd1234", "123456", "1234567", "12345678", "123456789", "111111", "000000",
        "888888", "666666", "654321", "123123", "112233", "iloveyou", "admin", "administrator",
        "root", "welcome", "letmein", "changeme", "test", "guest", "user", "login",
        "wagewatch", "laobao", "laodong", "jiancha", "renshe", "xuzhou", "jiangsu", "china",
        "gongan", "police", "leader", "clerk", "auditor", "woaini", "aini1314", "5201314",
    }
)

CLASS_PATTERNS = (
    ("小写字母", re.compile(r"[a-z]")),
    ("大写字母", re.compile(r"[A-Z]")),
    ("数字", re.compile(r"[0-9]")),
    ("符号", re.compile(r"[^a-zA-Z0-9]")),
)


@dataclass(frozen=True)
class PasswordVerdict:
    """Whether a candidate password is acceptable, with the reasons (in Chinese) if not."""

    ok: bool
    problems: tuple[str, ...]


def check_password(
    candidate: str, *, context_words: tuple[str, ...] = (), current: str | None = None
) -> PasswordVerdict:
    """Judge a new password: length 8-128, 3 of 4 character classes, no common or context word.

    ``context_words`` are the user's own names (username, display name); ``current`` is the
    password being replaced, which may not be reused.
    """
    problems: list[str] = []
    if len(candidate) < MIN_LENGTH:
        problems.append(f"密码至少{MIN_LENGTH}位")
    if len(candidate) > MAX_LENGTH:
        problems.append(f"密码不能超过{MAX_LENGTH}位")
    classes = sum(1 for _, pattern in CLASS_PATTERNS if pattern.search(candidate))
    if classes < MIN_CHARACTER_CLASSES:
        problems.append("密码须包含大写字母、小写字母、数字、符号中的至少三类")
    lowered = candidate.lower()
    words = set(COMMON_WORDS)
    words.update(w.lower() for w in context_words if w and len(w) >= 3)
    # Words of four or more characters are refused anywhere inside; shorter ones only alone.
    if any((len(w) >= 4 and w in lowered) or lowered == w for w in words):
        problems.append("密码不能包含常见密码、用户名或本系统相关词语")
    if current is not None and candidate == current:
        problems.append("新密码不能与当前密码相同")
    return PasswordVerdict(ok=not problems, problems=tuple(problems))


def password_expired(changed_at: datetime, now: datetime, max_age_days: int) -> bool:
    """A password older than ``max_age_days`` days must be changed before anything else."""
    if max_age_days <= 0:
        return False
    return now - changed_at > timedelta(days=max_age_days)


def _scrypt_cost(method: str) -> tuple[int, int, int] | None:
    """(N, r, p) of a Werkzeug method string such as ``scrypt:131072:8:1``; None if not scrypt."""
    name, *params = method.split(":")
    if name != "scrypt" or len(params) != 3:
        return None
    try:
        n, r, p = (int(param) for param in params)
        return n, r, p
    except ValueError:
        return None


def hash_needs_upgrade(stored_hash: str, method: str) -> bool:
    """Whether a stored hash is weaker than the configured ``method`` and is re-hashed at the next
    correct login (OWASP Password Storage Cheat Sheet: scrypt N=2**17, r=8, p=1 at least).

    Another algorithm, or scrypt with any of N, r or p below the configured ones, is weaker; a
    stronger stored hash is kept, never lowered."""
    stored_method = stored_hash.split("$", 1)[0]
    wanted, stored = _scrypt_cost(method), _scrypt_cost(stored_method)
    if wanted is None:
        return stored_method != method
    return stored is None or any(s < w for s, w in zip(stored, wanted, strict=True))
