"""What every demo generator shares: the seeded random source, the anchor date, the calendar."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

from wagewatch.demo.writer import Batch, Ids
from wagewatch.rules.working_days import Deadline, WorkingDayCalendar, add_working_days
from wagewatch.rules.clock import CHINA_TZ

T = TypeVar("T")


class CachedCalendar:
    """The configured calendar with each day's answer remembered: a million cases ask about the
    same few thousand days, and the calendar package checks its whole table on every call."""

    def __init__(self, calendar: WorkingDayCalendar) -> None:
        self._calendar = calendar
        self._days: dict[date, bool] = {}
        self._known: dict[int, bool] = {}
        #: What add_working_days keeps on a calendar (WorkingDayCalendar.deadlines).
        self.deadlines: dict[tuple[date, int], Deadline] = {}

    def is_working_day(self, day: date) -> bool:
        answer = self._days.get(day)
        if answer is None:
            answer = self._days[day] = self._calendar.is_working_day(day)
        return answer

    def is_known(self, day: date) -> bool:
        answer = self._known.get(day.year)
        if answer is None:
            answer = self._known[day.year] = self._calendar.is_known(day)
        return answer

    @property
    def known_years(self) -> frozenset[int]:
        return self._calendar.known_years

    def entered_days(self, year: int) -> int:
        return self._calendar.entered_days(year)


@dataclass(frozen=True)
class Party:
    """A contractor as the generators need it: id, name, and whether it is an individual."""

    id: int
    name: str
    individual: bool = False


@dataclass
class DemoContext:
    """State of one seeding run; nothing here reads the clock or the global random source."""

    rng: random.Random
    anchor: date                      # "today" of the demo: nothing happens after it
    office_id: int
    townships: Sequence[tuple[int, str]]
    handler_ids: Sequence[int]
    calendar: CachedCalendar
    ids: Ids
    batch: Batch
    seen: dict[str, set[object]] = field(default_factory=dict)
    _deadlines: dict[tuple[date, int], Deadline] = field(default_factory=dict)
    _elapsed: dict[date, int] = field(default_factory=dict)
    _cumulative: dict[Sequence[float], list[float]] = field(default_factory=dict)

    def pick(self, key: str, options: Sequence[T], weights: Sequence[float]) -> T:
        """A weighted choice, except that an option never picked before under ``key`` comes
        first, so that even a small run shows every status, channel and payer."""
        seen = self.seen.setdefault(key, set())
        if len(seen) < len(options):
            for option in options:
                if option not in seen:
                    seen.add(option)
                    return option
        return self.choice(options, weights)

    def choice(self, options: Sequence[T], weights: Sequence[float]) -> T:
        """A weighted choice; the cumulative weights of each weight tuple are computed once."""
        cumulative = self._cumulative.get(weights)
        if cumulative is None:
            cumulative = self._cumulative[weights] = list(accumulate(weights))
        return self.rng.choices(options, cum_weights=cumulative)[0]

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def add_working_days(self, start: date, days: int) -> Deadline:
        """The ``days``-th working day after ``start`` (cached: a run asks millions of times)."""
        key = (start, days)
        if key not in self._deadlines:
            # The rule only asks is_known / is_working_day, which the cache answers.
            self._deadlines[key] = add_working_days(start, days, self.calendar)  # type: ignore[arg-type]
        return self._deadlines[key]

    def working_days_to_anchor(self, start: date) -> int:
        """Working days after ``start`` up to and including the anchor date."""
        if start not in self._elapsed:
            count, day = 0, start
            while day < self.anchor:
                day += timedelta(days=1)
                count += self.calendar.is_working_day(day)
            self._elapsed[start] = count
        return self._elapsed[start]

    def working_day_on_or_before(self, day: date) -> date:
        while not self.calendar.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def at(self, day: date, hour_from: int = 9, hour_to: int = 17) -> datetime:
        """An aware UTC timestamp during office hours (China time) of ``day``."""
        moment = time(self.rng.randint(hour_from, hour_to - 1), self.rng.randrange(60))
        return datetime.combine(day, moment, tzinfo=CHINA_TZ).astimezone(UTC)

    def handler(self) -> int:
        return self.handler_ids[self.rng.randrange(len(self.handler_ids))]

    def clamp(self, day: date) -> date:
        """No demo event lies after the anchor date."""
        return min(day, self.anchor)
