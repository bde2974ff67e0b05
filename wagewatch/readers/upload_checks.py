"""Opening an uploaded workbook safely (security.md item 14): size, real xlsx, bombs, formulas, limits."""

from __future__ import annotations

import io
import logging
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from xml.parsers import expat

import openpyxl
from defusedxml import DefusedXmlException
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.xml import DEFUSEDXML
from openpyxl.xml import functions as openpyxl_xml_functions

# openpyxl parses every part with defusedxml only when it is installed and not switched off
# (OPENPYXL_DEFUSEDXML=False). Refuse to import rather than parse uploads without it; create_app
# checks the same at start-up. A real check, not `assert`, so that `python -O` keeps it.
if not DEFUSEDXML or not openpyxl_xml_functions.iterparse.__module__.startswith("defusedxml"):
    raise ImportError("defusedxml is not installed or openpyxl does not use it: uploaded "
                      "workbooks would be parsed without protection against XML bombs.")

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
#: Zip pre-check, read from the central directory before anything is decompressed.
MAX_MEMBERS = 200
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
#: Per worksheet, header rows included.
MAX_ROWS = 20_000
MAX_COLUMNS = 60
#: Elements streamed across all XML parts, and strings in the shared-string table: bounds the
#: time and memory of reading even when rows and columns stay within the limits.
MAX_XML_ELEMENTS = 8_000_000
MAX_SHARED_STRINGS = MAX_ROWS * MAX_COLUMNS
CELL_REFERENCE = re.compile(r"^\$?([A-Za-z]{1,3})\$?\d+$")

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The stream an encrypted (password-protected) xlsx carries inside its OLE container.
OLE_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
REQUIRED_MEMBERS = ("[Content_Types].xml", "xl/workbook.xml")
#: Macro parts: VBA projects, Excel 4 macro sheets, ActiveX controls.
MACRO_MEMBER = re.compile(r"(^|/)vbaProject[^/]*\.bin$|^xl/(macrosheets|activeX)/", re.IGNORECASE)
SAVE_AS_XLSX = "请在Excel中“另存为”Excel工作簿（*.xlsx）后再上传。"

MESSAGE_EMPTY = "上传的文件是空的，请重新选择文件。"
MESSAGE_TOO_LARGE = f"文件超过{MAX_UPLOAD_BYTES // (1024 * 1024)}MB上限，请分成几个较小的文件上传。"
MESSAGE_NO_NAME = "请选择要上传的Excel工作簿（.xlsx）。"
MESSAGE_NOT_XLSX = "该文件不是真正的Excel工作簿（.xlsx），可能只是改了扩展名。" + SAVE_AS_XLSX
MESSAGE_OLD_FORMAT = "这是旧版Excel（.xls）格式的文件，只是扩展名改成了 .xlsx。" + SAVE_AS_XLSX
MESSAGE_ENCRYPTED = ("该工作簿设置了打开密码（已加密），系统无法读取。"
                     "请在Excel中取消密码，再另存为 .xlsx 后上传。")
MESSAGE_CORRUPT = "文件已损坏或不是有效的Excel工作簿，请用Excel打开检查，重新保存为 .xlsx 后再上传。"
MESSAGE_MACROS = "工作簿含有宏（VBA等），系统不接受带宏的文件。" + SAVE_AS_XLSX
MESSAGE_ZIP_METHOD = "文件内部使用了不支持的加密或压缩方式。" + SAVE_AS_XLSX
MESSAGE_TOO_MANY_MEMBERS = "文件内部结构异常（包含的部件过多），系统拒绝处理。" + SAVE_AS_XLSX
MESSAGE_TOO_BIG_UNZIPPED = (f"文件解压后超过{MAX_UNCOMPRESSED_BYTES // (1024 * 1024)}MB，"
                            "可能是恶意文件，系统拒绝处理。")
