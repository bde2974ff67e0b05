"""Forms of the police's pages (the step forms are the referral's own)."""

from __future__ import annotations

from wtforms import SubmitField

from wagewatch.web.forms import BaseForm


class RevealFileForm(BaseForm):
    """A POST button with a CSRF token: showing workers' full ID numbers is a recorded act."""

    submit = SubmitField("显示完整身份信息（记入审计）")
