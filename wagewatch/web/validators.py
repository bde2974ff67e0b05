"""WTForms validators over the identifier rules: errors refuse, warnings are kept for display."""

from __future__ import annotations

from collections.abc import Callable

from wtforms import Field, Form
from wtforms.validators import ValidationError

from wagewatch.rules.identifiers import IdentifierCheck, check_id_number, check_phone, check_uscc
from wagewatch.services.reference.calendar import today


def _identifier(check: Callable[[str], IdentifierCheck]) -> Callable[[Form, Field], None]:
    def validate(form: Form, field: Field) -> None:
        if not field.data:
            return
        result = check(field.data)
        if not result.ok:
            raise ValidationError(result.error)
        field.data = result.value  # normalised: upper case, no spaces
        field.warning = result.warning  # shown beside the field, saved with the record

    return validate


#: Field validators: an empty value passes (combine with ``required`` where mandatory).
uscc_valid = _identifier(check_uscc)
id_number_valid = _identifier(lambda raw: check_id_number(raw, today()))
phone_valid = _identifier(check_phone)
