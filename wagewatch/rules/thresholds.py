"""The crime threshold 数额较大 of S-JI art. 3, per province, checked against the national ranges."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from wagewatch.rules.reasons import Reason
from wagewatch.rules.sources import citation

NATIONAL_SINGLE_RANGE = (Decimal("5000"), Decimal("20000"))    # S-JI art. 3 (1)
NATIONAL_GROUP_RANGE = (Decimal("30000"), Decimal("100000"))   # S-JI art. 3 (2)
SINGLE_MIN_MONTHS = Decimal("3")
GROUP_MIN_WORKERS = 10


@dataclass(frozen=True)
class CrimeThreshold:
    """A province's figures in yuan: one worker owed 3+ months, and 10+ workers in total."""

    region: str
    name: str
    single_worker_yuan: Decimal
    group_yuan: Decimal


#: Figures fixed by the provinces (domain.md "Crime threshold"); Jiangsu is the default.
KNOWN_THRESHOLDS = (
    CrimeThreshold("jiangsu", "江苏省", Decimal("10000"), Decimal("60000")),
    CrimeThreshold("chongqing", "重庆市", Decimal("10000"), Decimal("60000")),
    CrimeThreshold("guangdong_1", "广东省一类地区（广州、深圳、珠海、佛山、中山、东莞）",
                   Decimal("20000"), Decimal("100000")),
    CrimeThreshold("guangdong_2", "广东省二类地区", Decimal("10000"), Decimal("60000")),
    CrimeThreshold("liaoning", "辽宁省", Decimal("10000"), Decimal("50000")),
    CrimeThreshold("guizhou", "贵州省", Decimal("10000"), Decimal("50000")),
    CrimeThreshold("henan", "河南省", Decimal("8000"), Decimal("40000")),
    CrimeThreshold("hunan", "湖南省", Decimal("6000"), Decimal("40000")),
)
DEFAULT_REGION = "jiangsu"


def threshold_problems(single_worker_yuan: Decimal, group_yuan: Decimal) -> list[str]:
    """Why a province's figures fall outside the national ranges of S-JI art. 3 (empty if fine)."""
    problems = []
    low, high = NATIONAL_SINGLE_RANGE
    if not low <= single_worker_yuan <= high:
        problems.append(f"单人标准须在{low:,.0f}元至{high:,.0f}元之间（{citation('S-JI art. 3')}）。")
    low, high = NATIONAL_GROUP_RANGE
    if not low <= group_yuan <= high:
        problems.append(f"10人以上标准须在{low:,.0f}元至{high:,.0f}元之间（{citation('S-JI art. 3')}）。")
    return problems


def months_text(months: Decimal) -> str:
    """Months without a trailing zero: 4, 2.5."""
    return f"{months.normalize():f}"


@dataclass(frozen=True)
class WorkerArrears:
    """What one worker is still owed: months of pay and unpaid yuan."""

    name: str
    months_owed: Decimal
    unpaid_yuan: Decimal


def threshold_reason(workers: Sequence[WorkerArrears], threshold: CrimeThreshold) -> Reason:
    """数额较大 (S-JI art. 3): one worker owed 3+ months and at least the single figure, or 10+
    workers owed at least the group figure in total. The reason names the numbers either way."""
    owed = [w for w in workers if w.unpaid_yuan > 0]
    total = sum((w.unpaid_yuan for w in owed), Decimal("0"))
    single = [w for w in owed if w.months_owed >= SINGLE_MIN_MONTHS
              and w.unpaid_yuan >= threshold.single_worker_yuan]
    group_met = len(owed) >= GROUP_MIN_WORKERS and total >= threshold.group_yuan
    facts = {"region": threshold.region, "single_worker_yuan": str(threshold.single_worker_yuan),
             "group_yuan": str(threshold.group_yuan), "workers_owed": len(owed),
             "total_unpaid_yuan": str(total),
             "single_workers": [w.name for w in single]}
    if single:
        worst = max(single, key=lambda w: w.unpaid_yuan)
        text = (f"{worst.name}被拖欠{months_text(worst.months_owed)}个月工资共{worst.unpaid_yuan:,.2f}元，"
                f"达到{threshold.name}单人“数额较大”标准（3个月以上且{threshold.single_worker_yuan:,.0f}元）")
        return Reason("threshold", "S-JI art. 3 (1)", True, text, facts)
    if group_met:
        text = (f"拖欠{len(owed)}名工人工资共{total:,.2f}元，达到{threshold.name}10人以上"
                f"“数额较大”标准（{threshold.group_yuan:,.0f}元）")
        return Reason("threshold", "S-JI art. 3 (2)", True, text, facts)
    text = (f"拖欠{len(owed)}名工人工资共{total:,.2f}元，未达到{threshold.name}“数额较大”标准"
            f"（单人3个月以上且{threshold.single_worker_yuan:,.0f}元，或10人以上共"
            f"{threshold.group_yuan:,.0f}元）")
    return Reason("threshold", "S-JI art. 3", False, text, facts)
