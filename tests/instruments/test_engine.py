"""The rendering engine keeps each template's compiled parts per process: what is kept must never
show one template's text in another's document, nor let a refused template through."""

from __future__ import annotations

import io

import docx
import pytest

from wagewatch.instruments.engine import TemplateRefused, render
from wagewatch.instruments.layout import Para, Spec, build_template


def text(document: bytes) -> str:
    return "\n".join(paragraph.text for paragraph in docx.Document(io.BytesIO(document)).paragraphs)


def template(*lines: str) -> bytes:
    return build_template(Spec(tuple(Para(line) for line in lines)))


def test_two_templates_rendered_in_turn_each_show_their_own_text():
    first, second = template("限期支付：{{ employer }}"), template("责令改正：{{ employer }}")
    for _ in range(2):
        assert "限期支付：徐州恒达" in text(render(first, {"employer": "徐州恒达"}))
        assert "责令改正：金山劳务" in text(render(second, {"employer": "金山劳务"}))
        assert "限期支付" not in text(render(second, {"employer": "金山劳务"}))


def test_the_same_template_renders_each_context_afresh():
    order = template("{{ employer }}应于{{ pay_by_on }}前支付")
    assert "甲公司应于2026年10月9日前支付" in text(render(order, {"employer": "甲公司",
                                                             "pay_by_on": "2026年10月9日"}))
    assert "乙公司应于2026年11月2日前支付" in text(render(order, {"employer": "乙公司",
                                                             "pay_by_on": "2026年11月2日"}))


def test_a_rendered_template_still_refuses_a_context_that_lacks_a_name():
    order = template("{{ employer }}应于{{ pay_by_on }}前支付")
    render(order, {"employer": "甲公司", "pay_by_on": "2026年10月9日"})
    with pytest.raises(TemplateRefused) as refused:
        render(order, {"employer": "甲公司"})
    assert refused.value.variable == "pay_by_on"


def test_an_unsafe_expression_is_refused_every_time_it_is_rendered():
    unsafe = template("{{ employer.__class__.__mro__ }}")
    for _ in range(2):
        with pytest.raises(TemplateRefused, match="不允许的表达式"):
            render(unsafe, {"employer": "甲公司"})


def test_values_are_escaped_for_xml_in_a_kept_template():
    named = template("单位：{{ employer }}")
    render(named, {"employer": "甲公司"})
    assert "单位：A&B <公司>" in text(render(named, {"employer": "A&B <公司>"}))
