"""An example context per kind: what an uploaded template is checked against in the sandbox (a
test keeps each sample's keys equal to what its builder returns)."""

from __future__ import annotations

from wagewatch.instruments.citations import BLACKLIST_MEASURES, LABOUR_INSPECTION, LABOUR_LAW, WAGE_PAYMENT
from wagewatch.rules.sources import citation

COMMON = {
    "title": "（文书名称）",
    "office_name": "徐州经济技术开发区人力资源和社会保障局",
    "document_number": "经开劳监限支〔2026〕088号",
    "case_number": "经开劳监〔2026〕0123号",
    "issued_on": "2026年10月9日",
    "employer": {"name": "徐州恒达建筑劳务有限公司", "code": "91320301MA1XYR1200",
                 "representative_title": "法定代表人（主要负责人）", "representative": "张建军",
                 "address": "徐州经济技术开发区金山路18号", "phone": "13852001234"},
    "handler": "李明",
    "review_body": "本机关的本级人民政府",
    "court": "有管辖权的人民法院",
}

COMPLAINANT = {"complainant": {"name": "王大力等", "id_number": "320322198506155436",
                               "phone": "13912345678"}, "received_on": "2026年9月21日"}

WORKERS = [{"no": 1, "name": "王大力", "id_number": "320322198506155436", "amount": "39,500.00"},
           {"no": 2, "name": "赵小川", "id_number": "32032219900101123X", "amount": "39,500.00"}]

ACCEPTANCE_NOTICE = {**COMMON, **COMPLAINANT, "accepted_on": "2026年9月22日", "worker_count": 2,
                     "claimed_total": "79,000.00"}

NON_ACCEPTANCE_NOTICE = {**COMMON, **COMPLAINANT, "reason": "违法行为终止之日起已超过2年",
                         "reason_basis": f"{LABOUR_INSPECTION}第二十条", "advice": "可以依法申请劳动争议仲裁。",
                         "note": "", "title_short": "决定"}

FILING_APPROVAL = {**COMMON, "channel": "窗口来访", "received_on": "2026年9月21日",
                   "accepted_on": "2026年9月22日", "worker_names": "王大力、赵小川", "worker_count": 2,
                   "claimed_total": "79,000.00", "claimed_capitals": "人民币柒万玖仟元整",
                   "facts": "拖欠2名工人2026年5月至8月工资", "violated": f"{LABOUR_LAW}第五十条",
                   "township": "金山桥街道", "limitation": "违法行为仍在持续，未超过2年"}

INQUIRY_NOTICE = {**COMMON, "matter": "你单位涉嫌拖欠劳动者工资", "attendee": "法定代表人或者持授权委托书的委托代理人",
                  "appear_at": "2026年10月12日9时", "place": "徐州经济技术开发区劳动保障监察大队（金山路1号）",
                  "materials": ["营业执照副本复印件", "劳动合同", "考勤记录和工资支付台账"]}

PAYMENT_ORDER = {**COMMON, "general_contractor": "江苏恒达建设集团有限公司", "facts": "你单位在金山花园项目中，",
                 "worker_count": 2, "total": "79,000.00", "total_capitals": "人民币柒万玖仟元整",
                 "violated": f"{LABOUR_LAW}第五十条", "basis": f"{LABOUR_INSPECTION}第二十六条",
                 "pay_within_working_days": 3, "workers": WORKERS, "title_short": "指令"}

HANDLING_DECISION = {**COMMON, "accepted_on": "2026年9月22日", "order_number": "经开劳监限支〔2026〕088号",
                     "order_issued_on": "2026年9月29日", "order_served_on": "2026年9月29日",
                     "pay_by_on": "2026年10月9日", "pay_within_working_days": 3, "worker_count": 2,
                     "unpaid": "79,000.00", "unpaid_capitals": "人民币柒万玖仟元整",
                     "violated": f"{LABOUR_LAW}第五十条", "rate_percent": "50",
                     "extra_total": "39,500.00", "extra_capitals": "人民币叁万玖仟伍佰元整",
                     "workers": [{"no": 1, "name": "王大力", "unpaid": "39,500.00", "extra": "19,750.00"},
                                 {"no": 2, "name": "赵小川", "unpaid": "39,500.00", "extra": "19,750.00"}],
                     "title_short": "决定"}

SERVICE_RECEIPT = {**COMMON, "served": {"title": "责令限期支付（改正）指令书", "number": "经开劳监限支〔2026〕088号"},
                   "recipient": "徐州恒达建筑劳务有限公司", "place": "徐州经济技术开发区金山路18号",
                   "method": "直接送达", "method_detail": "交单位收件人签收", "served_at": "2026年9月29日10时",
                   "signature_line": "（签名或盖章）", "signer": "刘芳（单位收件人）", "refusal": "无",
                   "servers": "李明、周强", "remarks": "无"}

CLOSING_APPROVAL = {**COMMON, "accepted_on": "2026年9月22日", "extension": "未延期", "outcome": "已办结",
                    "documents": "责令限期支付（改正）指令书经开劳监限支〔2026〕088号（2026年9月29日送达）",
                    "claimed_total": "79,000.00", "confirmed_total": "79,000.00",
                    "ordered_total": "79,000.00", "recovered_total": "79,000.00",
                    "recovered_by_payer": "用人单位79,000.00元", "outstanding_total": "0.00",
                    "extra_compensation": "无", "closed_on": "2026年10月20日", "closing_note": "已全额支付"}

