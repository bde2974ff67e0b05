"""GB/T 9704-2012 layout: build a .docx template (with docxtpl tags) from a compact block spec.

A4, margins 37 (top) / 35 (bottom) / 28 (left, binding) / 26 mm (right), a type area of
156 × 225 mm holding 22 lines of 28 characters (line pitch and character grid), body 仿宋_GB2312
三号 (16 pt), title 方正小标宋简体 二号 (22 pt) centred, the 文号 line centred under it, the issuing
office and the date 4 characters in from the right with room for the seal, page numbers
“— 1 —” in 宋体 四号, odd pages right and even pages left.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from wagewatch.instruments.package import trim

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
#: What a reader without the GB fonts sees instead (fontTable w:altName).
FONT_FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", HEADING_FONT: "SimHei"}

TITLE_SIZE = Pt(22)   # 二号
BODY_SIZE = Pt(16)    # 三号
SMALL_SIZE = Pt(14)   # 四号 (page numbers, table text)
LINE_PITCH_TWIPS = 579  # 225 mm / 22 lines = 28.99 pt; 579 twips keeps 22 lines inside the area
#: 28 characters in 156 mm = 15.79 pt each: 16 pt glyphs condensed by 0.25 pt (w:spacing in
#: twentieths of a point). A character grid (linesAndChars) narrower than the glyph makes
#: LibreOffice and WPS give each character two cells, so the grid holds the lines only.
CHAR_SPACING_TWIPS = -5
INDENT = Pt(32)       # two characters


@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class Number:
    """The 文号 line (or the case number on an internal form)."""

    text: str = "{{ document_number }}"


@dataclass(frozen=True)
class Para:
    text: str
    indent: bool = True
    align: str = "justify"  # justify, center, right, left
    heading: bool = False


@dataclass(frozen=True)
class Each:
    """Paragraphs repeated for every item of a list in the context (docxtpl {%p for %})."""

    loop: str  # e.g. "item in remedies"
    paras: tuple[Para, ...]


@dataclass(frozen=True)
class When:
    """Blocks shown only when a context value is true (docxtpl {%p if %})."""

    condition: str
    blocks: tuple[object, ...]


@dataclass(frozen=True)
class Table:
    """A table with a header row, one row per item of ``loop`` and optional footer rows."""

    headers: tuple[str, ...]
    cells: tuple[str, ...]
    loop: str
    widths_mm: tuple[float, ...]
    footer: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Form:
    """A two-column form (approval forms, 送达回证): label and value per row."""

    rows: tuple[tuple[str, str], ...]
    label_mm: float = 40


@dataclass(frozen=True)
class Signature:
    """Issuing office and date, with the blank lines the seal presses on."""

    office: str = "{{ office_name }}"
    day: str = "{{ issued_on }}"


@dataclass(frozen=True)
class Spec:
    """Everything that makes a kind's default template."""

    blocks: tuple[object, ...] = field(default_factory=tuple)


def _fonts(run_or_style, east_asia: str, size: Pt, bold: bool = False) -> None:
    font = run_or_style.font
    font.name, font.size, font.bold = LATIN_FONT, size, bold
    element = run_or_style.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def _spacing(paragraph, exact: bool = True) -> None:
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_PITCH_TWIPS / 20)


ALIGN = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "left": WD_ALIGN_PARAGRAPH.LEFT}


def _para(container, text: str, *, font: str = BODY_FONT, size: Pt = BODY_SIZE,
          align: str = "justify", indent: bool = False, right_indent: Pt | None = None,
          bold: bool = False):
    paragraph = container.add_paragraph()
    paragraph.alignment = ALIGN[align]
    _spacing(paragraph)
    if indent:
        paragraph.paragraph_format.first_line_indent = INDENT
    if right_indent is not None:
        paragraph.paragraph_format.right_indent = right_indent
    if text:
        _fonts(paragraph.add_run(text), font, size, bold)
    return paragraph


def _page_setup(document) -> None:
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(23)  # the page number line ends about 7 mm below the type area
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    normal = document.styles["Normal"]
    _fonts(normal, BODY_FONT, BODY_SIZE)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(CHAR_SPACING_TWIPS))
    normal.element.get_or_add_rPr().append(spacing)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, "right")
    _page_number(section.even_page_footer, "left")


