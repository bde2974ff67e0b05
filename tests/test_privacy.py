"""Masking of ID numbers and phones wherever personal data is shown or recorded."""

import pytest

from wagewatch.privacy import mask_id_number, mask_phone, mask_text, mask_value


def test_id_numbers_keep_four_characters_at_each_end():
    assert mask_id_number("32030319900101123X") == "3203**********123X"


def test_phones_keep_three_and_four_digits():
    assert mask_phone("13812345678") == "138****5678"


def test_id_numbers_inside_free_text_are_masked():
    assert mask_text("工人 320303199001011234 未领工资") == "工人 3203**********1234 未领工资"


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("id_number", "320303199001011234", "3203**********1234"),
        ("worker_id_number", "320303199001011234", "3203**********1234"),
        ("phone", "13812345678", "138****5678"),
        ("password", "Secret-123", "[已隐藏]"),
        ("password_hash", "scrypt:...", "[已隐藏]"),
        ("display_name", "张三", "张三"),
    ],
)
def test_recorded_values_are_masked_by_field_name(field, value, shown):
    assert mask_value(field, value) == shown