LAPSED_ORDERS = [{"case_number": "经开劳监〔2026〕0123号", "order_number": "经开劳监限支〔2026〕088号",
                  "ordered": "79,000.00", "ordered_capitals": "人民币柒万玖仟元整",
                  "served_on": "2026年9月29日", "pay_by_on": "2026年10月9日"}]

LISTED_PERSONS = [{"name": "张建军", "position": "法定代表人", "id_number": "320302198001011239"},
                  {"name": "赵工头", "position": "直接负责的主管人员", "id_number": "32032219900101123X"}]

BLACKLIST_NOTICE = {**COMMON, "proceeding_id": 1, "cases": LAPSED_ORDERS,
                    "grounds": "拖欠2名农民工工资79,000.00元，数额达到认定拒不支付劳动报酬罪的数额标准",
                    "basis": f"{WAGE_PAYMENT}第四十八条和{BLACKLIST_MEASURES}第五条",
                    "persons": LISTED_PERSONS, "objection_working_days": 5,
                    "objection_due_on": "2026年10月21日"}

LISTING_DECISION = {**COMMON, "proceeding_id": 1, "listing_id": 1, "notice_number": "经开劳监告〔2026〕3号",
                    "notice_served_on": "2026年10月14日",
                    "objection_summary": "你单位在规定期限内未提出陈述、申辩意见。",
                    "main_facts": "拖欠2名农民工工资79,000.00元，经责令限期支付逾期仍未支付",
                    "cases": LAPSED_ORDERS, "grounds": "逾期未支付，数额达到认定拒不支付劳动报酬罪的数额标准",
                    "basis": BLACKLIST_NOTICE["basis"], "persons": LISTED_PERSONS,
                    "starts_on": "2026年10月22日", "ends_on": "2029年10月22日",
                    "punishment_measures": "依法依规在政府资金支持、政府采购、招投标等方面实施失信联合惩戒。",
                    "early_removal_terms": "已改正满6个月并作出书面信用承诺的，可以书面申请提前移出。",
                    "title_short": "决定"}

SUPERVISION_NOTICE = {**COMMON, "supervision_id": 1, "authority": "徐州经济技术开发区管理委员会",
                      "official": "王主任", "grounds": "用人单位负责人逃匿", "listed_on": "2026年11月3日",
                      "deadline_on": "2026年11月30日", "worker_count": 2, "claimed_total": "79,000.00",
                      "claimed_capitals": "人民币柒万玖仟元整", "status": "案件当前状态为“调查中”",
                      "report_every_days": 7}

EARLY_REMOVAL = {**COMMON, "proceeding_id": 1, "application_id": 1, "applied_on": "2027年5月6日",
                 "listing_number": "经开劳监列决〔2026〕001号", "starts_on": "2026年10月22日",
                 "ends_on": "2029年10月22日",
                 "findings": "你单位于2026年10月30日改正拖欠工资违法行为，已作出书面信用承诺。",
                 "decided_on": "2027年5月20日", "note": "符合提前移出的条件。",
                 "persons": LISTED_PERSONS, "title_short": "决定"}

REMOVAL_DECISION = {**COMMON, "proceeding_id": 1, "listing_id": 1,
                    "listing_number": "经开劳监列决〔2026〕001号", "listing_decided_on": "2026年10月22日",
                    "starts_on": "2026年10月22日", "ends_on": "2029年10月22日", "ground": "期满移出",
                    "ground_text": "列入期限自2026年10月22日起至2029年10月22日止，已经届满。",
                    "removed_on": "2029年10月23日",
                    "basis": citation("S-45", 16) + "、第十七条",
                    "persons": LISTED_PERSONS, "with_remedies": False, "title_short": "决定"}

REFERRAL_LETTER = {**COMMON, "police_unit": "徐州经济技术开发区公安分局", "approver_name": "王局长",
                   "approved_on": "2026年11月4日",
                   "enclosures": ["涉嫌犯罪案件调查报告", "移送材料清单", "其他有关涉嫌犯罪的材料（见移送材料清单）"]}

INVESTIGATION_REPORT = {**COMMON, "received_on": "2026年9月21日", "accepted_on": "2026年9月22日",
                        "worker_count": 2, "total": "79,000.00", "total_capitals": "人民币柒万玖仟元整",
                        "outstanding": "79,000.00", "outstanding_capitals": "人民币柒万玖仟元整",
                        "workers": WORKERS,
                        "orders": [{"text": "2026年9月29日以经开劳监限支〔2026〕088号责令当事人支付79,000.00元，"
                                            "于2026年9月29日送达，支付期限于2026年10月9日届满。"}],
                        "report": "张某拖欠2名工人工资，经责令支付逾期未付，已逃匿。",
                        "reasons": ["拖欠金额达到入罪标准", "经责令支付逾期未付"]}

MATERIALS_LIST = {**COMMON, "police_unit": "徐州经济技术开发区公安分局", "material_count": 1,
                  "materials": [{"no": 1, "name": "涉嫌犯罪案件移送书", "pages": "1", "sha256": "0" * 64}]}
