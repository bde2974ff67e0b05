"""Company-name normalisation used to warn about contractors registered twice."""

import pytest

from wagewatch.rules.names import normalise_name


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("徐州鑫源建设有限公司", "徐州鑫源建设（有限公司）"),
        ("徐州鑫源建设有限公司", "徐州鑫源建设有限责任公司"),
        ("徐州鑫源建设有限公司", " 徐州 鑫源 建设 有限公司 "),
        ("徐州鑫源建设有限公司", "徐州鑫源建设股份有限公司"),
        ("江苏恒达建设集团有限公司", "江苏恒达建设集团"),
        ("徐州(经开)鑫源劳务有限公司", "徐州（经开）鑫源劳务有限公司"),
        ("ＡＢＣ建设有限公司", "abc建设有限公司"),  # full-width letters fold to half-width
    ],
)
def test_legal_form_brackets_and_spaces_do_not_matter(first, second):
    assert normalise_name(first) == normalise_name(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("徐州鑫源建设有限公司", "徐州鑫源劳务有限公司"),
        ("徐州鑫源建设有限公司", "南京鑫源建设有限公司"),
    ],
)
def test_different_firms_stay_different(first, second):
    assert normalise_name(first) != normalise_name(second)


def test_a_name_that_is_only_a_legal_form_never_becomes_empty():
    assert normalise_name("有限公司")
    assert normalise_name("") == ""
