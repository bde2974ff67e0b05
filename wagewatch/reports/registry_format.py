"""The registry workbook, defined once: sheets, columns, units, enumerations and text columns,
shared by the template, the import parser and the full-registry export so that they round-trip."""

from __future__ import annotations

from wagewatch.rules.case_flow import status_label as _s
from wagewatch.rules.sources import citation

from wagewatch.models import (
    CaseStatus, Channel, ContractorKind, FundingType, NotAcceptedReason, ReferralTarget, Sector,
)

from wagewatch.reports.registry_format_steps import STEP_SHEETS
from wagewatch.reports.registry_columns import (  # noqa: F401 - re-exported
    FIRST_DATA_ROW, HEADER_ROW, INSTRUCTIONS_SHEET, LISTS_SHEET, NO, TEXT_FORMAT, YES, Column,
    Kind, choices_of as _choices,
)

CASE_SHEET = "案件"
WORKER_SHEET = "工人"


#: Case statuses an imported case may carry: every one (a case under a payment order brings its
#: order on the 限期支付 sheet).
IMPORTABLE_STATUSES = tuple(CaseStatus)

FACT_HEADERS = {
    "group_incident": "发生群体性事件",
    "extreme_incident": "发生极端事件",
    "employer_absconded": "用人单位（负责人）逃匿",
    "property_transferred": "转移、隐匿财产",
    "records_destroyed": "隐匿、销毁或篡改工资支付记录",
    "no_show_after_notice": "经有效方式通知后不到场或拒不支付",
    "ability_to_pay": "有能力支付而不支付",
}

CASE_COLUMNS: tuple[Column, ...] = (
    Column("row_key", "案件序号", Kind.INTEGER, required=True, width=10,
           help="本文件内案件的编号（1、2、3……），不可重复；“工人”表用它指明工人属于哪个案件。"),
    Column("number", "案号", Kind.CODE, max_length=40, width=26,
           help="可空。符合本机构案号格式且本机构尚未使用的，保留原案号并把当年编号推进到其后；"
                "为空或格式不同的，由系统按当年顺序重新编号，原案号记入案件经过；"
                "本机构已有相同案号的，视为重复导入，整份文件不导入。"),
    Column("received_on", "收到投诉日期", Kind.DATE, required=True, width=13,
           help="格式 2026-03-15，不能晚于今天。"),
    Column("channel", "投诉渠道", Kind.CHOICE, required=True, choices=_choices(Channel), width=16,
           help="从下拉列表选择。"),
    Column("township", "镇（街道）", Kind.TEXT, required=True, max_length=50, width=12,
           help="须为本机构已登记的镇（街道）名称。"),
    Column("sector", "领域", Kind.CHOICE, required=True, choices=_choices(Sector), width=14,
           help="工程建设领域或非工程建设领域；填写了项目的，须与项目登记的领域一致。"),
    Column("status", "状态", Kind.CHOICE, required=True, choices=_choices(CaseStatus),
           offered=tuple(s.label for s in IMPORTABLE_STATUSES), width=14,
           help=f"{_s('registered')}；{_s('investigating')}（须填受理日期）；{_s('payment_ordered')}"
                "（须填受理日期，并在“限期支付”表中至少有一份该案的指令书）；"
                f"{_s('not_accepted')}（须填不予受理原因和结案日期，即书面告知日期）；"
                f"{_s('resolved')}、{_s('withdrawn')}、{_s('referred')}（须填受理日期和结案日期）。"),
    Column("accepted_on", "受理日期", Kind.DATE, width=13,
           help="受理即立案的日期，不早于收到投诉日期。"),
    Column("closed_on", "结案日期", Kind.DATE, width=13,
           help="办结、撤销立案、移送或书面告知不予受理的日期。"),
    Column("not_accepted_reason", "不予受理原因", Kind.CHOICE, choices=_choices(NotAcceptedReason),
           width=20, help=f"状态为“{_s('not_accepted')}”时必填。"),
    Column("referral_department", "移送部门", Kind.TEXT, max_length=100, width=16,
           help=f"状态为“{_s('referred')}”时必填：接收移送的部门，移送公安的为接收的公安机关。"),
    Column("employer_name", "用人单位名称", Kind.TEXT, required=True, max_length=200, width=30,
           help="按统一社会信用代码匹配已登记单位；无代码时按名称匹配（不计“有限公司”等字样、括号和空格）；"
                "都未匹配的新登记。"),
    Column("employer_kind", "用人单位类型", Kind.CHOICE, required=True,
           choices=_choices(ContractorKind), width=16,
           help="单位，或个人（包工头、班组长等不具备用工主体资格的个人）。"),
    Column("employer_uscc", "统一社会信用代码", Kind.CODE, max_length=18, width=22,
           help="单位填写，18位（GB 32100-2015），按文本填写。"),
    Column("employer_id_number", "用人单位负责人身份证号码", Kind.CODE, max_length=18, width=22,
           help="用人单位为个人时填写，18位，按文本填写。"),
    Column("project_name", "项目名称", Kind.TEXT, max_length=200, width=28,
           help="可空。按名称匹配本机构已登记项目，未匹配的新登记（镇街、领域取本行）。"),
    Column("funding_type", "项目资金来源", Kind.CHOICE, choices=_choices(FundingType), width=12,
           help="新登记项目时必填：政府投资、国企投资或社会投资。"),
    Column("violation_ended_on", "欠薪行为终止日期", Kind.DATE, width=14,
           help=f"可空；超过2年的投诉不予受理（{citation('S-423 art. 20')}）。"),
    Column("summary", "投诉事由", Kind.TEXT, required=True, max_length=2000, width=40,
           help="简要写明欠薪事实。"),
    *(Column(key, header, Kind.YES_NO, width=12, help="是或否，空白视为否。")
      for key, header in FACT_HEADERS.items()),
    Column("referral_target", "移送对象", Kind.CHOICE, choices=_choices(ReferralTarget), width=10,
           help=f"状态为“{_s('referred')}”时填写，空白视为其他部门；"
                "公安机关的，“移送公安”表须有该案已移送的记录。"),
)

