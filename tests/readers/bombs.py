"""Hostile and valid upload files built in code (no binary fixtures): zip and XML bombs, fakes, formulas."""

from __future__ import annotations

import io
from typing import Any
import zipfile

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

SHEET = "xl/worksheets/sheet1.xml"
SHARED_STRINGS = "xl/sharedStrings.xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
BILLION_LAUGHS_DTD = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
              for n in range(1, 10))
    + "]>\n"
)


def valid_workbook(rows: list[list[Any]] | None = None, title: str = "案件") -> bytes:
    """A small ordinary workbook as openpyxl saves it (dimension tag, inline strings)."""
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)       # a new workbook's one sheet
    sheet.title = title
    if rows is None:
        rows = [["姓名", "欠薪金额（元）"], ["张三", 1200]]
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rebuild(data: bytes, *, replace: dict[str, bytes] | None = None,
            add: dict[str, bytes] | None = None, drop: tuple[str, ...] = ()) -> bytes:
    """The same zip with some members replaced, added or dropped."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            if name not in drop:
                target.writestr(name, replace.get(name, source.read(name)))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def sheet_xml(rows: str, dimension: str | None = None) -> bytes:
    """A worksheet part around ready-made ``<row>`` XML, with an optional (possibly lying) dimension."""
    tag = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<worksheet xmlns="{MAIN_NS}">{tag}<sheetData>{rows}</sheetData></worksheet>'.encode()


def numbered_rows(count: int, columns: int = 1) -> str:
    """``count`` rows of ``columns`` numeric cells without cell references (nothing hints the size)."""
    cells = "<c><v>1</v></c>" * columns
    return "".join(f'<row r="{n}">{cells}</row>' for n in range(1, count + 1))


def with_sheet(rows: str, dimension: str | None = None) -> bytes:
    return rebuild(valid_workbook(), replace={SHEET: sheet_xml(rows, dimension)})


def entity_bomb_in_sheet() -> bytes:
    body = sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>').decode()
    return rebuild(valid_workbook(), replace={SHEET: (BILLION_LAUGHS_DTD + body).encode()})


def entity_bomb_in_shared_strings() -> bytes:
    data = valid_workbook()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml").decode()
    override = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
    strings = f'<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    types = types.replace("</Types>", override + "</Types>")
    return rebuild(data, replace={"[Content_Types].xml": types.encode()},
                   add={SHARED_STRINGS: (BILLION_LAUGHS_DTD + strings).encode()})


def zip_bomb(megabytes: int) -> bytes:
    """A workbook with one extra member of ``megabytes`` MiB of zeros, written in 1 MiB chunks."""
    out = io.BytesIO(valid_workbook())
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("xl/media/zeros.bin", "w", force_zip64=True) as member:
        chunk = bytes(1024 * 1024)
        for _ in range(megabytes):
            member.write(chunk)
    return out.getvalue()


def bzip2_member() -> bytes:
    """A member compressed with a method Excel never uses."""
    out = io.BytesIO(valid_workbook())
    with zipfile.ZipFile(out, "a", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("xl/extra.xml", b"<a/>")
    return out.getvalue()


def many_members(count: int) -> bytes:
    return rebuild(valid_workbook(), add={f"xl/extra/part{n}.txt": b"x" for n in range(count)})


def with_macros() -> bytes:
    """What an .xlsm looks like inside: a VBA project part."""
    return rebuild(valid_workbook(), add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + bytes(512)})


def ole_file(encrypted: bool) -> bytes:
    """An OLE compound file header: an old .xls, or a password-protected xlsx when encrypted."""
    stream = "EncryptionInfo" if encrypted else "Workbook"
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + stream.encode("utf-16-le") + bytes(1024)


PNG = b"\x89PNG\r\n\x1a\n" + bytes(13) + b"IEND\xaeB`\x82"
