"""The shape of every decision: which rule, which source, what was met or missed, and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Reason:
    """One condition of a rule, checked: its legal source, whether it was met, and the numbers."""

    condition: str          # a stable id, e.g. "threshold", "payment_order_unpaid"
    source: str             # e.g. "S-45 art. 5", "S-JI art. 3"
    met: bool
    text: str               # in Chinese, for clerks and police
    facts: dict[str, Any] = field(default_factory=dict)  # numbers, case and document numbers

    def as_dict(self) -> dict[str, Any]:
        return {"condition": self.condition, "source": self.source, "met": self.met,
                "text": self.text, "facts": self.facts}


@dataclass(frozen=True)
class Decision:
    """A rule's outcome with all its reasons; ``flagged`` means every required condition held."""

    rule: str
    flagged: bool
    reasons: tuple[Reason, ...]
    case_numbers: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        """The reasons that decided the outcome, joined for a one-line display."""
        chosen = [r.text for r in self.reasons if r.met == self.flagged] or [r.text for r in self.reasons]
        return "；".join(chosen)

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "flagged": self.flagged, "case_numbers": list(self.case_numbers),
                "reasons": [r.as_dict() for r in self.reasons]}
