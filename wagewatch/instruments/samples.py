"""An example context per kind: what an uploaded template is checked against in the sandbox (a
test keeps each sample's keys equal to what its builder returns)."""

from __future__ import annotations

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
                         "reason_basis": "《劳动保障监察条例》第二十条", "advice": "可以依法申请劳动争议仲裁。",
                         "note": "", "title_short": "决定"}

FILING_APPROVAL = {**COMMON, "channel": "窗口来访", "received_on": "2026年9月21日",
                   "accepted_on": "2026年9月22日", "worker_names": "王大力、赵小川", "worker_count": 2,
                   "claimed_total": "79,000.00", "claimed_capitals": "人民币柒万玖仟元整",
                   "facts": "拖欠2名工人2026年5月至8月工资", "violated": "《中华人民共和国劳动法》第五十条",
                   "township": "金山桥街道", "limitation": "违法行为仍在持续，未超过2年"}

INQUIRY_NOTICE = {**COMMON, "matter": "你单位涉嫌拖欠劳动者工资", "attendee": "法定代表人或者持授权委托书的委托代理人",
                  "appear_at": "2026年10月12日9时", "place": "徐州经济技术开发区劳动保障监察大队（金山路1号）",
                  "materials": ["营业执照副本复印件", "劳动合同", "考勤记录和工资支付台账"]}

PAYMENT_ORDER = {**COMMON, "general_contractor": "江苏恒达建设集团有限公司", "facts": "你单位在金山花园项目中，",
                 "worker_count": 2, "total": "79,000.00", "total_capitals": "人民币柒万玖仟元整",
                 "violated": "《中华人民共和国劳动法》第五十条", "basis": "《劳动保障监察条例》第二十六条",
                 "pay_within_working_days": 3, "workers": WORKERS, "title_short": "指令"}

HANDLING_DECISION = {**COMMON, "accepted_on": "2026年9月22日", "order_number": "经开劳监限支〔2026〕088号",
                     "order_issued_on": "2026年9月29日", "order_served_on": "2026年9月29日",
                     "pay_by_on": "2026年10月9日", "pay_within_working_days": 3, "worker_count": 2,
                     "unpaid": "79,000.00", "unpaid_capitals": "人民币柒万玖仟元整",
                     "violated": "《中华人民共和国劳动法》第五十条", "rate_percent": "50",
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
