"""The default template of each kind as a compact block spec (texts per instruments' contents)."""

from __future__ import annotations

from wagewatch.instruments.citations import (
    ADMINISTRATIVE_LITIGATION_LAW, ADMINISTRATIVE_REVIEW_LAW, BLACKLIST_MEASURES, CRIMINAL_LAW,
    LABOUR_CONTRACT_LAW, LABOUR_INSPECTION, LABOUR_INSPECTION_RULES, LITIGATION_MONTHS,
    REVIEW_DAYS,
)
from wagewatch.instruments.layout import (
    Each, Form, Number, Para, Signature, Spec, Table, Title, When,
)

CASE_NUMBER = Number("案号：{{ case_number }}")

#: The employer as every instrument addressed to it names it (H block).
EMPLOYER = (
    Para("{{ employer.name }}：", indent=False),
    Para("统一社会信用代码（公民身份号码）：{{ employer.code }}；{{ employer.representative_title }}："
         "{{ employer.representative }}；住所：{{ employer.address }}；联系电话：{{ employer.phone }}。"),
)

#: 行政复议 within 60 days or 行政诉讼 within 6 months (R block).
REMEDIES = Para(
    f"如不服本{{{{ title_short }}}}，可以在知道该行政行为之日起{REVIEW_DAYS}日内依照"
    f"{ADMINISTRATIVE_REVIEW_LAW}第二十条的规定向{{{{ review_body }}}}申请行政复议，或者在"
    f"{LITIGATION_MONTHS}个月内依照{ADMINISTRATIVE_LITIGATION_LAW}第四十六条的规定向"
    "{{ court }}提起行政诉讼。")

FILLED_ON = Para("{{ office_name }}　填表日期：{{ issued_on }}", indent=False, align="right")

CONTACT = Para("（案号：{{ case_number }}；联系人：{{ handler }}；联系单位：{{ office_name }}）")

ACCEPTANCE_NOTICE = Spec((
    Title("劳动保障监察投诉受理通知书"), Number(),
    Para("{{ complainant.name }}：", indent=False),
    Para("你（们）于{{ received_on }}投诉{{ employer.name }}拖欠工资一事，本机关经审查，认为符合受理条件，"
         f"根据{LABOUR_INSPECTION}第十四条和{LABOUR_INSPECTION_RULES}第十八条的规定，决定予以受理，"
         "并已于{{ accepted_on }}立案，案号为{{ case_number }}。"),
    Para("本案涉及劳动者{{ worker_count }}名，主张工资共计{{ claimed_total }}元。本案由劳动保障监察员"
         "{{ handler }}等承办。请保持联系方式畅通，如实提供劳动合同、考勤记录、工资支付凭证等材料，配合调查。"),
    Para("投诉人：{{ complainant.name }}，公民身份号码：{{ complainant.id_number }}，"
         "联系电话：{{ complainant.phone }}。"),
    CONTACT, Signature(),
))

NON_ACCEPTANCE_NOTICE = Spec((
    Title("劳动保障监察投诉不予受理通知书"), Number(),
    Para("{{ complainant.name }}：", indent=False),
    Para("你（们）于{{ received_on }}投诉{{ employer.name }}拖欠工资一事，本机关经审查，"
         "因{{ reason }}，根据{{ reason_basis }}的规定，决定不予受理。"),
    When("note", (Para("{{ note }}"),)),
    Para("{{ advice }}"),
    REMEDIES, CONTACT, Signature(),
))

FILING_APPROVAL = Spec((
    Title("劳动保障监察立案审批表"), CASE_NUMBER,
    Form((
        ("案件来源", "{{ channel }}"),
        ("收到投诉日期", "{{ received_on }}"),
        ("被投诉单位", "{{ employer.name }}（{{ employer.code }}）；{{ employer.representative_title }}："
                  "{{ employer.representative }}；住所：{{ employer.address }}；电话：{{ employer.phone }}"),
        ("投诉人及劳动者", "{{ worker_names }}，共{{ worker_count }}名"),
        ("主张金额", "{{ claimed_total }}元（{{ claimed_capitals }}）"),
        ("涉嫌违法事实", "{{ facts }}"),
        ("违反的规定", "{{ violated }}"),
        ("管辖审查", "用工所在地：{{ township }}（" + LABOUR_INSPECTION + "第十三条）"),
        ("时效审查", "{{ limitation }}（" + LABOUR_INSPECTION + "第二十条）"),
        ("承办人", "{{ handler }}等（监察员不少于2名，" + LABOUR_INSPECTION + "第十六条）"),
        ("承办人意见", "建议立案（{{ accepted_on }}）。签名：　　　　日期："),
        ("承办机构负责人意见", "签名：　　　　日期："),
        ("分管领导审批意见", "签名：　　　　日期："),
    )),
    FILLED_ON,
))

INQUIRY_NOTICE = Spec((
    Title("劳动保障监察询问通知书"), Number(), *EMPLOYER,
    Para("因{{ matter }}，根据" + LABOUR_INSPECTION + "第十五条的规定，请你单位{{ attendee }}于"
         "{{ appear_at }}到{{ place }}接受询问，并携带下列材料："),
    Each("item in materials", (Para("{{ loop.index }}．{{ item }}"),)),
    Para("无正当理由拒不到场、拒不提供有关材料或者提供虚假材料的，本机关将依照" + LABOUR_INSPECTION
         + "第三十条的规定处二千元以上二万元以下的罚款；经书面、电话、短信等能够确认收悉的方式通知后"
         "无正当理由拒不到场的，依法视为以逃匿方式逃避支付劳动者的劳动报酬。"),
    CONTACT, Signature(),
))