MESSAGE_TOO_MUCH_CONTENT = "文件内容过多，超出系统一次能处理的上限，请分成几个文件上传。"
MESSAGE_RATIO = "文件压缩比异常（疑似“压缩炸弹”），可能是恶意文件，系统拒绝处理。"
MESSAGE_UNSAFE_PATH = "文件内部含有不安全的路径，可能是恶意文件，系统拒绝处理。"
MESSAGE_XML_ENTITIES = "文件中含有不允许的XML实体定义，可能是恶意文件，系统拒绝处理。" + SAVE_AS_XLSX


@dataclass(frozen=True)
class UploadLimits:
    """The size limits a workbook is read under; None lifts a limit. The web upload keeps all of
    them (``web_limits``); the command-line import of a whole registry lifts the size ones
    (``WHOLE_REGISTRY``). Formulas, DTDs and entities, macros, encryption and unsafe member names
    are refused under any limits."""

    max_bytes: int | None
    max_rows: int | None
    max_uncompressed_bytes: int | None
    max_xml_elements: int | None
    max_shared_strings: int | None
    check_ratio: bool = True


def web_limits() -> UploadLimits:
    """The limits of an upload through the web (5 MB, 20,000 rows per sheet, the zip checks)."""
    return UploadLimits(MAX_UPLOAD_BYTES, MAX_ROWS, MAX_UNCOMPRESSED_BYTES, MAX_XML_ELEMENTS,
                        MAX_SHARED_STRINGS)


#: A whole registry read from a local file by an administrator's command: no size limits, a
#: 100,000-case export is tens of megabytes and several sheets of more than 20,000 rows.
WHOLE_REGISTRY = UploadLimits(None, None, None, None, None, check_ratio=False)


