"""The default templates: built from their specs, GB/T 9704 page and fonts, every sample renders."""

import io
import re
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from wagewatch.instruments.engine import TemplateRefused, render
from wagewatch.instruments.kinds import KINDS
from wagewatch.instruments.layout import Para, Spec, build_template


@pytest.mark.parametrize("code", sorted(KINDS))
def test_the_shipped_template_is_what_its_spec_builds(code):
    kind = KINDS[code]
    assert kind.default_template() == build_template(kind.spec), \
        "run `flask --app wsgi instruments build-templates` and commit the templates"


STYLE_REFERENCE = re.compile(r'<w:(?:pStyle|rStyle|tblStyle|basedOn|link|next) w:val="([^"]+)"')


@pytest.mark.parametrize("code", sorted(KINDS))
def test_a_template_carries_only_the_styles_and_parts_it_uses(code):
    """Every issued document is rendered, stored and downloaded whole: python-docx's 164 styles,
    their Word 2010 copy, the thumbnail and custom XML were 96 % of each file."""
    package = zipfile.ZipFile(io.BytesIO(KINDS[code].default_template()))
    names = set(package.namelist())
    assert not {n for n in names if "stylesWithEffects" in n or "thumbnail" in n
                or n.startswith("customXml/")}
    xml = {name: package.read(name).decode("utf-8") for name in names if name.endswith(".xml")}
    styles = xml["word/styles.xml"]
    defined = set(re.findall(r'w:styleId="([^"]+)"', styles))
    used = set().union(*(STYLE_REFERENCE.findall(text) for text in xml.values()))
    assert used <= defined, f"styles used but not defined: {used - defined}"
    assert {"Normal", "TableNormal", "DefaultParagraphFont", "NoList"} <= defined
    assert len(defined) <= 16 and "latentStyles" not in styles
    assert sum(info.compress_size for info in package.infolist()) < 20_000


@pytest.mark.parametrize("code", sorted(KINDS))
def test_every_kind_renders_its_sample_on_a_gb_9704_page(code):
    kind = KINDS[code]
    document = docx.Document(io.BytesIO(render(kind.default_template(), kind.sample)))
    section = document.sections[0]
    sizes = [round(v.mm, 1) for v in (section.page_width, section.page_height, section.top_margin,
                                      section.bottom_margin, section.left_margin,
                                      section.right_margin)]
    assert sizes == [210, 297, 37, 35, 28, 26]  # A4; GB/T 9704-2012 margins in mm
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 22 lines in the 225 mm type area
    title = document.paragraphs[0]
    assert title.text == kind.title and title.runs[0].font.size == Pt(22)  # 二号
    fonts = title.runs[0]._r.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "{{" not in text and "{%" not in text
    assert "2026年10月9日" in text or "2026年10月9日" in _table_text(document)


def _table_text(document) -> str:
    return "\n".join(cell.text for table in document.tables for row in table.rows
                     for cell in row.cells)


def test_the_font_table_names_a_fallback_for_each_gb_font():
    package = zipfile.ZipFile(io.BytesIO(KINDS["payment_order"].default_template()))
    fonts = package.read("word/fontTable.xml").decode()
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in fonts
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>' in fonts


def test_the_sandbox_refuses_python_internals():
    template = build_template(Spec((Para("{{ ''.__class__.__mro__ }}"),)))
    with pytest.raises(TemplateRefused, match="不允许"):
        render(template, {})


@pytest.mark.parametrize(("text", "name"), [
    ("{{ employer_secret }}", "employer_secret"),
    ("{{ employer.salary }}", "salary"),
    ("{% for w in workerz %}{{ w }}{% endfor %}", "workerz"),
])
def test_an_unknown_variable_is_refused_by_name(text, name):
    template = build_template(Spec((Para(text),)))
    with pytest.raises(TemplateRefused) as refused:
        render(template, {"employer": {"name": "某公司"}})
    assert refused.value.variable == name and name in refused.value.message


def test_values_are_escaped_as_text_not_markup():
    template = build_template(Spec((Para("{{ name }}"),)))
    hostile = '</w:t></w:r><w:r><w:t>注入 & <b>'
    document = docx.Document(io.BytesIO(render(template, {"name": hostile})))
    assert document.paragraphs[0].text == hostile
