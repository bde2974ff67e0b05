"""Forms of the project pages: the project, a participant of its chain, the list filter."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from wtforms import BooleanField, HiddenField, SelectField, StringField
from wtforms.validators import Optional, ValidationError

from wagewatch.models import (
    Contractor, FundingType, ParticipantRole, PaymentCycle, Project, Sector, WageGuarantee,
)
from wagewatch.services import ServiceError
from wagewatch.services.parties import contractors
from wagewatch.services.parties.projects import SORTS, ProjectDetails
from wagewatch.web.fields import ExactDecimalField, PAST_FACT, PLANNED, WindowDateField, VersionField
from wagewatch.web.forms import CONTRACTOR_INPUT, BaseForm, choices, max_length, required, SubmissionTokenField
from wagewatch.web.validators import phone_valid

SORT_LABELS = {"name": "按名称", "-name": "按名称（倒序）", "created": "按登记时间",
               "-created": "按登记时间（最新在前）"}


class Labelled(Protocol):
    """An enum member with its Chinese label."""

    @property
    def value(self) -> str: ...

    @property
    def label(self) -> str: ...


def int_or_none(value: str | int | None) -> int | None:
    """Coerce a select's value: an empty choice is None."""
    if value is None or value == "":
        return None
    return int(value)


def _enum_choices(enum_class: Iterable[Labelled], blank: str | None = None) -> list:
    pairs = [(member.value, member.label) for member in enum_class]
    return choices([("", blank), *pairs] if blank else pairs)


