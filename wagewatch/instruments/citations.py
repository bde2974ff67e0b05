"""The legal texts instruments cite, by their full Chinese titles, taken from ``rules.sources``."""

from wagewatch.rules.sources import title_of

LABOUR_INSPECTION = title_of("S-423")
LABOUR_INSPECTION_RULES = title_of("S-25")
WAGE_PAYMENT = title_of("S-724")
LABOUR_CONTRACT_LAW = title_of("Labour Contract Law")
LABOUR_LAW = title_of("Labour Law")
CRIMINAL_LAW = title_of("Criminal Law")
ADMINISTRATIVE_REVIEW_LAW = title_of("Administrative Review Law")
ADMINISTRATIVE_LITIGATION_LAW = title_of("Administrative Litigation Law")
BLACKLIST_MEASURES = title_of("S-45")
REFERRAL_RULES = title_of("S-310")

#: The remedies every decision states (行政复议法 2023 art. 20: 60 days; 行政诉讼法 art. 46: 6 months).
REVIEW_DAYS = 60
LITIGATION_MONTHS = 6