class UploadRefused(Exception):
    """An upload the app will not read; ``message`` is shown to the user beside the upload field."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def open_upload(data: bytes, filename: str, limits: UploadLimits | None = None) -> Workbook:
    """The uploaded workbook, opened only after every check passed; refused with UploadRefused.

    Opened ``read_only=True`` (cells stream, memory stays flat) and ``data_only=False`` (a formula
    is seen as a formula, not as its cached value). Before openpyxl builds anything, every XML part
    has been streamed once through expat (constant memory): no DTD or entity, no formula cell, at
    most MAX_ROWS rows and MAX_COLUMNS columns per sheet. Each sheet's ``max_row`` /
    ``max_column`` are then the measured size, not the file's dimension tag, so ``ws.iter_rows()``
    never stops early at a lying tag. The caller closes the workbook (``wb.close()``).
    ``limits`` defaults to the web's (``web_limits``).
    """
    limits = limits or web_limits()
    _check_size_and_name(data, filename, limits)
    check_package(data, XLSX, limits)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        scans = _scan_parts(archive, limits)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False,
                                          keep_links=False, keep_vba=False, rich_text=False)
    except Exception as error:  # any load failure means an unreadable file
        raise _refusal(error) from error
    try:
        for sheet in workbook.worksheets:
            _apply_scan(sheet, scans, limits)
    except BaseException:
        workbook.close()
        raise
    return workbook


def iter_rows(sheet: ReadOnlyWorksheet) -> Iterator[tuple[object, ...]]:
    """Cell values row by row from row 1 (the n-th tuple is row n, all as wide as the sheet).

    open_upload has already refused formulas and oversized sheets; this re-checks while reading
    (defence in depth) and turns a late parse error into UploadRefused, as the sheets' own
    ``iter_rows(values_only=True)`` also does after open_upload. Text that merely starts with "="
    is text, not a formula: only a cell with a stored formula is refused.
    """
    # openpyxl's stubs give ReadOnlyWorksheet the iter_rows of Worksheet (as its code does), typed
    # for a Worksheet self.
    for number, cells in enumerate(_guarded(sheet.iter_rows()), start=1):  # type: ignore[misc]
        _check_row(sheet, number, cells)
        yield tuple(cell.value for cell in cells)


def _check_size_and_name(data: bytes, filename: str, limits: UploadLimits) -> None:
    if not data:
        raise UploadRefused(MESSAGE_EMPTY)
    if limits.max_bytes is not None and len(data) > limits.max_bytes:
        raise UploadRefused(MESSAGE_TOO_LARGE)
    name = (filename or "").strip()
    if not name:
        raise UploadRefused(MESSAGE_NO_NAME)
    suffix = posixpath.splitext(name.replace("\\", "/"))[1].lower()
    if suffix != ".xlsx":
        shown = suffix or "无扩展名的"
        raise UploadRefused(f"不接受{shown}文件，只接受Excel工作簿（.xlsx）。" + SAVE_AS_XLSX)


@dataclass(frozen=True)
class PackageKind:
    """What makes an upload a real Office package of one kind, and what to say when it is not."""

    required_members: tuple[str, ...]
    macro_member: re.Pattern[str]
    not_package: str
    old_format: str
    encrypted: str
    corrupt: str
    macros: str
    save_as: str


XLSX = PackageKind(REQUIRED_MEMBERS, MACRO_MEMBER, MESSAGE_NOT_XLSX, MESSAGE_OLD_FORMAT,
                   MESSAGE_ENCRYPTED, MESSAGE_CORRUPT, MESSAGE_MACROS, SAVE_AS_XLSX)


def check_package(data: bytes, kind: PackageKind,
                  limits: UploadLimits | None = None) -> list[zipfile.ZipInfo]:
    """A zip of ``kind`` (xlsx, docx) whose central directory passes the bomb pre-check: member
    count, names, total and per-member sizes and ratios, plain deflate, no macros, the required
    parts present. Nothing is decompressed; returns the members. ``limits`` defaults to the
    web's."""
    limits = limits or web_limits()
    if data.startswith(OLE_SIGNATURE):
        raise UploadRefused(kind.encrypted if OLE_ENCRYPTION_STREAM in data else kind.old_format)
    if not data.startswith(ZIP_SIGNATURE):
        raise UploadRefused(kind.not_package)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception as error:  # BadZipFile, but also ValueError/struct errors
        raise UploadRefused(kind.corrupt) from error
    if len(members) > MAX_MEMBERS:
        raise UploadRefused("文件内部结构异常（包含的部件过多），系统拒绝处理。" + kind.save_as)
    names = [member.filename for member in members]
    if any(_unsafe_name(name) for name in names) or len(set(names)) != len(names):
        raise UploadRefused(MESSAGE_UNSAFE_PATH)
    if (limits.max_uncompressed_bytes is not None
            and sum(member.file_size for member in members) > limits.max_uncompressed_bytes):
        raise UploadRefused(MESSAGE_TOO_BIG_UNZIPPED)
    for member in members:
        encrypted = member.flag_bits & 0x1
        if encrypted or member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UploadRefused("文件内部使用了不支持的加密或压缩方式。" + kind.save_as)
        if (limits.check_ratio and member.file_size > RATIO_CHECKED_FROM_BYTES
                and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)):
            raise UploadRefused(MESSAGE_RATIO)
    if any(kind.macro_member.search(name) for name in names):
        raise UploadRefused(kind.macros)
    if not all(required in names for required in kind.required_members):
        raise UploadRefused(kind.corrupt)
    return members


def _unsafe_name(name: str) -> bool:
    """Absolute, drive-letter, parent-directory or NUL-containing member names."""
    path = name.replace("\\", "/")
    return (path.startswith("/") or re.match(r"^[A-Za-z]:", path) is not None
            or ".." in path.split("/") or "\x00" in path)


@dataclass
class _SheetScan:
    """What one streamed XML part showed: its measured size, or the first problem found in it."""

    rows: int = 0
    columns: int = 0
    problem: tuple[str, int, int] | None = None  # ("rows" | "columns" | "formula", row, column)


