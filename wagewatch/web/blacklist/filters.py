"""The filters of the blacklist and police lists, read from the query string."""

from __future__ import annotations

from flask import request
from flask_login import current_user

from wagewatch.services.blacklist import blacklist_lists
from wagewatch.web.blacklist.forms import ListFilterForm
from wagewatch.web.forms import township_filter


def list_filters() -> tuple[ListFilterForm, blacklist_lists.ListFilters]:
    """The filter form (bad values shown beside their field and left out) and what it asks for."""
    form = ListFilterForm(request.args)
    form.township.choices = township_filter(current_user.office_id)
    form.validate()
    township = form.township.data if not form.township.errors else ""
    value = {name: (None if getattr(form, name).errors else getattr(form, name).data)
             for name in ("owed_min", "owed_max", "days_min", "days_max")}
    return form, blacklist_lists.ListFilters(
        township_id=int(township) if township and township.isdigit() else None, **value)
