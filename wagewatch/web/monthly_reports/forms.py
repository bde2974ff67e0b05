"""Forms of the monthly report page: issue (or re-issue with a reason) and preview a month."""

from __future__ import annotations

from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import ValidationError

from wagewatch.rules.report_period import PeriodError, parse_month
from wagewatch.web.forms import BaseForm, max_length, required

MONTH_INPUT = {"type": "month", "placeholder": "2026-11"}


def _check_month(form, field) -> None:
    try:
        parse_month(field.data or "")
    except PeriodError as error:
        raise ValidationError(str(error)) from error


class IssueForm(BaseForm):
    month = StringField("月份", validators=[required("请选择月份。"), _check_month],
                        render_kw=MONTH_INPUT)
    reason = TextAreaField("重新签发理由", validators=[max_length(500)],
                           description="首次签发无需填写；该月已签发过时必须填写，例如“10月28日补录3件案件”。")
    submit = SubmitField("签发")


class PreviewForm(BaseForm):
    month = StringField("月份", validators=[required("请选择月份。"), _check_month],
                        render_kw=MONTH_INPUT)
    submit = SubmitField("下载预览（未签发）")


class DownloadForm(BaseForm):
    """A POST button with a CSRF token: a download is an audited export."""

    submit = SubmitField("下载")
