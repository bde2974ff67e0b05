"""The legal texts instruments cite, by their full Chinese titles (one spelling for every kind)."""

LABOUR_INSPECTION = "《劳动保障监察条例》"                                   # S-423
LABOUR_INSPECTION_RULES = "《关于实施〈劳动保障监察条例〉若干规定》"            # S-25
WAGE_PAYMENT = "《保障农民工工资支付条例》"                                 # S-724
LABOUR_CONTRACT_LAW = "《中华人民共和国劳动合同法》"
LABOUR_LAW = "《中华人民共和国劳动法》"
CRIMINAL_LAW = "《中华人民共和国刑法》"
ADMINISTRATIVE_REVIEW_LAW = "《中华人民共和国行政复议法》"
ADMINISTRATIVE_LITIGATION_LAW = "《中华人民共和国行政诉讼法》"
BLACKLIST_MEASURES = "《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》"     # S-45

#: The remedies every decision states (行政复议法 2023 art. 20: 60 days; 行政诉讼法 art. 46: 6 months).
REVIEW_DAYS = 60
LITIGATION_MONTHS = 6
