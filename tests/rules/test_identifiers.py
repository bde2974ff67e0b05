"""Identifier checks: USCC (GB 32100-2015), ID number (GB 11643-1999), mobile phone."""

from datetime import date, timedelta

import pytest

from wagewatch.rules.identifiers import (
    check_id_number, check_phone, check_uscc, hometown_of, id_number_error, id_number_facts,
)

TODAY = date(2026, 12, 4)  # the date in China the checks are judged on


@pytest.mark.parametrize(
    "value",
    ["91320301MA1MXXXXXU", "91320301134766201J", "91320391MA1R2J3K5Q", "92320301MA1R2J3K6D"],
)
def test_valid_usccs_are_accepted_without_warning(value):
    result = check_uscc(value)
    assert result.ok and result.warning is None and result.value == value


def test_a_uscc_is_cleaned_of_spaces_and_case():
    result = check_uscc(" 9132 0301 ma1m xxxx xu ")
    assert result.ok and result.value == "91320301MA1MXXXXXU"


@pytest.mark.parametrize(
    ("value", "authority"),
    [("N2320303MA1Y0B1Q0Y", "N"), ("Y1320300MA1XY2W3AM", "Y"), ("A1320300MA1XY2W3AA", "A")],
)
def test_an_a_n_or_y_authority_uscc_with_a_right_check_character_is_accepted_with_a_warning(
        value, authority):
    result = check_uscc(value)
    assert result.ok
    assert f"“{authority}”" in result.warning and "校验位正确" in result.warning


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("91320301MA1MXXXXXA", "校验位不正确"),      # wrong check character
        ("N2320303MA1Y0B1Q0A", "校验位不正确"),      # lenient authority, still a wrong check
        ("91320301MA1MXXXXX", "应为18位"),
        ("91320301MA1MXXXXXUU", "应为18位"),
        ("91320301MA1MXXXXIU", "不允许的字符"),      # I is not in the alphabet
        ("", "应为18位"),
    ],
)
def test_bad_usccs_are_refused_with_a_chinese_reason(value, message):
    result = check_uscc(value)
    assert not result.ok and message in result.error


@pytest.mark.parametrize(
    ("value", "birth", "male"),
    [
        ("320302198001011239", date(1980, 1, 1), True),
        ("11010519491231002X", date(1949, 12, 31), False),
        ("320322198506155436", date(1985, 6, 15), True),
    ],
)
def test_valid_id_numbers_are_accepted_and_read(value, birth, male):
    result = check_id_number(value, TODAY)
    assert result.ok and result.warning is None
    facts = id_number_facts(value)
    assert facts.birth_date == birth and facts.male is male and facts.hometown


def test_a_lower_case_x_check_character_is_normalised():
    assert check_id_number("11010519491231002x", TODAY).value == "11010519491231002X"


def test_an_unknown_region_code_with_a_right_check_digit_is_accepted_with_a_warning():
    result = check_id_number("999999199001010016", TODAY)
    assert result.ok
    assert "地区码" in result.warning
    assert hometown_of("999999199001010016") is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("320302198001011230", "校验位不正确"),
        ("320302198002301234", "出生日期不存在"),   # 30 February
        ("320302198013011234", "出生日期不存在"),   # month 13
        ("32030219800101123", "应为18位"),
        ("3203021980010112391", "应为18位"),
        ("32030219800101123A", "最后一位为数字或X"),
        ("3.20302198001011E17", "应为18位"),        # what Excel makes of a number
    ],
)
def test_bad_id_numbers_are_refused_with_a_chinese_reason(value, message):
    result = check_id_number(value, TODAY)
    assert not result.ok and message in result.error


def test_an_id_number_born_in_the_future_is_refused():
    from stdnum.cn import ric

    tomorrow = TODAY + timedelta(days=1)
    body = f"320302{tomorrow:%Y%m%d}123"
    value = body + ric.calc_check_digit(body + "0")
    assert "晚于今天" in check_id_number(value, TODAY).error


@pytest.mark.parametrize(
    ("value", "ok", "cleaned"),
    [
        ("13812345678", True, "13812345678"),
        ("198 1234 5678", True, "19812345678"),
        ("+8613812345678", True, "13812345678"),
        ("138-1234-5678", True, "13812345678"),
        ("12812345678", False, None),   # second digit must be 3-9
        ("1381234567", False, None),
        ("051683001234", False, None),  # a landline
        ("abcdefghijk", False, None),
    ],
)
def test_mobile_numbers(value, ok, cleaned):
    result = check_phone(value)
    assert result.ok is ok
    if ok:
        assert result.value == cleaned
    else:
        assert "11位" in result.error


@pytest.mark.parametrize("value", [
    "320303198503121238", "32030319850312123X", "320303198503121234", "320303198513121234",
    "320303198502301234", "99999919850312123", "3203031985031212345", "32030319850312123A",
    "999999198503121230", "320303203001011230", "11010519491231002X",
])
def test_the_fast_id_number_check_refuses_exactly_what_the_full_check_refuses(value):
    assert id_number_error(value, TODAY) == check_id_number(value, TODAY).error
