"""数额较大 at every edge: months, one yuan either side, 9 and 10 workers, two regions."""

from decimal import Decimal as D

import pytest

from wagewatch.rules.thresholds import (
    KNOWN_THRESHOLDS, WorkerArrears, threshold_problems, threshold_reason,
)

REGIONS = {t.region: t for t in KNOWN_THRESHOLDS}
JIANGSU, GUANGDONG_1 = REGIONS["jiangsu"], REGIONS["guangdong_1"]


def one(months: str, amount: str) -> list[WorkerArrears]:
    return [WorkerArrears("张伟", D(months), D(amount))]


@pytest.mark.parametrize(("region", "months", "amount", "met"), [
    (JIANGSU, "3", "9999.99", False),     # a fen under
    (JIANGSU, "3", "10000.00", True),     # at
    (JIANGSU, "3", "10000.01", True),     # over
    (JIANGSU, "2", "15000.00", False),    # 2 months: not enough, whatever the amount
    (JIANGSU, "2.9", "15000.00", False),
    (GUANGDONG_1, "3", "19999.99", False),
    (GUANGDONG_1, "3", "20000.00", True),
    (GUANGDONG_1, "4", "15000.00", False),  # meets Jiangsu, not Guangdong tier 1
])
def test_one_worker_owed_three_months_and_the_single_figure(region, months, amount, met):
    reason = threshold_reason(one(months, amount), region)
    assert reason.met is met
    assert reason.source.startswith("S-JI art. 3")


def group(count: int, each: str) -> list[WorkerArrears]:
    return [WorkerArrears(f"工人{i}", D("1"), D(each)) for i in range(count)]


@pytest.mark.parametrize(("region", "count", "each", "met"), [
    (JIANGSU, 10, "5999.99", False),      # 59,999.90: under
    (JIANGSU, 10, "6000.00", True),       # 60,000.00: at
    (JIANGSU, 10, "6000.01", True),       # over
    (JIANGSU, 9, "9000.00", False),       # 81,000 but only 9 workers
    (GUANGDONG_1, 10, "9999.99", False),
    (GUANGDONG_1, 10, "10000.00", True),
])
def test_ten_or_more_workers_owed_the_group_figure(region, count, each, met):
    assert threshold_reason(group(count, each), region).met is met


def test_the_reason_names_the_worker_and_the_figures_in_chinese():
    reason = threshold_reason(one("4", "12000"), JIANGSU)
    assert "张伟被拖欠4个月工资共12,000.00元" in reason.text
    assert "江苏省" in reason.text and reason.facts["single_workers"] == ["张伟"]
    missed = threshold_reason(group(9, "1000"), JIANGSU)
    assert "未达到江苏省“数额较大”标准" in missed.text


def test_workers_already_paid_do_not_count():
    workers = [*group(10, "7000"), WorkerArrears("已结清", D("1"), D("0"))]
    workers[0] = WorkerArrears("工人0", D("1"), D("0"))
    assert not threshold_reason(workers, JIANGSU).met


@pytest.mark.parametrize(("single", "grp", "ok"), [
    ("5000", "30000", True), ("20000", "100000", True), ("4999", "60000", False),
    ("10000", "100001", False), ("20001", "29999", False),
])
def test_regional_figures_must_fall_in_the_national_ranges(single, grp, ok):
    assert (threshold_problems(D(single), D(grp)) == []) is ok


def test_every_known_region_is_within_the_national_ranges():
    for threshold in KNOWN_THRESHOLDS:
        assert threshold_problems(threshold.single_worker_yuan, threshold.group_yuan) == []
