"""What each figure of the monthly report means: its key, Chinese label, unit and definition."""

from __future__ import annotations

from dataclasses import dataclass

from wagewatch.rules.sources import citation

YUAN, PEOPLE, CASES, ITEMS, RATE = "元", "人", "件", "个", "%"


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str
    definition: str

    @property
    def is_money(self) -> bool:
        return self.unit == YUAN

    @property
    def header(self) -> str:
        return f"{self.label}（{self.unit}）"


def _figures(*items: Figure) -> dict[str, Figure]:
    return {item.key: item for item in items}


#: Figures counted per township × sector × project funding type (the "cells" of the figures).
#: "In the period" means the date lies between the period's first and last day, both included;
#: moments (referrals) are judged by their Beijing-time date.
CELL_FIGURES = _figures(
    Figure("received", "收到投诉", CASES, "收到日期在统计期内的投诉（案件）数"),
    Figure("accepted", "受理（立案）", CASES,
           f"受理日期在统计期内的案件数；受理当日立案（{citation('S-25')}），故亦为本期立案数"),
    Figure("not_accepted", "不予受理", CASES, "不予受理且书面告知日期在统计期内的投诉数"),
    Figure("closed", "结案", CASES, "以办结、撤销立案或移送结案，结案日期在统计期内的案件数"),
    Figure("opened_closed", "本期立案已结案", CASES,
           "本期受理（立案）的案件中，到统计期末已结案的件数"),
    Figure("workers", "涉及农民工", PEOPLE,
           "本期收到的案件登记的农民工人次（同一人在两件案件中计两次）"),
    Figure("arrears_yuan", "涉欠金额", YUAN,
           "本期收到的案件中各农民工被拖欠金额之和：已核定的按核定金额，未核定的按主张金额"),
    Figure("recovered_employer_yuan", "用人单位支付", YUAN, "支付日期在统计期内、由用人单位支付的清欠金额"),
    Figure("recovered_general_contractor_yuan", "总包先行清偿", YUAN,
           f"支付日期在统计期内、由施工总承包单位先行清偿的金额（{citation('S-724 art. 30')}）"),
    Figure("recovered_owner_yuan", "建设单位垫付", YUAN,
           f"支付日期在统计期内、由建设单位垫付的金额（{citation('S-724 art. 29')}）"),
    Figure("recovered_emergency_fund_yuan", "应急周转金垫付", YUAN,
           f"支付日期在统计期内、由应急周转金垫付的金额（{citation('S-724 art. 63')}）"),
    Figure("orders", "责令限期支付", CASES, "签发日期在统计期内的责令限期支付文书数"),
    Figure("ordered_yuan", "责令支付金额", YUAN, "上述文书责令支付的金额之和"),
    Figure("extra_orders", "加付赔偿金", CASES,
           f"决定加付赔偿金的日期在统计期内的文书数（{citation('S-423 art. 26')}）"),
    Figure("extra_yuan", "加付赔偿金金额", YUAN, "上述加付赔偿金金额之和"),
    Figure("referred", "移送公安", CASES, "移送（卷宗交公安机关）时间在统计期内的移送数"),
    Figure("police_filed", "公安立案", CASES, "公安机关立案决定时间在统计期内的移送数（首次决定）"),
    Figure("police_declined", "公安不予立案", CASES, "公安机关不予立案决定时间在统计期内的移送数（首次决定）"),
    Figure("supervised_new", "新挂牌督办", CASES, "挂牌日期在统计期内的督办案件数"),
    Figure("supervised_open", "督办中", CASES, "统计期末仍在督办（挂牌日期不晚于期末、期末前未结束）的案件数"),
    Figure("supervised_overdue", "督办逾期", CASES, "统计期末仍在督办且督办期限早于期末的案件数"),
    Figure("past_deadline", "办案期限已过", CASES,
           "签发（生成）当日仍未办结、最近的法定期限早于当日的案件数（数据质量，取当时状态）"),
)

RECOVERY_KEYS = ("recovered_employer_yuan", "recovered_general_contractor_yuan",
                 "recovered_owner_yuan", "recovered_emergency_fund_yuan")

PROJECT_FIGURES = _figures(
    Figure("active", "在建项目", ITEMS,
           "启用中、且开工/竣工日期与统计期有交集（未填日期视为在建）的项目数"),
    Figure("with_liaison", "已落实包挂责任人", ITEMS, "上述项目中已登记包挂责任人姓名的项目数"),
)

DERIVED_FIGURES = _figures(
    Figure("recovered_yuan", "清欠合计", YUAN, "支付日期在统计期内的清欠金额合计（各支付来源之和）"),
    Figure("closure_rate", "结案率", RATE, "本期立案已结案 ÷ 本期受理（立案）；无立案时为空"),
    Figure("coverage_rate", "包挂覆盖率", RATE, "已落实包挂责任人的在建项目 ÷ 在建项目"),
    Figure("recovery_rate", "清欠率", RATE,
           "清欠合计 ÷ 涉欠金额（同一统计期；清欠可来自以前各期收到的案件，故可超过100%）；"
           "无涉欠金额时为空"),
)

BLACKLIST_FIGURES = _figures(
    Figure("listed", "列入失信名单", ITEMS,
           f"列入决定日期在统计期内的名单期数（{citation('S-45')}、{citation('S-17')}）"),
    Figure("removed_early", "提前移出", ITEMS, "以提前移出方式移出、移出日期在统计期内的名单期数"),
    Figure("expired", "期满移出", ITEMS, "期满移出日期在统计期内的名单期数"),
    Figure("revoked", "撤销列入", ITEMS, "因责令支付文书被撤销而撤销列入、日期在统计期内的名单期数"),
    Figure("in_force", "期末在册", ITEMS, "统计期最后一日处于名单期内的名单期数"),
    Figure("major_violations", "重大违法行为（应社会公布）", ITEMS,
           f"统计期内被移送公安机关追究刑事责任的用人单位数（{citation('S-29 art. 5')}"
           "应公布的情形；本系统尚无公布登记，按应公布的单位计）"),
)

QUALITY_FIGURES = _figures(
    Figure("employers_missing_uscc", "用人单位缺统一社会信用代码", ITEMS,
           "本期收到案件的用人单位（单位，不含个人）中未登记统一社会信用代码的单位数"),
    Figure("employers_uscc_warning", "统一社会信用代码待核实", ITEMS,
           "本期收到案件的用人单位中，统一社会信用代码带核实提示（如登记管理部门码为A、N、Y）的单位数"),
    Figure("workers_invalid_id", "身份证号码无效", PEOPLE,
           "本期收到案件登记的农民工中，身份证号码不符合GB 11643-1999（位数、出生日期或校验位错误）的人数"),
    Figure("workers_unverified_id", "身份证号码待核实", PEOPLE,
           "本期收到案件登记的农民工中，身份证号码校验正确但地区码不在行政区划表内（带核实提示）的人数"),
    Figure("past_deadline", "办案期限已过", CASES, CELL_FIGURES["past_deadline"].definition),
)

SERIES_FIGURES = _figures(
    Figure("new_cases", "新收案件", CASES, "各月统计期内收到的案件数"),
    Figure("arrears_yuan", "涉欠金额", YUAN, "各月统计期内收到的案件的涉欠金额（口径同上）"),
    Figure("recovered_yuan", "清欠金额", YUAN, "各月统计期内支付的清欠金额"),
)

SECTOR_LABELS = {"construction": "工程建设领域", "non_construction": "非工程建设领域"}
FUNDING_LABELS = {"government": "政府投资", "soe": "国企投资", "private": "社会投资",
                  "none": "未关联项目"}