class _ContractorResolving(BaseForm):
    """Resolves contractor inputs (name, USCC or ID number) within the user's office."""

    def __init__(self, *args: object, office_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.office_id = office_id
        self.resolved: dict[str, Contractor] = {}
        self.preferred: dict[str, int | None] = {}

    def resolve(self, field, *, optional: bool = False) -> None:
        if optional and not field.data:
            return
        try:
            self.resolved[field.name] = contractors.resolve_contractor(
                self.office_id, field.data, prefer_id=self.preferred.get(field.name))
        except ServiceError as error:
            raise ValidationError(error.message) from error

    def contractor_id(self, name: str) -> int | None:
        found = self.resolved.get(name)
        return found.id if found else None


class ProjectForm(_ContractorResolving):
    name = StringField("项目名称", validators=[required("请输入项目名称。"), max_length(200)])
    township_id = SelectField("所在镇（街道）", coerce=int_or_none,
                              validators=[required("请选择镇（街道）。")])
    sector = SelectField("领域", choices=_enum_choices(Sector), validators=[required("请选择领域。")])
    funding_type = SelectField("投资类型", choices=_enum_choices(FundingType),
                               validators=[required("请选择投资类型。")])
    owner = StringField("建设单位", validators=[max_length(200)], render_kw=CONTRACTOR_INPUT)
    general_contractor = StringField("施工总承包单位", validators=[max_length(200)],
                                     render_kw=CONTRACTOR_INPUT)
    contract_value_yuan = ExactDecimalField("合同金额（元）", validators=[Optional()])
    start_on = WindowDateField("开工日期", window=PLANNED, validators=[Optional()])
    end_on = WindowDateField("竣工日期（计划）", window=PLANNED, validators=[Optional()])
    wage_account_bank = StringField("工资专用账户开户银行", validators=[max_length(100)])
    wage_account_number = StringField("工资专用账户账号", validators=[max_length(40)])
    wage_account_opened_on = WindowDateField("开户日期", window=PAST_FACT, validators=[Optional()])
    wage_guarantee = SelectField("工资保证金", choices=_enum_choices(WageGuarantee),
                                 default=WageGuarantee.NONE.value)
    wage_guarantee_yuan = ExactDecimalField("保证金或保函金额（元）", validators=[Optional()])
    real_name_registration = BooleanField("已实行劳动用工实名制管理")
    notice_board_checked_on = WindowDateField("维权信息告示牌最近检查日期",
                                        validators=[Optional()])
    labour_officer_name = StringField("劳资专管员", validators=[max_length(64)])
    labour_officer_phone = StringField("劳资专管员手机", validators=[max_length(20), phone_valid])
    payment_cycle = SelectField("人工费用拨付周期", choices=_enum_choices(PaymentCycle, "未登记"),
                                default="")
    site_liaison_name = StringField("包挂责任人", validators=[max_length(64)],
                                    description="负责该项目工地的政府工作人员。")
    site_liaison_position = StringField("包挂责任人单位及职务", validators=[max_length(100)])
    site_liaison_phone = StringField("包挂责任人手机", validators=[max_length(20), phone_valid])
    active = BooleanField("在建", default=True)
    submission_token = SubmissionTokenField()
    version = VersionField()
    screened_parties = HiddenField()  # the owner and contractor whose records the clerk has seen

    def validate_owner(self, field) -> None:
        self.resolve(field, optional=True)

    def validate_general_contractor(self, field) -> None:
        self.resolve(field, optional=True)

    def validate_end_on(self, field) -> None:
        if field.data and self.start_on.data and field.data < self.start_on.data:
            raise ValidationError("竣工日期不能早于开工日期。")

    def validate_wage_account_bank(self, field) -> None:
        if self.wage_account_number.data and not field.data:
            raise ValidationError("请填写工资专用账户的开户银行。")

    #: On an edit, the stored project: its phones are never sent back to the page (security.md
    #: item 12), so a blank phone keeps the stored one while the person stays the same.
    current: Project | None = None

    def _phone(self, phone: str, name: str) -> str | None:
        typed = self[phone].data
        if typed or self.current is None or self[name].data != getattr(self.current, name):
            return typed
        return getattr(self.current, phone)

    def details(self) -> ProjectDetails:
        """The checked input as the service takes it."""
        return ProjectDetails(
            name=self.name.data, township_id=self.township_id.data, sector=Sector(self.sector.data),
            funding_type=FundingType(self.funding_type.data),
            owner_id=self.contractor_id("owner"),
            general_contractor_id=self.contractor_id("general_contractor"),
            contract_value_yuan=self.contract_value_yuan.data, start_on=self.start_on.data,
            end_on=self.end_on.data, wage_account_bank=self.wage_account_bank.data,
            wage_account_number=self.wage_account_number.data,
            wage_account_opened_on=self.wage_account_opened_on.data,
            wage_guarantee=WageGuarantee(self.wage_guarantee.data),
            wage_guarantee_yuan=self.wage_guarantee_yuan.data,
            real_name_registration=self.real_name_registration.data,
            notice_board_checked_on=self.notice_board_checked_on.data,
            labour_officer_name=self.labour_officer_name.data,
            labour_officer_phone=self._phone("labour_officer_phone", "labour_officer_name"),
            payment_cycle=PaymentCycle(self.payment_cycle.data) if self.payment_cycle.data
            else None,
            site_liaison_name=self.site_liaison_name.data,
            site_liaison_position=self.site_liaison_position.data,
            site_liaison_phone=self._phone("site_liaison_phone", "site_liaison_name"),
            active=self.active.data)


class ParticipantForm(_ContractorResolving):
    contractor = StringField("参与单位或个人", validators=[required("请输入参与单位或个人。"),
                                                           max_length(200)],
                             render_kw=CONTRACTOR_INPUT)
    role = SelectField("角色", choices=_enum_choices(ParticipantRole),
                       validators=[required("请选择角色。")])
    engaged_by_id = SelectField("发包方", coerce=int_or_none, validators=[required("请选择发包方。")])
    scope = StringField("承包范围", validators=[max_length(200)], description="如：主体结构劳务、钢筋班组。")

    def validate_contractor(self, field) -> None:
        self.resolve(field)


class ProjectFilterForm(BaseForm):
    class Meta:
        csrf = False

    q = StringField("项目名称", validators=[max_length(100)])
    township_id = SelectField("镇（街道）", coerce=int_or_none)
    sector = SelectField("领域", choices=_enum_choices(Sector, "全部领域"))
    funding_type = SelectField("投资类型", choices=_enum_choices(FundingType, "全部投资类型"))
    sort = SelectField("排序", choices=choices((key, SORT_LABELS[key]) for key in SORTS),
                       default="-created")
