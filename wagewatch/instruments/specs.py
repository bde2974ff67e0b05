"""The default template of each kind as a compact block spec (texts per instruments' contents)."""

from __future__ import annotations

from wagewatch.instruments.citations import (
    ADMINISTRATIVE_LITIGATION_LAW, ADMINISTRATIVE_REVIEW_LAW, BLACKLIST_MEASURES, CRIMINAL_LAW,
    LABOUR_CONTRACT_LAW, LABOUR_INSPECTION, LABOUR_INSPECTION_RULES, LITIGATION_MONTHS,
    REFERRAL_RULES, REVIEW_DAYS, WAGE_PAYMENT,
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
        "施工总承包单位{{ general_contractor }}依照" + WAGE_PAYMENT + "第三十条的规定先行清偿。"),)),
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
    Para("逾期不履行的，本机关将依照" + WAGE_PAYMENT + "第四十二条的规定申请人民法院强制执行，"
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

#: The persons listed with the employer (S-45 art. 6), one line each with ID number.
LISTED_PERSONS = Each("p in persons", (Para("{{ loop.index }}．{{ p.name }}（{{ p.position }}），"
                                            "公民身份号码：{{ p.id_number }}"),))

#: The lapsed orders a proceeding rests on (事由): order number, pay-by date, unpaid amount.
LAPSED_ORDERS = Each("c in cases", (Para(
    "{{ loop.index }}．案号{{ c.case_number }}：本机关以{{ c.order_number }}责令你单位支付劳动者工资"
    "{{ c.ordered }}元（{{ c.ordered_capitals }}），该指令书于{{ c.served_on }}送达，支付期限于"
    "{{ c.pay_by_on }}届满，你单位逾期未支付。"),))

BLACKLIST_NOTICE = Spec((
    Title("拟列入拖欠农民工工资失信联合惩戒对象名单告知书"), Number(), *EMPLOYER,
    Para("经查，你单位存在下列拖欠农民工工资的违法行为："), LAPSED_ORDERS,
    Para("{{ grounds }}"),
    Para("根据{{ basis }}的规定，本机关拟将你单位及下列人员列入拖欠农民工工资失信联合惩戒对象名单："),
    LISTED_PERSONS,
    Para("根据" + BLACKLIST_MEASURES + "第六条的规定，你单位及上述人员享有陈述、申辩的权利。"
         "如有异议，可以自收到本告知书之日起{{ objection_working_days }}个工作日内（即{{ objection_due_on }}前）"
         "向本机关提出书面陈述、申辩意见并提交相关证据；本机关自收到之日起{{ objection_working_days }}个工作日内"
         "予以核实并告知结果。逾期未提出的，视为放弃陈述、申辩的权利。"),
    Para("根据" + BLACKLIST_MEASURES + "第七条的规定，你单位在本机关作出列入决定前，已经改正拖欠工资违法行为"
         "（由你单位全额支付劳动者工资），且作出不再拖欠农民工工资书面信用承诺的，可以不列入失信联合惩戒对象名单。"),
    CONTACT, Signature(),
))

LISTING_DECISION = Spec((
    Title("列入拖欠农民工工资失信联合惩戒对象名单决定书"), Number(), *EMPLOYER,
    Para("本机关于{{ notice_served_on }}向你单位送达{{ notice_number }}拟列入拖欠农民工工资失信联合惩戒对象名单告知书，"
         "{{ objection_summary }}"),
    Para("一、列入事由"), Para("{{ main_facts }}"), LAPSED_ORDERS, Para("{{ grounds }}"),
    Para("二、列入依据"),
    Para("根据{{ basis }}的规定，本机关决定将你单位及下列人员列入拖欠农民工工资失信联合惩戒对象名单，"
         "列入期限3年，自{{ starts_on }}起至{{ ends_on }}止："),
    LISTED_PERSONS,
    Para("三、联合惩戒措施提示"),
    Para("根据" + BLACKLIST_MEASURES + "第十条的规定，有关部门将对你单位及上述人员{{ punishment_measures }}"),
    Para("四、提前移出的条件和程序"),
    Para("根据" + BLACKLIST_MEASURES + "第十二条至第十四条的规定，{{ early_removal_terms }}"),
    Para("五、救济措施"),
    REMEDIES,
    Para("本决定书送达后，本机关依照" + BLACKLIST_MEASURES + "第九条的规定向社会公布。"),
    CONTACT, Signature(),
))

SUPERVISION_NOTICE = Spec((
    Title("挂牌督办通知书"), Number(),
    Para("{{ official }}：", indent=False),
    Para("{{ authority }}决定自{{ listed_on }}起对{{ employer.name }}拖欠劳动者工资一案（案号：{{ case_number }}）"
         "挂牌督办。"),
    Para("督办事由：{{ grounds }}"),
    Para("案件情况：{{ employer.name }}（{{ employer.code }}；{{ employer.representative_title }}："
         "{{ employer.representative }}；住所：{{ employer.address }}），涉及劳动者{{ worker_count }}名，"
         "主张工资共计{{ claimed_total }}元（{{ claimed_capitals }}）；{{ status }}。"),
    Para("督办要求：请{{ office_name }}指定{{ official }}负责，于{{ deadline_on }}前办结，"
         "办理期间每{{ report_every_days }}日报告一次进展，办结后报送处理结果。"),
    CONTACT, Signature(),
))

EARLY_REMOVAL_FINDINGS = (
    Para("你单位于{{ applied_on }}向本机关申请将你单位及相关人员从拖欠农民工工资失信联合惩戒对象名单"
         "（{{ listing_number }}，列入期限{{ starts_on }}至{{ ends_on }}）中提前移出。"),
    Para("经审查：{{ findings }}"),
)

EARLY_REMOVAL_DECISION = Spec((
    Title("提前移出拖欠农民工工资失信联合惩戒对象名单决定书"), Number(), *EMPLOYER,
    *EARLY_REMOVAL_FINDINGS,
    Para("根据" + BLACKLIST_MEASURES + "第十二条、第十四条的规定，本机关决定自{{ decided_on }}起将你单位及下列人员"
         "从拖欠农民工工资失信联合惩戒对象名单中提前移出，并停止公开其失信信息：{{ note }}"),
    LISTED_PERSONS,
    CONTACT, Signature(),
))

EARLY_REMOVAL_REFUSAL = Spec((
    Title("不予提前移出拖欠农民工工资失信联合惩戒对象名单决定书"), Number(), *EMPLOYER,
    *EARLY_REMOVAL_FINDINGS,
    Para("根据" + BLACKLIST_MEASURES + "第十二条至第十四条的规定，本机关决定不予提前移出，理由如下：{{ note }}"),
    REMEDIES, CONTACT, Signature(),
))

REMOVAL_DECISION = Spec((
    Title("移出拖欠农民工工资失信联合惩戒对象名单决定书"), Number(), *EMPLOYER,
    Para("本机关于{{ listing_decided_on }}以{{ listing_number }}决定将你单位及下列人员列入拖欠农民工工资失信"
         "联合惩戒对象名单，列入期限自{{ starts_on }}起至{{ ends_on }}止："),
    LISTED_PERSONS,
    Para("移出事由：{{ ground }}。{{ ground_text }}"),
    Para("根据{{ basis }}的规定，本机关决定自{{ removed_on }}起将你单位及上述人员移出拖欠农民工工资失信联合惩戒"
         "对象名单，停止公开其失信信息，并告知有关部门和信用信息共享平台。"),
    When("with_remedies", (REMEDIES,)),
    CONTACT, Signature(),
))

REFERRAL_LETTER = Spec((
    Title("涉嫌犯罪案件移送书"), Number(),
    Para("{{ police_unit }}：", indent=False),
    Para("本机关在查处{{ employer.name }}拖欠劳动者工资一案（案号：{{ case_number }}）中，发现其涉嫌拒不支付"
         "劳动报酬罪，根据" + REFERRAL_RULES + "第三条、第六条和" + CRIMINAL_LAW + "第二百七十六条之一的规定，"
         "现将该案移送你局，请依法审查，并将审查结果书面告知本机关。"),
    Para("本移送经{{ approver_name }}于{{ approved_on }}批准。"),
    Para("附件：", indent=False),
    Each("item in enclosures", (Para("{{ loop.index }}．{{ item }}"),)),
    CONTACT, Signature(),
))

INVESTIGATION_REPORT = Spec((
    Title("涉嫌犯罪案件调查报告"), CASE_NUMBER,
    Para("一、当事人基本情况", heading=True), *EMPLOYER,
    Para("二、案件来源和调查经过", heading=True),
    Para("本机关于{{ received_on }}收到投诉，于{{ accepted_on }}立案调查，承办人{{ handler }}。"),
    Para("三、查明的事实", heading=True),
    Para("经查，当事人拖欠{{ worker_count }}名劳动者工资共计{{ total }}元（{{ total_capitals }}），"
         "至今尚欠{{ outstanding }}元（{{ outstanding_capitals }}）："),
    Table(("序号", "姓名", "公民身份号码", "尚欠（元）"),
          ("{{ w.no }}", "{{ w.name }}", "{{ w.id_number }}", "{{ w.amount }}"),
          "w in workers", (14, 30, 62, 50), (("合计", "", "{{ worker_count }}人", "{{ outstanding }}"),)),
    Para("四、责令支付及送达情况", heading=True),
    Each("order in orders", (Para("{{ order.text }}"),)),
    Para("五、涉嫌犯罪的理由", heading=True),
    Para("{{ report }}"),
    Each("reason in reasons", (Para("{{ loop.index }}．{{ reason }}"),)),
    Para("六、处理意见", heading=True),
    Para("当事人的行为涉嫌构成" + CRIMINAL_LAW + "第二百七十六条之一规定的拒不支付劳动报酬罪，建议依照"
         + REFERRAL_RULES + "第三条的规定移送公安机关。"),
    Signature(),
))

MATERIALS_LIST = Spec((
    Title("移送材料清单"), CASE_NUMBER,
    Para("移送单位：{{ office_name }}；接收单位：{{ police_unit }}。", indent=False),
    Table(("序号", "材料名称", "页数", "SHA-256"),
          ("{{ m.no }}", "{{ m.name }}", "{{ m.pages }}", "{{ m.sha256 }}"),
          "m in materials", (12, 52, 14, 78), (("合计", "{{ material_count }}份", "", ""),)),
    Para("页数按文件本身计（PDF按页，图片每张1页，Word文书按22行×28字版心估算）；SHA-256为文件内容的摘要，"
         "接收单位可据以核对。", indent=False),
    Signature(),
))