def _page_number(footer, align: str) -> None:
    paragraph = footer.paragraphs[0]
    paragraph.alignment = ALIGN[align]
    for text in ("— ", None, " —"):
        if text is None:
            field = OxmlElement("w:fldSimple")
            field.set(qn("w:instr"), " PAGE ")
            run = paragraph.add_run("1")
            _fonts(run, PAGE_NUMBER_FONT, SMALL_SIZE)
            run._r.addprevious(field)
            field.append(run._r)
        else:
            _fonts(paragraph.add_run(text), PAGE_NUMBER_FONT, SMALL_SIZE)


def _font_fallbacks(document) -> None:
    """Name a substitute for each GB font in the font table, for machines without it."""
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            part = rel.target_part
            xml = part.blob.decode("utf-8")
            entries = "".join(
                f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
                f'<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
                for name, alt in FONT_FALLBACKS.items())
            part._blob = re.sub(r"</w:fonts>\s*$", entries + "</w:fonts>", xml).encode("utf-8")


def _cell_text(cell, text: str, align: str = "center", size: Pt = SMALL_SIZE) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = ALIGN[align]
    _spacing(paragraph, exact=False)
    if text:
        _fonts(paragraph.add_run(text), BODY_FONT, size)


def _widths(table, widths_mm) -> None:
    """Fixed column widths (Word and LibreOffice read the grid, not only the cells)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)


def _table(document, block: Table) -> None:
    table = document.add_table(rows=0, cols=len(block.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, block.widths_mm)
    rows = [list(block.headers), [f"{{%tr for {block.loop} %}}"], list(block.cells),
            ["{%tr endfor %}"], *map(list, block.footer)]
    for values in rows:
        cells = table.add_row().cells
        for index, cell in enumerate(cells):
            cell.width = Mm(block.widths_mm[index])
            text = values[index] if index < len(values) else ""
            _cell_text(cell, text)


def _form(document, block: Form) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, (block.label_mm, 156 - block.label_mm))
    for label, value in block.rows:
        cells = table.add_row().cells
        cells[0].width, cells[1].width = Mm(block.label_mm), Mm(156 - block.label_mm)
        _cell_text(cells[0], label, "center", BODY_SIZE)
        _cell_text(cells[1], value, "left", BODY_SIZE)


def _blocks(document, blocks) -> None:
    for block in blocks:
        if isinstance(block, Title):
            _para(document, block.text, font=TITLE_FONT, size=TITLE_SIZE, align="center")
            _para(document, "")
        elif isinstance(block, Number):
            _para(document, block.text, align="center")
            _para(document, "")
        elif isinstance(block, Para):
            _para(document, block.text, font=HEADING_FONT if block.heading else BODY_FONT,
                  align=block.align, indent=block.indent)
        elif isinstance(block, Each):
            _para(document, f"{{%p for {block.loop} %}}")
            _blocks(document, block.paras)
            _para(document, "{%p endfor %}")
        elif isinstance(block, When):
            _para(document, f"{{%p if {block.condition} %}}")
            _blocks(document, block.blocks)
            _para(document, "{%p endif %}")
        elif isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, Form):
            _form(document, block)
        elif isinstance(block, Signature):
            for _ in range(2):
                _para(document, "")  # the seal presses on the office name and the date
            _para(document, block.office, align="right", right_indent=Pt(16 * 2))
            _para(document, block.day, align="right", right_indent=Pt(16 * 4))
        else:
            raise TypeError(f"unknown block {block!r}")


def build_template(spec: Spec) -> bytes:
    """The .docx bytes of a default template built from ``spec`` (deterministic apart from the
    package's timestamps, which are fixed)."""
    document = Document()
    _page_setup(document)
    _font_fallbacks(document)
    body = document.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    _blocks(document, spec.blocks)
    trim(document)
    properties = document.core_properties
    properties.author = properties.last_modified_by = "wagewatch"
    properties.created = properties.modified = datetime(2026, 1, 1)
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same package with fixed member times, so a spec always builds the same bytes."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, source.read(member.filename))
    return target.getvalue()