@dataclass
class _ParseState:
    """Where the streamed parse of one part is: its root element, and in a worksheet the row,
    column and whether inside the data or a cell; in the shared strings, how many so far."""

    root: str | None = None
    in_data: bool = False
    in_cell: bool = False
    row: int = 0
    column: int = 0
    strings: int = 0


class _Stop(Exception):
    """Raised inside expat handlers to stop reading a part."""


def _scan_parts(archive: zipfile.ZipFile, limits: UploadLimits) -> dict[str, _SheetScan]:
    """Stream every XML part through expat before openpyxl reads any; the scans by part name."""
    budget = [limits.max_xml_elements]
    scans = {}
    for name in archive.namelist():
        if name.lower().endswith((".xml", ".rels")):
            scans[name] = _scan_part(archive, name, budget, limits)
    return scans


def _scan_part(archive: zipfile.ZipFile, name: str, budget: list[int | None],
               limits: UploadLimits | None = None) -> _SheetScan:
    """One part: DTDs refused, elements budgeted, and in a worksheet rows, columns and formulas."""
    limits = limits or web_limits()
    scan = _SheetScan()
    state = _ParseState()

    def start(tag: str, attributes: dict[str, str]) -> None:
        if budget[0] is not None:
            budget[0] -= 1
        if budget[0] is not None and budget[0] < 0:
            raise UploadRefused(MESSAGE_TOO_MUCH_CONTENT)
        local = tag.rsplit(":", 1)[-1]
        if state.root is None:
            state.root = local
        if state.root == "sst" and local == "si":
            state.strings += 1
            if (limits.max_shared_strings is not None
                    and state.strings > limits.max_shared_strings):
                raise UploadRefused(MESSAGE_TOO_MUCH_CONTENT)
        if state.root != "worksheet":
            return
        if local == "sheetData":
            state.in_data = True
        elif state.in_data and local == "row":
            number = int(attributes["r"]) if "r" in attributes else state.row + 1
            if number <= state.row:  # openpyxl would silently drop such a row
                raise ValueError(f"row {number} out of order")
            state.row = number
            state.column = 0
            scan.rows = max(scan.rows, state.row)
            if limits.max_rows is not None and state.row > limits.max_rows:
                _stop(scan, "rows", state)
        elif state.in_data and local == "c":
            state.in_cell = True
            match = CELL_REFERENCE.match(attributes.get("r", ""))
            state.column = column_index_from_string(match[1]) if match else state.column + 1
            scan.columns = max(scan.columns, state.column)
            if state.column > MAX_COLUMNS:
                _stop(scan, "columns", state)
        elif state.in_cell and local == "f":
            _stop(scan, "formula", state)

    def end(tag: str) -> None:
        local = tag.rsplit(":", 1)[-1]
        if local == "c":
            state.in_cell = False
        elif local == "sheetData":
            state.in_data = False

    def no_dtd(*_args: object) -> None:
        raise UploadRefused(MESSAGE_XML_ENTITIES)

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    try:
        with archive.open(name) as part:
            while chunk := part.read(64 * 1024):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Stop:
        pass
    except UploadRefused:
        raise
    except Exception as error:  # ExpatError, bad CRC, a non-numeric row number
        raise _refusal(error) from error
    return scan


def _stop(scan: _SheetScan, kind: str, state: _ParseState) -> None:
    scan.problem = (kind, state.row, state.column)
    raise _Stop


