"""JSON columns are written as compact UTF-8 text, the same text the standard library writes."""

import json

import pytest

from wagewatch import stored_json


@pytest.mark.parametrize("value", [
    {"rule": "blacklist_s45", "reasons": [{"text": "尚欠4名工人工资51,879.10元", "met": True,
                                          "facts": {"unpaid_yuan": "51879.10", "workers": 4}}]},
    {"numbers": [1.5, 1e16, -0.0, None, False], "nested": {"空": []}},
    {2026: "年份作键", "list": ["〔2026〕1号", "a\"b\\c\n"]},
])
def test_the_stored_text_is_what_the_standard_library_writes(value):
    assert stored_json(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def test_chinese_is_stored_as_utf8_not_escaped():
    assert stored_json({"text": "拖欠工资"}) == '{"text":"拖欠工资"}'
