"""Forms of the contractor pages: the contractor itself, its persons, the list filter."""

from __future__ import annotations

from wtforms import BooleanField, HiddenField, SelectField, StringField, SubmitField
from wtforms.validators import ValidationError

from wagewatch.models import Contractor, ContractorKind, PersonPosition
from wagewatch.services.parties.contractors import SORTS, ContractorDetails
from wagewatch.web.fields import VersionField
from wagewatch.web.forms import BaseForm, choices, max_length, required, SubmissionTokenField
from wagewatch.web.validators import id_number_valid, phone_valid, uscc_valid

SORT_LABELS = {"name": "按名称", "-name": "按名称（倒序）", "created": "按登记时间",
               "-created": "按登记时间（最新在前）"}


class ContractorForm(BaseForm):
    kind = SelectField("类型", choices=choices((k.value, k.label) for k in ContractorKind),
                       validators=[required("请选择类型。")])
    name = StringField("名称或姓名", validators=[required("请输入单位名称或个人姓名。"), max_length(200)])
    short_name = StringField("简称", validators=[max_length(100)])
    uscc = StringField("统一社会信用代码", validators=[max_length(30), uscc_valid],
                       description="单位必填：18位，见营业执照。")
    id_number = StringField("身份证号码", validators=[max_length(30), id_number_valid],
                            description="个人（包工头、班组长等）必填：18位。")
    address = StringField("地址", validators=[max_length(300)])
    phone = StringField("联系电话（手机）", validators=[max_length(20), phone_valid])
    confirm_distinct = BooleanField("确认不是同一单位")
    duplicate_ids = HiddenField()
    submission_token = SubmissionTokenField()
    version = VersionField()
    submit = SubmitField("保存")

    def validate_uscc(self, field) -> None:
        if self.kind.data == ContractorKind.COMPANY and not field.data:
            raise ValidationError("单位须填写统一社会信用代码。")

    #: On an edit, the stored record: its ID number and phone are never sent back to the page
    #: (security.md item 12), so a blank input keeps them.
    current: Contractor | None = None

    def validate_id_number(self, field) -> None:
        stored = self.current.id_number if self.current else None
        if self.kind.data == ContractorKind.INDIVIDUAL and not field.data and not stored:
            raise ValidationError("个人须填写身份证号码。")

    def details(self) -> ContractorDetails:
        """The checked input as the service takes it (warnings from the validators included)."""
        id_number = self.id_number.data
        id_number_warning = getattr(self.id_number, "warning", None)
        phone = self.phone.data
        if self.current is not None:
            if not id_number:
                id_number = self.current.id_number
                id_number_warning = self.current.id_number_warning
            phone = phone or self.current.phone
        return ContractorDetails(
            kind=ContractorKind(self.kind.data), name=self.name.data,
            short_name=self.short_name.data, uscc=self.uscc.data,
            uscc_warning=getattr(self.uscc, "warning", None), id_number=id_number,
            id_number_warning=id_number_warning, address=self.address.data, phone=phone)

    def confirmed_ids(self) -> frozenset[int]:
        """The possible duplicates the clerk was shown and confirmed to be different parties."""
        if not self.confirm_distinct.data:
            return frozenset()
        return frozenset(int(part) for part in (self.duplicate_ids.data or "").split(",")
                         if part.strip().isdigit())


class PersonForm(BaseForm):
    name = StringField("姓名", validators=[required("请输入姓名。"), max_length(64)])
    position = SelectField("身份", choices=choices((p.value, p.label) for p in PersonPosition),
                           validators=[required("请选择身份。")])
    id_number = StringField("身份证号码", validators=[max_length(30), id_number_valid],
                            description="列入失信联合惩戒名单时必须有身份证号码。")
    title = StringField("职务", validators=[max_length(64)], description="如：总经理、项目经理。")
    submit = SubmitField("添加人员")

    def person_fields(self) -> dict:
        """The checked input as keyword arguments of ``contractors.add_person``."""
        return {"name": self.name.data, "position": PersonPosition(self.position.data),
                "id_number": self.id_number.data or None,
                "id_number_warning": getattr(self.id_number, "warning", None),
                "title": self.title.data or None}


class ContractorFilterForm(BaseForm):
    class Meta:
        csrf = False

    q = StringField("名称、简称或统一社会信用代码", validators=[max_length(100)])
    kind = SelectField("类型", choices=choices([("", "全部类型"),
                                              *((k.value, k.label) for k in ContractorKind)]))
    sort = SelectField("排序", choices=choices((key, SORT_LABELS[key]) for key in SORTS),
                       default="name")

    def kind_value(self) -> ContractorKind | None:
        return ContractorKind(self.kind.data) if self.kind.data in set(ContractorKind) else None