WORKER_COLUMNS: tuple[Column, ...] = (
    Column("case_row_key", "案件序号", Kind.INTEGER, required=True, width=10,
           help="该工人所属案件在“案件”表中的案件序号。"),
    Column("name", "姓名", Kind.TEXT, required=True, max_length=64, width=12),
    Column("id_number", "身份证号码", Kind.CODE, required=True, max_length=18, width=22,
           help="18位，按文本填写（否则Excel会显示为3.2E+17并丢失末位）；同一案件内不能重复。"),
    Column("phone", "手机号码", Kind.CODE, max_length=20, width=14, help="11位手机号码，可空。"),
    Column("work_from", "务工起始", Kind.DATE, width=12),
    Column("work_to", "务工截止", Kind.DATE, width=12, help="不能早于务工起始。"),
    Column("months_owed", "欠薪月数（月）", Kind.DECIMAL, required=True, width=12,
           help="0至600，可有一位小数。"),
    Column("claimed_yuan", "主张金额（元）", Kind.YUAN, required=True, width=14,
           help="0至1000亿元，最多两位小数。"),
    Column("confirmed_yuan", "核定金额（元）", Kind.YUAN, width=14,
           help="调查核定的欠薪金额，可空。"),
    Column("representative", "推选为代表", Kind.YES_NO, width=10,
           help="5人以上的集体投诉须推选代表（是/否）。"),
)

SHEETS: dict[str, tuple[Column, ...]] = {CASE_SHEET: CASE_COLUMNS, WORKER_SHEET: WORKER_COLUMNS,
                                         **STEP_SHEETS}

#: Shown at the top of the instructions sheet (the template and the export carry it alike).
GENERAL_INSTRUCTIONS = (
    "本工作簿用于批量导入案件及其工人、用人单位和项目，也是全量导出的格式，导出的文件可原样导入。",
    "“案件”表每行一个案件，“工人”表每行一名工人，用“案件序号”关联。表头不要修改，列的顺序可以调整。",
    "带*号的列必填；日期写成 2026-03-15；金额以元为单位；身份证号码、统一社会信用代码、手机号码和案号按文本填写。",
    "不要使用公式：含公式的文件会被拒绝。网页上传的文件不超过5MB、每表不超过20000行；"
    "更大的登记簿由管理员用命令行一次导入。",
    "整份文件要么全部导入，要么全部不导入：任何一行有错，系统列出所有错误（工作表、行、列、问题），"
    "改正后重新上传即可。同一文件重复上传会被识别，不会重复导入。",
    "导入的案件由导入人承办；期限按收到投诉日期和受理日期重新计算，已超期的会显示为超期。",
    "“限期支付”“限期支付明细”“清欠”“清欠分配”“移送公安”“黑名单”“列入人员”各表可空，也可整表删除；"
    "填写的，指令书及其送达、清欠及支付方和分配、移送公安的各步、黑名单程序和列入决定随案件导入，"
    "规则（黑名单候选、移送候选）按导入的记录重新判断。文书原件、附件和证据材料不随文件导入。",
    "导出文件中的身份证号码和手机号码如已脱敏（含*），不能再导入。",
)


def column_by_header(columns: tuple[Column, ...]) -> dict[str, Column]:
    return {column.header: column for column in columns}


def display_header(column: Column) -> str:
    """The header as written in the workbook: required columns end with *."""
    return column.header + ("*" if column.required else "")
