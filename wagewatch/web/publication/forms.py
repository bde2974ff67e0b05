"""Forms of the publication page: the day filter and the download button."""

from __future__ import annotations

from wtforms import SubmitField
from wtforms.validators import Optional

from wagewatch.web.fields import SEARCHED, WindowDateField
from wagewatch.web.forms import BaseForm


class DayForm(BaseForm):
    """The list as of a day (``?on=YYYY-MM-DD``); empty means today."""

    class Meta:
        csrf = False
        locales = ("zh",)

    on = WindowDateField("公示日期", window=SEARCHED, validators=[Optional()])


class DownloadForm(BaseForm):
    """The download is a POST with a CSRF token (security.md item 8); ``on`` rides along."""

    on = WindowDateField("公示日期", window=SEARCHED, validators=[Optional()])
    submit = SubmitField("下载CSV")
    submit_xlsx = SubmitField("下载Excel")
