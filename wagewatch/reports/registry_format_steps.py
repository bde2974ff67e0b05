"""The registry workbook's sheets for what a case carries after filing: payment orders with their
service and per-worker amounts, recoveries with who paid and their split, police referrals, and
blacklist proceedings with their listing and listed persons (S-423 art. 26; S-724; S-310; S-45)."""

from __future__ import annotations

from wagewatch.models import (
    ContractorKind, Payer, PersonPosition, PoliceDecision, ProceedingStatus, ReferralStatus,
    RemovalReason, ReviewResult, RuleSet, ServiceMethod,
)
from wagewatch.reports.registry_columns import Column, Kind, choices_of

ORDER_SHEET = "限期支付"
ORDER_ITEM_SHEET = "限期支付明细"
RECOVERY_SHEET = "清欠"
ALLOCATION_SHEET = "清欠分配"
REFERRAL_SHEET = "移送公安"
PROCEEDING_SHEET = "黑名单"
PERSON_SHEET = "列入人员"

CASE_KEY_HELP = "所属案件在“案件”表中的案件序号。"
WORKER_KEY_HELP = "工人的身份证号码，须是该案件“工人”表中的工人。"


def _case_key() -> Column:
    return Column("case_row_key", "案件序号", Kind.INTEGER, required=True, width=10,
                  help=CASE_KEY_HELP)


def _when(key: str, header: str, *, required: bool = False) -> Column:
    return Column(key, header, Kind.DATETIME, required=required, width=17,
                  help="北京时间，格式 2026-03-15 14:30。")


def _text(key: str, header: str, max_length: int = 2000, width: int = 24, *,
          required: bool = False, help: str = "") -> Column:
    return Column(key, header, Kind.TEXT, required=required, max_length=max_length, width=width,
                  help=help)


ORDER_COLUMNS: tuple[Column, ...] = (
    _case_key(),
    Column("order_key", "指令书序号", Kind.INTEGER, required=True, width=10,
           help="本文件内指令书的编号，不可重复；“限期支付明细”表用它指明金额属于哪份指令书。"),
    Column("document_number", "指令书文号", Kind.CODE, required=True, max_length=60, width=26,
           help="原文号照录；符合本机构文号格式的，本机构此后的文号接着编。"),
    Column("issued_on", "签发日期", Kind.DATE, required=True, width=12,
           help="不早于受理日期，不晚于今天。"),
    Column("amount_yuan", "责令支付金额（元）", Kind.YUAN, required=True, width=16,
           help="等于“限期支付明细”表中该指令书各工人金额之和。"),
    Column("pay_within_working_days", "支付期限（工作日）", Kind.INTEGER, required=True, width=12,
           help="自送达之日起的工作日数，1至60。"),
    Column("served_on", "送达日期", Kind.DATE, width=12,
           help="未送达的留空（未送达的指令书不会逾期）。"),
    Column("service_method", "送达方式", Kind.CHOICE, choices=choices_of(ServiceMethod), width=22,
           help="已送达的必填。"),
    _text("service_evidence", "送达情况（受送达人、签收人、照片录像等）", width=30,
          help="送达回证记载的受送达人、代收人，或张贴、留置的照片录像说明。"),
    Column("pay_by_on", "限期届满日", Kind.DATE, width=12,
           help="已送达的必填：按送达日期和工作日数算出的最后支付日，照录原指令书。"),
    Column("extra_compensation_rate", "加付赔偿金比例（%）", Kind.PERCENT, width=12,
           help="责令加付赔偿金的，填50至100（S-423第26条）；与加付金额、责令日期同时填写。"),
    Column("extra_compensation_yuan", "加付赔偿金（元）", Kind.YUAN, width=14),
    Column("extra_compensation_ordered_on", "责令加付日期", Kind.DATE, width=12,
           help="须晚于限期届满日。"),
)

ORDER_ITEM_COLUMNS: tuple[Column, ...] = (
    Column("order_key", "指令书序号", Kind.INTEGER, required=True, width=10,
           help="“限期支付”表中的指令书序号。"),
    Column("id_number", "工人身份证号码", Kind.CODE, required=True, max_length=18, width=22,
           help=WORKER_KEY_HELP),
    Column("amount_yuan", "责令支付金额（元）", Kind.YUAN, required=True, width=16),
)