PAYMENT_ORDER = Spec((
    Title("责令限期支付（改正）指令书"), Number(), *EMPLOYER,
    When("general_contractor", (Para(
        "施工总承包单位{{ general_contractor }}依照《保障农民工工资支付条例》第三十条的规定先行清偿。"),)),
    Para("经查，{{ facts }}你单位拖欠{{ worker_count }}名劳动者工资共计{{ total }}元"
         "（{{ total_capitals }}），违反了{{ violated }}的规定。"),
    Para("根据{{ basis }}的规定，现责令你单位自收到本指令书之日起{{ pay_within_working_days }}个工作日内，"
         "向下列劳动者足额支付所欠工资，并将支付凭证报送本机关："),
    Table(("序号", "姓名", "公民身份号码", "金额（元）"),
          ("{{ w.no }}", "{{ w.name }}", "{{ w.id_number }}", "{{ w.amount }}"),
          "w in workers", (14, 30, 62, 50), (("合计", "", "{{ worker_count }}人", "{{ total }}"),)),
    Para("逾期不支付的，本机关将依照" + LABOUR_INSPECTION + "第二十六条和" + LABOUR_CONTRACT_LAW
         + "第八十五条的规定，责令你单位按应付金额百分之五十以上百分之一百以下的标准向劳动者加付赔偿金；"
         "符合" + BLACKLIST_MEASURES + "第五条规定情形的，依法列入拖欠农民工工资失信联合惩戒对象名单；"
         "涉嫌拒不支付劳动报酬罪的，依照" + CRIMINAL_LAW + "第二百七十六条之一的规定移送公安机关。"),
    REMEDIES, CONTACT, Signature(),
))

SERVICE_RECEIPT = Spec((
    Title("送达回证"), CASE_NUMBER,
    Form((
        ("送达文书名称及文号", "{{ served.title }}　{{ served.number }}"),
        ("受送达人", "{{ recipient }}"),
        ("送达地点", "{{ place }}"),
        ("送达方式", "{{ method }}（{{ method_detail }}）"),
        ("送达（收到）时间", "{{ served_at }}"),
        ("受送达人签名或盖章", "{{ signature_line }}"),
        ("代收人及身份", "{{ signer }}"),
        ("拒收事由及见证", "{{ refusal }}"),
        ("送达人", "{{ servers }}"),
        ("备注", "{{ remarks }}"),
    ), label_mm=48),
    Signature(),
))

HANDLING_DECISION = Spec((
    Title("劳动保障监察行政处理决定书"), Number(), *EMPLOYER,
    Para("本机关于{{ accepted_on }}对你单位拖欠劳动者工资一案立案调查，并于{{ order_issued_on }}以"
         "{{ order_number }}责令你单位自收到之日起{{ pay_within_working_days }}个工作日内支付所欠工资，"
         "该指令书已于{{ order_served_on }}送达，支付期限于{{ pay_by_on }}届满。"),
    Para("经查，支付期限届满后你单位仍未支付{{ worker_count }}名劳动者工资共计{{ unpaid }}元"
         "（{{ unpaid_capitals }}），有工资表、询问笔录、送达回证等证据证实。上述行为违反了{{ violated }}的规定。"),
    Para("根据" + LABOUR_CONTRACT_LAW + "第八十五条和" + LABOUR_INSPECTION
         + "第二十六条的规定，本机关决定：责令你单位自收到本决定书之日起十五日内，向下列劳动者支付所欠工资，"
         "并按所欠工资的{{ rate_percent }}%加付赔偿金共计{{ extra_total }}元（{{ extra_capitals }}）："),
    Table(("序号", "姓名", "所欠工资（元）", "加付赔偿金（元）"),
          ("{{ w.no }}", "{{ w.name }}", "{{ w.unpaid }}", "{{ w.extra }}"),
          "w in workers", (14, 42, 50, 50), (("合计", "", "{{ unpaid }}", "{{ extra_total }}"),)),
    Para("逾期不履行的，本机关将依照《保障农民工工资支付条例》第四十二条的规定申请人民法院强制执行，"
         "并依法列入拖欠农民工工资失信联合惩戒对象名单或者移送公安机关。"),
    REMEDIES, CONTACT, Signature(),
))

CLOSING_APPROVAL = Spec((
    Title("劳动保障监察结案审批表"), CASE_NUMBER,
    Form((
        ("当事人", "{{ employer.name }}（{{ employer.code }}）"),
        ("立案日期", "{{ accepted_on }}"),
        ("延期审批", "{{ extension }}"),
        ("处理结果", "{{ outcome }}"),
        ("制作送达的文书", "{{ documents }}"),
        ("主张金额", "{{ claimed_total }}元"),
        ("核定金额", "{{ confirmed_total }}元"),
        ("责令支付金额", "{{ ordered_total }}元"),
        ("已追发金额", "{{ recovered_total }}元（{{ recovered_by_payer }}）"),
        ("尚欠金额", "{{ outstanding_total }}元"),
        ("加付赔偿金", "{{ extra_compensation }}"),
        ("结案日期", "{{ closed_on }}"),
        ("承办人意见", "{{ closing_note }}　签名：　　　　日期："),
        ("承办机构负责人意见", "签名：　　　　日期："),
        ("分管领导审批意见", "签名：　　　　日期："),
    )),
    FILLED_ON,
))