def _apply_scan(sheet: ReadOnlyWorksheet, scans: dict[str, _SheetScan],
                limits: UploadLimits) -> None:
    """Refuse the sheet for the first problem its scan found; else record its measured size."""
    # Private attributes of openpyxl 3.1 (pinned), which its stubs leave out: the part name, the
    # workbook's zip archive, the measured size and the sheet's iter_rows (see below).
    path = sheet._worksheet_path  # type: ignore[attr-defined]
    scan = scans.get(path)
    if scan is None:  # a worksheet part not named *.xml: scan it now rather than trust it
        scan = _scan_part(sheet.parent._archive, path,  # type: ignore[attr-defined]
                          [limits.max_xml_elements], limits)
    if scan.problem is not None:
        kind, row, column = scan.problem
        if kind == "rows":
            raise UploadRefused(_too_many_rows(sheet))
        if kind == "columns":
            raise UploadRefused(_too_many_columns(sheet))
        raise UploadRefused(_formula_message(sheet, row, column))
    if limits.max_rows is not None and (sheet.max_row or 0) > limits.max_rows:
        raise UploadRefused(_too_many_rows(sheet))  # the dimension tag alone already says too big
    if (sheet.max_column or 0) > MAX_COLUMNS:
        raise UploadRefused(_too_many_columns(sheet))
    # The measured size replaces the dimension tag (see ReadOnlyWorksheet.calculate_dimension).
    sheet._max_row, sheet._max_column = max(scan.rows, 1), max(scan.columns, 1)  # type: ignore[attr-defined]
    # Cells are parsed lazily, so a bad cell (a missing shared string, "abc" as a number) only
    # fails while rows are read; this makes ws.iter_rows / ws.values / ws.rows raise UploadRefused
    # too, not only iter_rows below, so no code path turns a hostile file into a server error.
    unguarded: Callable[..., Iterator] = sheet.iter_rows  # type: ignore[misc]

    def iter_rows_refusing(*args: object, **kwargs: object) -> Iterator:
        return _guarded(unguarded(*args, **kwargs))

    sheet.iter_rows = iter_rows_refusing  # type: ignore[method-assign,assignment,misc]


def _check_row(sheet: ReadOnlyWorksheet, number: int, cells: tuple) -> None:
    if number > MAX_ROWS:
        raise UploadRefused(_too_many_rows(sheet))
    if len(cells) > MAX_COLUMNS:
        raise UploadRefused(_too_many_columns(sheet))
    for index, cell in enumerate(cells, start=1):
        if getattr(cell, "data_type", None) == "f":
            raise UploadRefused(_formula_message(sheet, number, index))


def _guarded(rows: Iterator) -> Iterator:
    """openpyxl's row iterator with its parse errors (XML bombs included) turned into refusals."""
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except UploadRefused:
            raise
        except Exception as error:  # the sheet XML is parsed lazily, here
            raise _refusal(error) from error
        yield row


def _refusal(error: BaseException) -> UploadRefused:
    """The message for a parse or load error; openpyxl wraps the defusedxml one in a ValueError."""
    cause: BaseException | None = error
    while cause is not None and not isinstance(cause, DefusedXmlException):
        cause = cause.__cause__ or cause.__context__
    if cause is not None:
        log.warning("upload refused, forbidden XML construct: %r", error)
        return UploadRefused(MESSAGE_XML_ENTITIES)
    log.info("upload refused, unreadable workbook: %r", error)
    return UploadRefused(MESSAGE_CORRUPT)


def _formula_message(sheet: ReadOnlyWorksheet, row: int, column: int) -> str:
    return (f"工作表“{_title(sheet)}”第{row}行{get_column_letter(column)}列是公式，"
            "请改为数值后再上传（可复制后用“选择性粘贴→数值”）。")


def _too_many_rows(sheet: ReadOnlyWorksheet) -> str:
    return f"工作表“{_title(sheet)}”超过{MAX_ROWS}行（含表头），请分成几个文件上传。"


def _too_many_columns(sheet: ReadOnlyWorksheet) -> str:
    return f"工作表“{_title(sheet)}”超过{MAX_COLUMNS}列，请删除多余的列后再上传。"


def _title(sheet: ReadOnlyWorksheet) -> str:
    """The sheet name as shown to the user: control characters removed, Excel's 31 characters."""
    return re.sub(r"[\x00-\x1f\x7f]", "", str(sheet.title))[:31]
