"""Typed SQLAlchemy models, one noun per module, re-exported here."""

from wagewatch.models.api import ApiClient, ApiRateWindow
from wagewatch.models.attachment import Attachment, AttachmentKind, ContentType
from wagewatch.models.audit import AuditEvent
from wagewatch.models.base import Base, utcnow
from wagewatch.models.calendar import CalendarOverride, CalendarYear, DayKind
from wagewatch.models.case import (
    INVESTIGATION_STATUSES, OPEN_STATUSES, Case, CaseEvent, CaseNumberCounter, CaseParty, CaseStatus,
    Channel, Liability, NotAcceptedReason, ReferralTarget,
)
from wagewatch.models.case_import import CaseImport
from wagewatch.models.contractor import Contractor, ContractorKind, ContractorPerson, PersonPosition
from wagewatch.models.export_job import ExportJob, ExportStatus
from wagewatch.models.instrument import (
    DocumentNumberCounter, InstrumentTemplate, IssuedDocument, ServiceRecord,
)
from wagewatch.models.listing import (
    OPEN_PROCEEDING_STATUSES, BlacklistProceeding, EarlyRemovalApplication, ListedPerson, Listing,
    ListingNotice, Objection, ProceedingCase, ProceedingStatus, RemovalReason, RuleSet,
)
from wagewatch.models.monthly_report import MonthlyReport
from wagewatch.models.office import Office, Township
from wagewatch.models.payment import (
    Payer, PaymentOrder, PaymentOrderItem, Recovery, RecoveryAllocation, ServiceMethod,
)
from wagewatch.models.project import (
    FundingType, ParticipantRole, PaymentCycle, Project, ProjectParticipant, Sector, WageGuarantee,
)
from wagewatch.models.referral import (
    PoliceDecision, PoliceReferral, ReferralDocument, ReferralDocumentKind, ReferralEvent,
    ReferralStatus, ReviewResult,
)
from wagewatch.models.referral_pack import ReferralPack, ReferralPackItem
from wagewatch.models.reminder import ReminderDigest
from wagewatch.models.rules import CrimeThresholdSetting, RuleDecision, RuleDirtyEmployer, RuleRun
from wagewatch.models.search import SearchGram
from wagewatch.models.second_factor import RecoveryCode, SecondFactor
from wagewatch.models.supervision import SupervisedListing, SupervisionNote, SupervisionStatus
from wagewatch.models.user import ROLE_LABELS, PageVisit, Role, User, UserSession
from wagewatch.models.worker import CaseWorker, Worker

__all__ = [
    "AuditEvent", "Base", "CalendarOverride", "CalendarYear", "Case", "CaseEvent", "CaseNumberCounter",
    "CaseParty", "CaseStatus", "CaseWorker", "Channel", "Contractor", "ContractorKind",
    "ContractorPerson", "DayKind", "FundingType", "Liability", "NotAcceptedReason",
    "INVESTIGATION_STATUSES", "OPEN_STATUSES",
    "Office", "ParticipantRole", "Payer", "PaymentCycle", "PaymentOrder",
    "PaymentOrderItem", "PersonPosition", "Project", "ProjectParticipant", "ROLE_LABELS",
    "RecoveryCode", "SecondFactor",
    "Recovery", "RecoveryAllocation", "ReferralTarget", "Role", "Sector", "ServiceMethod",
    "Township", "User", "UserSession", "WageGuarantee", "Worker", "utcnow",
    "CrimeThresholdSetting", "ReminderDigest", "RuleDecision", "RuleDirtyEmployer", "RuleRun",
    "PoliceDecision", "PoliceReferral", "ReferralDocument", "ReferralDocumentKind", "ReferralEvent",
    "ReferralStatus", "ReviewResult", "SupervisedListing", "SupervisionNote", "SupervisionStatus",
    "BlacklistProceeding", "EarlyRemovalApplication", "ListedPerson", "Listing", "ListingNotice",
    "OPEN_PROCEEDING_STATUSES", "Objection", "ProceedingCase", "ProceedingStatus", "RemovalReason",
    "RuleSet", "ApiClient", "ApiRateWindow", "CaseImport", "ExportJob", "ExportStatus",
    "MonthlyReport", "DocumentNumberCounter", "InstrumentTemplate", "IssuedDocument",
    "ServiceRecord", "Attachment", "AttachmentKind", "ContentType", "SearchGram", "PageVisit",
    "ReferralPack", "ReferralPackItem",
]
