"""Case and instrument number formats: filled per kind and year, and only safe, complete formats
accepted (rules/document_numbers.py)."""

import pytest

from wagewatch.rules.document_numbers import NumberFormatError, check_number_format, format_number

DEFAULT_DOCUMENT = "经开劳监{code}〔{year}〕{seq:03d}号"
DEFAULT_CASE = "经开劳监〔{year}〕{seq:04d}号"


def test_the_offices_format_is_filled_with_code_year_and_padded_sequence():
    assert format_number(DEFAULT_DOCUMENT, year=2026, seq=88, code="限支") == "经开劳监限支〔2026〕088号"
    assert format_number(DEFAULT_DOCUMENT, year=2026, seq=1234, code="处") == "经开劳监处〔2026〕1234号"
    assert format_number(DEFAULT_CASE, year=2026, seq=7) == "经开劳监〔2026〕0007号"
    assert format_number("铜人社监{code}字〔{year}〕第{seq}号", year=2027, seq=5,
                         code="列告") == "铜人社监列告字〔2027〕第5号"


@pytest.mark.parametrize(("pattern", "instrument"), [
    (DEFAULT_DOCUMENT, True), ("  铜劳监{code}〔{year}〕{seq}号 ", True), (DEFAULT_CASE, False),
    ("徐劳监案{{内}}〔{year}〕{seq:05d}号", False),
])
def test_complete_formats_are_accepted(pattern, instrument):
    assert check_number_format(pattern, instrument=instrument, max_length=60) == pattern.strip()


@pytest.mark.parametrize(("pattern", "instrument", "message"), [
    ("", True, "请填写格式，须含{year}、{seq}、{code}"),
    ("经开劳监〔{year}〕{seq:03d}号", True, "格式须含{code}"),      # kinds would share numbers
    ("经开劳监{code}〔{year}〕号", True, "格式须含{seq}"),
    ("经开劳监〔2026〕{seq:04d}号", False, "格式须含{year}"),
    ("经开劳监{code}〔{year}〕{seq}号", False, "不能使用“{code}”"),     # a case has no kind code
    ("{seq.__class__}{year}{code}", True, "不能使用“{seq.__class__}”"),  # no attribute access
    ("{year[0]}{seq}{code}", True, "不能使用“{year[0]}”"),
    ("{}{year}{seq}{code}", True, "不能使用“{}”"),
    ("{year!r}{seq}{code}", True, "不可用"),
    ("{year}{seq:x}{code}", True, "序号只能写作"),                     # hex: not digits
    ("{year}{seq:>8}{code}", True, "序号只能写作"),                     # space padding
    ("{year:05d}{seq}{code}", True, "{year}后不能加格式说明"),
    ("{year}{seq}{seq}{code}", True, "{seq}只能出现一次"),
    ("经开{year〔{seq}{code}", True, "花括号不成对"),
    ("徐州经济技术开发区人力资源和社会保障局劳动保障监察大队综合执法科第一执法中队行政执法文书编号登记簿第一册"
     "{code}字〔{year}〕第{seq:03d}号", True, "超过60个字符"),
])
def test_unsafe_or_incomplete_formats_are_refused_with_the_reason(pattern, instrument, message):
    with pytest.raises(NumberFormatError) as refused:
        check_number_format(pattern, instrument=instrument, max_length=60)
    assert message in refused.value.message


def test_the_longest_number_must_fit_the_column():
    pattern = "徐州经济技术开发区人力资源和社会保障局劳动保障监察大队综合执法科〔{year}〕{seq:04d}号"
    check_number_format(pattern, instrument=False, max_length=60)
    with pytest.raises(NumberFormatError, match="超过40个字符"):
        check_number_format(pattern, instrument=False, max_length=40)