RECOVERY_COLUMNS: tuple[Column, ...] = (
    _case_key(),
    Column("recovery_key", "清欠序号", Kind.INTEGER, required=True, width=10,
           help="本文件内清欠记录的编号，不可重复；“清欠分配”表用它指明分给哪些工人。"),
    Column("paid_on", "支付日期", Kind.DATE, required=True, width=12,
           help="不早于收到投诉日期，不晚于今天。"),
    Column("amount_yuan", "支付金额（元）", Kind.YUAN, required=True, width=14,
           help="大于0，等于“清欠分配”表中各工人金额之和。"),
    Column("payer", "支付方", Kind.CHOICE, required=True, choices=choices_of(Payer), width=16,
           help="实际支付的一方（S-724第29、30、36、63条）。"),
    _text("payer_name", "支付单位名称", 200, 26,
          help="可空；填写的，按统一社会信用代码或名称匹配已登记单位，未匹配的新登记。"),
    Column("payer_kind", "支付单位类型", Kind.CHOICE, choices=choices_of(ContractorKind), width=12,
           help="填写了支付单位名称时必填。"),
    Column("payer_uscc", "支付单位统一社会信用代码", Kind.CODE, max_length=18, width=22),
    Column("payer_id_number", "支付个人身份证号码", Kind.CODE, max_length=18, width=22),
    _text("note", "备注", 200, 20),
)

ALLOCATION_COLUMNS: tuple[Column, ...] = (
    Column("recovery_key", "清欠序号", Kind.INTEGER, required=True, width=10,
           help="“清欠”表中的清欠序号。"),
    Column("id_number", "工人身份证号码", Kind.CODE, required=True, max_length=18, width=22,
           help=WORKER_KEY_HELP),
    Column("amount_yuan", "分得金额（元）", Kind.YUAN, required=True, width=14,
           help="不超过该工人尚欠的金额。"),
)

REFERRAL_COLUMNS: tuple[Column, ...] = (
    _case_key(),
    Column("status", "移送状态", Kind.CHOICE, required=True, choices=choices_of(ReferralStatus),
           width=20, help="填到哪一步，就须有这一步及之前各步的时间。"),
    _when("reported_at", "专案组报告时间", required=True),
    _text("report", "报告内容", required=True, width=30),
    _text("justification", "移送理由（未经规则标记时）", width=24),
    Column("approved", "负责人批准", Kind.YES_NO, width=10, help="尚未审批的留空。"),
    _when("approved_at", "审批时间"),
    _text("approver_name", "审批人", 64, 10),
    _text("approval_note", "审批意见"),
    _when("handed_over_at", "移送时间"),
    _text("police_unit", "接收的公安机关", 100, 18),
    Column("letter_number", "移送书文号", Kind.CODE, max_length=60, width=24),
    _when("police_received_at", "公安接收时间"),
    _text("police_receiver", "公安接收人", 64, 10),
    Column("police_decision", "公安决定", Kind.CHOICE, choices=choices_of(PoliceDecision),
           width=10),
    _when("police_decided_at", "公安决定时间"),
    _text("police_reasons", "公安决定理由"),
    Column("police_case_number", "公安案号", Kind.CODE, max_length=60, width=20),
    _when("reconsideration_requested_at", "提请复议时间"),
    _when("reconsideration_answered_at", "复议答复时间"),
    Column("reconsideration_result", "复议结果", Kind.CHOICE, choices=choices_of(ReviewResult),
           width=12),
    _text("reconsideration_note", "复议说明"),
    _when("supervision_requested_at", "建议立案监督时间"),
    _text("procuratorate", "检察院", 100, 16),
    _when("supervision_answered_at", "立案监督答复时间"),
    Column("supervision_result", "立案监督结果", Kind.CHOICE, choices=choices_of(ReviewResult),
           width=12),
    _text("supervision_note", "立案监督说明"),
    _when("materials_handed_over_at", "材料移交时间"),
    _text("materials_note", "材料移交说明"),
    _when("closed_at", "移送结束时间"),
    _text("closing_note", "结束说明"),
    Column("judgement_on", "判决日期", Kind.DATE, width=12),
    _text("judgement_court", "判决法院", 100, 16),
    Column("judgement_number", "判决书号", Kind.CODE, max_length=60, width=20),
)

