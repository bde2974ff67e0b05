"""The two-year limitation of S-423 art. 20, checked at acceptance from the recorded end dates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from wagewatch.rules.periods import period_end
from wagewatch.rules.reasons import Decision, Reason

TIME_BAR_YEARS = 2  # S-423 art. 20: not investigated when found more than 2 years after the end
SOURCE = "S-423 art. 20"


def limitation_check(violation_ended_on: date | None, work_ends: Sequence[date | None],
                     received_on: date) -> Decision:
    """Whether the complaint came more than 2 years after the violation ended (S-423 art. 20);
    ``flagged`` means time-barred. A continuing violation counts from its end: the latest of the
    case's recorded end date and the workers' last working days. With no case end date, a worker
    without a last working day means the violation has not ended (or is not recorded): not
    barred. The 2 years are counted by the Civil Code (the end day not counted; the period ends
    on the corresponding day, 29 February on 28 February)."""
    recorded = [d for d in (violation_ended_on, *work_ends) if d is not None]
    open_ended = sum(1 for d in work_ends if d is None)
    if violation_ended_on is None and (open_ended or not recorded):
        text = (f"{open_ended}名工人未记录工作结束日期，案件也未记录欠薪行为终止日期："
                "违法行为处于继续状态或终止日期未记录，自行为终了之日起计算，不能认定超过2年"
                if open_ended else "未记录欠薪行为终止日期，不能认定超过2年")
        return Decision("time_bar", False, (Reason("time_bar", SOURCE, False, text, {}),))
    ended_on = max(recorded)
    which = "案件记录的欠薪行为终止日期" if ended_on == violation_ended_on else "工人最后工作日"
    last_day = period_end(ended_on, years=TIME_BAR_YEARS)
    barred = received_on > last_day
    facts = {"ended_on": ended_on.isoformat(), "last_day": last_day.isoformat(),
             "received_on": received_on.isoformat()}
    if barred:
        text = (f"违法行为于{ended_on}终止（{which}），2年期间至{last_day}届满，"
                f"{received_on}收到投诉，已超过2年，不再查处")
    else:
        text = (f"违法行为于{ended_on}终止（{which}），2年期间至{last_day}届满，"
                f"{received_on}收到投诉，未超过2年")
    return Decision("time_bar", barred, (Reason("time_bar", SOURCE, barred, text, facts),))