PROCEEDING_COLUMNS: tuple[Column, ...] = (
    Column("proceeding_key", "程序序号", Kind.INTEGER, required=True, width=10,
           help="本文件内列入程序的编号，不可重复；“列入人员”表用它指明人员属于哪次列入。"),
    _text("case_row_keys", "依据案件序号", 2000, 14, required=True,
          help="列入所依据的案件的案件序号，多个用顿号或逗号分隔，如 3、17；须是同一用人单位的案件。"),
    Column("rule_set", "适用办法", Kind.CHOICE, required=True, choices=choices_of(RuleSet),
           width=20),
    Column("status", "程序状态", Kind.CHOICE, required=True, choices=choices_of(ProceedingStatus),
           width=20),
    Column("opened_on", "启动日期", Kind.DATE, required=True, width=12),
    Column("complex_case", "情况复杂延长", Kind.YES_NO, width=10),
    _text("complex_approver", "延长批准人", 64, 10),
    Column("complex_approved_on", "延长批准日期", Kind.DATE, width=12),
    _text("complex_reason", "延长理由"),
    Column("corrected_on", "改正日期", Kind.DATE, width=12),
    Column("commitment_on", "书面信用承诺日期", Kind.DATE, width=12),
    Column("not_listed_on", "决定不予列入日期", Kind.DATE, width=12),
    _text("not_listed_reason", "不予列入理由"),
    Column("handled_on", "处理决定日期（旧办法）", Kind.DATE, width=12),
    Column("revoked_on", "撤销日期", Kind.DATE, width=12),
    _text("revocation_reason", "撤销理由"),
    Column("closed_on", "程序结束日期", Kind.DATE, width=12),
    Column("notice_number", "告知书文号", Kind.CODE, max_length=60, width=24),
    _text("notice_grounds", "告知事由"),
    _text("notice_basis", "告知依据"),
    Column("notice_served_on", "告知书送达日期", Kind.DATE, width=12),
    Column("notice_service_method", "告知书送达方式", Kind.CHOICE,
           choices=choices_of(ServiceMethod), width=22),
    Column("decision_number", "列入决定书文号", Kind.CODE, max_length=60, width=24),
    _text("authority", "决定机关", 100, 18),
    Column("decided_on", "列入决定日期", Kind.DATE, width=12),
    Column("starts_on", "名单期起", Kind.DATE, width=12),
    Column("ends_on", "名单期至", Kind.DATE, width=12),
    Column("original_ends_on", "延长前名单期至（旧办法）", Kind.DATE, width=12),
    Column("extended_on", "自动延长日期（旧办法）", Kind.DATE, width=12),
    _text("main_facts", "主要失信事实"),
    _text("grounds", "列入事由"),
    _text("basis", "列入依据"),
    _text("punishment_measures", "惩戒措施"),
    _text("early_removal_terms", "提前移出条件和程序"),
    _text("remedies", "救济途径"),
    Column("decision_served_on", "决定书送达日期", Kind.DATE, width=12),
    Column("decision_service_method", "决定书送达方式", Kind.CHOICE,
           choices=choices_of(ServiceMethod), width=22),
    Column("removed_on", "移出日期", Kind.DATE, width=12),
    Column("removal_reason", "移出原因", Kind.CHOICE, choices=choices_of(RemovalReason), width=14),
    _text("removal_note", "移出说明"),
    Column("publication_stopped_on", "停止公示日期", Kind.DATE, width=12),
)

PERSON_COLUMNS: tuple[Column, ...] = (
    Column("proceeding_key", "程序序号", Kind.INTEGER, required=True, width=10,
           help="“黑名单”表中的程序序号（须已决定列入）。"),
    _text("name", "姓名", 64, 12, required=True),
    Column("position", "职务", Kind.CHOICE, required=True, choices=choices_of(PersonPosition),
           width=18),
    Column("id_number", "身份证号码", Kind.CODE, max_length=18, width=22),
    Column("removed_on", "移出日期", Kind.DATE, width=12),
)

#: The sheets after 案件 and 工人, in workbook order; each is optional in an imported file.
STEP_SHEETS: dict[str, tuple[Column, ...]] = {
    ORDER_SHEET: ORDER_COLUMNS, ORDER_ITEM_SHEET: ORDER_ITEM_COLUMNS,
    RECOVERY_SHEET: RECOVERY_COLUMNS, ALLOCATION_SHEET: ALLOCATION_COLUMNS,
    REFERRAL_SHEET: REFERRAL_COLUMNS, PROCEEDING_SHEET: PROCEEDING_COLUMNS,
    PERSON_SHEET: PERSON_COLUMNS,
}
