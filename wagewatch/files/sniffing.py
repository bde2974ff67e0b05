"""Deciding an uploaded file's type from its bytes, and refusing what is not plainly evidence.

Accepted: JPEG, PNG, PDF, DOCX, XLSX, MP4 (ISO base media). Refused with a message in Chinese:
an empty file, an executable, HTML/SVG/XML whatever its name, a polyglot (a file that is also a
zip archive, an HTML page or a PDF), a PDF with JavaScript or launch actions or a password, a
password-protected or macro-carrying office file, a zip bomb, an image bigger than the pixel
limit (a decompression bomb), anything over its type's size limit. Memory stays bounded: the
file is read in chunks from disk, zip archives only by their central directory.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from typing import IO

from PIL import Image
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

from wagewatch.models import ContentType
from wagewatch.readers.upload_checks import (
    MAX_COMPRESSION_RATIO, MAX_MEMBERS, MAX_UNCOMPRESSED_BYTES, OLE_ENCRYPTION_STREAM,
    OLE_SIGNATURE, RATIO_CHECKED_FROM_BYTES,
)

CHUNK = 1024 * 1024
MAX_NAME_LENGTH = 255
ACCEPTED = "JPEG/PNG图片、PDF、Word（.docx）、Excel（.xlsx）或MP4视频"

MESSAGE_NO_FILE = "请选择要上传的文件。"
MESSAGE_EMPTY = "上传的文件是空的（0字节），请重新选择文件。"
MESSAGE_NAME_EMPTY = "文件名不能为空。"
MESSAGE_NAME_LONG = f"文件名过长（超过{MAX_NAME_LENGTH}个字符），请改短后再上传。"
MESSAGE_NAME_PATH = "文件名不能包含路径分隔符（/ 或 \\）或只是“.”“..”，请改名后再上传。"
MESSAGE_NAME_CONTROL = "文件名含有控制字符或不可见的方向控制字符，请改名后再上传。"
MESSAGE_EXECUTABLE = "这是可执行程序或脚本，不能作为证据材料上传。"
MESSAGE_MARKUP = "这是网页、SVG或XML文件（不论扩展名是什么），不能作为证据材料上传。请上传" + ACCEPTED + "。"
MESSAGE_UNKNOWN = "无法识别的文件类型（类型按文件内容判断，不看扩展名）。只接受" + ACCEPTED + "。"
MESSAGE_POLYGLOT = "文件同时含有另一种格式的内容（如图片中夹带压缩包或网页代码），可能是恶意文件，系统拒绝保存。"
MESSAGE_PDF_ACTIVE = "PDF中含有JavaScript脚本或启动程序的动作，系统拒绝保存。请打印为新的PDF或扫描后再上传。"
MESSAGE_PDF_ENCRYPTED = "PDF设置了打开密码（已加密），系统无法读取页数和内容。请取消密码后再上传。"
MESSAGE_PDF_CORRUPT = "PDF已损坏或无法读取，请重新导出或扫描后再上传。"
MESSAGE_OFFICE_ENCRYPTED = "该Office文件设置了打开密码（已加密），请取消密码后另存为 .docx 或 .xlsx 再上传。"
MESSAGE_OFFICE_OLD = "这是旧版Office格式（.doc/.xls）的文件，请另存为 .docx 或 .xlsx 后再上传。"
MESSAGE_OFFICE_MACROS = "文件含有宏（VBA等），系统不接受带宏的文件。请另存为 .docx 或 .xlsx 后再上传。"
MESSAGE_ZIP_BOMB = "文件压缩结构异常（解压后过大、压缩比异常或部件过多，疑似“压缩炸弹”），系统拒绝保存。"
MESSAGE_ZIP_UNSAFE = "文件内部使用了加密、不支持的压缩方式或不安全的路径，系统拒绝保存。"
MESSAGE_ZIP_NOT_OFFICE = "这是压缩包而不是Word或Excel文件。只接受" + ACCEPTED + "。"
MESSAGE_IMAGE_PIXELS = "图片像素数异常巨大（疑似“解压炸弹”），系统拒绝保存。"
MESSAGE_IMAGE_CORRUPT = "图片已损坏或无法读取，请重新导出后再上传。"
MESSAGE_VIDEO_CORRUPT = "视频文件结构不完整或已损坏（或末尾夹带了其他内容），请重新导出后再上传。"

EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"#!", b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf",
                    b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"\x00asm")
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
ZIP_END = b"PK\x05\x06"
#: ISO base media brands of MP4 and the phone formats built on it (QuickTime included).
MP4_BRANDS = frozenset({b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1",
                        b"M4V ", b"mmp4", b"MSNV", b"qt  ", b"3gp4", b"3gp5", b"3gp6", b"dash"})
#: Markers of active web content; found anywhere in a file they make it a polyglot.
MARKUP_MARKERS = (b"<script", b"<html", b"<svg", b"<iframe", b"<?php", b"<body", b"<!doctype html",
                  b"javascript:")
PDF_ACTIVE_MARKERS = (b"/javascript", b"/launch")
PDF_ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/ImportData", "/SubmitForm"})
#: Bidirectional and zero-width format characters that can disguise a file name.
DISGUISING_CHARACTERS = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
#: Macro parts of Word and Excel: VBA projects, Excel 4 macro sheets, ActiveX controls.
OFFICE_MACRO_MEMBER = re.compile(
    r"(^|/)vbaProject[^/]*\.bin$|(^|/)vbaData\.xml$|^xl/macrosheets/|^(xl|word)/activeX/",
    re.IGNORECASE)


class FileRefused(Exception):
    """An upload that is not stored; ``message`` is shown beside the file field."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Limits:
    """The size limits in bytes per type family, and the pixel limit of images."""

    document_bytes: int
    image_bytes: int
    video_bytes: int
    image_pixels: int

    def for_type(self, content_type: ContentType) -> int:
        if content_type.is_video:
            return self.video_bytes
        return self.image_bytes if content_type.is_image else self.document_bytes


@dataclass(frozen=True)
class Sniffed:
    """What the bytes are: the type, and pages of a PDF or the size of an image in pixels."""

    content_type: ContentType
    page_count: int | None = None
    width: int | None = None
    height: int | None = None


def size_text(size: int) -> str:
    """A size in bytes as people read it: 20MB, 1.5MB, 300KB."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + "MB"
    return f"{round(size / 1024)}KB"


def check_name(name: str | None) -> str:
    """The original file name as given, refused when it could act as a path or hide its type."""
    if name is None or not name.strip():
        raise FileRefused(MESSAGE_NAME_EMPTY)
    if "/" in name or "\\" in name or name.strip() in {".", ".."}:
        raise FileRefused(MESSAGE_NAME_PATH)
    if (any(unicodedata.category(ch) in {"Cc", "Cs"} for ch in name)
            or DISGUISING_CHARACTERS.search(name)):
        raise FileRefused(MESSAGE_NAME_CONTROL)
    if len(name) > MAX_NAME_LENGTH:
        raise FileRefused(MESSAGE_NAME_LONG)
    return name


def sniff(file: IO[bytes], size: int, limits: Limits) -> Sniffed:
    """The type of an uploaded file (a seekable binary file of ``size`` bytes) from its content,
    after every check passed; raises FileRefused otherwise."""
    if size <= 0:
        raise FileRefused(MESSAGE_EMPTY)
    file.seek(0)
    head = file.read(8192)
    content_type = _type_from_head(file, head, size)
    limit = limits.for_type(content_type)
    if size > limit:
        raise FileRefused(f"{content_type.label}不能超过{size_text(limit)}"
                          f"（此文件约{size_text(size)}）。")
    if content_type in {ContentType.DOCX, ContentType.XLSX}:
        return Sniffed(_check_office(file, content_type))
    _check_not_polyglot(file, head, size, content_type)
    if content_type.is_image:
        return _check_image(file, content_type, limits.image_pixels)
    if content_type is ContentType.PDF:
        return Sniffed(ContentType.PDF, page_count=_check_pdf(file))
    _check_mp4_boxes(file, size)
    return Sniffed(ContentType.MP4)


def _type_from_head(file: IO[bytes], head: bytes, size: int) -> ContentType:
    if head.startswith(EXECUTABLE_MAGIC):
        raise FileRefused(MESSAGE_EXECUTABLE)
    text = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    if text.startswith(b"<"):
        raise FileRefused(MESSAGE_MARKUP)
    if head.startswith(JPEG_MAGIC):
        return ContentType.JPEG
    if head.startswith(PNG_MAGIC):
        return ContentType.PNG
    if head.startswith(PDF_MAGIC):
        return ContentType.PDF
    if head.startswith(ZIP_MAGIC):
        return _office_type(file)
    if head.startswith(OLE_SIGNATURE):
        encrypted = _contains(file, size, (OLE_ENCRYPTION_STREAM,))
        raise FileRefused(MESSAGE_OFFICE_ENCRYPTED if encrypted else MESSAGE_OFFICE_OLD)
    if head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS:
        return ContentType.MP4
    raise FileRefused(MESSAGE_UNKNOWN)


def _office_type(file: IO[bytes]) -> ContentType:
    members = _zip_members(file)
    names = {member.filename for member in members}
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return ContentType.DOCX
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return ContentType.XLSX
    raise FileRefused(MESSAGE_ZIP_NOT_OFFICE)


def _zip_members(file: IO[bytes]) -> list[zipfile.ZipInfo]:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            return archive.infolist()
    except Exception as error:  # BadZipFile, struct and value errors alike
        raise FileRefused(MESSAGE_UNKNOWN) from error


def _check_office(file: IO[bytes], content_type: ContentType) -> ContentType:
    """The zip pre-check of case import (members, declared sizes, ratio), read from the central
    directory alone: nothing is decompressed. Macro parts and encrypted members are refused."""
    members = _zip_members(file)
    if len(members) > MAX_MEMBERS:
        raise FileRefused(MESSAGE_ZIP_BOMB)
    if sum(member.file_size for member in members) > MAX_UNCOMPRESSED_BYTES:
        raise FileRefused(MESSAGE_ZIP_BOMB)
    names = [member.filename for member in members]
    if len(set(names)) != len(names) or any(_unsafe_member(name) for name in names):
        raise FileRefused(MESSAGE_ZIP_UNSAFE)
    for member in members:
        if member.flag_bits & 0x1 or member.compress_type not in (zipfile.ZIP_STORED,
                                                                  zipfile.ZIP_DEFLATED):
            raise FileRefused(MESSAGE_ZIP_UNSAFE)
        if (member.file_size > RATIO_CHECKED_FROM_BYTES
                and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)):
            raise FileRefused(MESSAGE_ZIP_BOMB)
    if any(OFFICE_MACRO_MEMBER.search(name) for name in names):
        raise FileRefused(MESSAGE_OFFICE_MACROS)
    return content_type


def _unsafe_member(name: str) -> bool:
    path = name.replace("\\", "/")
    return (path.startswith("/") or re.match(r"^[A-Za-z]:", path) is not None
            or ".." in path.split("/") or "\x00" in path)


def _check_not_polyglot(file: IO[bytes], head: bytes, size: int,
                        content_type: ContentType) -> None:
    """No zip archive at the end, no PDF header near the start of a non-PDF, no web markup
    anywhere (a browser or an unzipper would read the file as something else)."""
    file.seek(max(0, size - 65557))  # the zip end record lies in the last 64 KiB + 22 bytes
    if ZIP_END in file.read():
        raise FileRefused(MESSAGE_POLYGLOT)
    if content_type is not ContentType.PDF and PDF_MAGIC in head[:1024]:
        raise FileRefused(MESSAGE_POLYGLOT)
    markers = MARKUP_MARKERS + (PDF_ACTIVE_MARKERS if content_type is ContentType.PDF else ())
    found = _contains(file, size, markers, lower=True)
    if found in PDF_ACTIVE_MARKERS:
        raise FileRefused(MESSAGE_PDF_ACTIVE)
    if found is not None:
        raise FileRefused(MESSAGE_POLYGLOT)


def _contains(file: IO[bytes], size: int, markers: tuple[bytes, ...],
              lower: bool = False) -> bytes | None:
    """The first of ``markers`` found in the file, read in 1 MiB chunks that overlap."""
    overlap = max(len(marker) for marker in markers) - 1
    file.seek(0)
    tail = b""
    while chunk := file.read(CHUNK):
        window = tail + (chunk.lower() if lower else chunk)
        for marker in markers:
            if marker in window:
                return marker
        tail = window[-overlap:]
    return None


def _check_image(file: IO[bytes], content_type: ContentType, max_pixels: int) -> Sniffed:
    """Open the header with Pillow under a pixel limit, then verify the image's structure."""
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file, formats=["JPEG" if content_type is ContentType.JPEG else "PNG"]) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise FileRefused(MESSAGE_IMAGE_PIXELS)
                image.verify()
    except FileRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise FileRefused(MESSAGE_IMAGE_PIXELS) from error
    except Exception as error:  # any decoder error means an unreadable image
        raise FileRefused(MESSAGE_IMAGE_CORRUPT) from error
    return Sniffed(content_type, width=width, height=height)


def _check_pdf(file: IO[bytes]) -> int:
    """The page count of a readable PDF without a password, JavaScript or launch actions."""
    file.seek(0)
    try:
        reader = PdfReader(file)
        if reader.is_encrypted and not _opens_without_password(reader):
            raise FileRefused(MESSAGE_PDF_ENCRYPTED)
        catalog = reader.trailer["/Root"].get_object()
        if not isinstance(catalog, DictionaryObject):
            raise FileRefused(MESSAGE_PDF_CORRUPT)
        if _has_active_content(catalog) or any(_has_active_content(page) for page in reader.pages):
            raise FileRefused(MESSAGE_PDF_ACTIVE)
        return len(reader.pages)
    except FileRefused:
        raise
    except Exception as error:  # pypdf raises many kinds on a damaged file
        raise FileRefused(MESSAGE_PDF_CORRUPT) from error


def _opens_without_password(reader: PdfReader) -> bool:
    """An encrypted PDF with an empty user password (permissions only) still opens."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # noqa: BLE001 - an unsupported cipher is as closed as a password
        return False


def _has_active_content(node: DictionaryObject) -> bool:
    """Document or page actions (/OpenAction, /AA, annotation /A), the document's JavaScript
    name tree, or an interactive form with scripts."""
    # pypdf types a resolved value as PdfObject | None; one that cannot hold names is a damaged
    # file, refused by the caller.
    if "/Names" in node and "/JavaScript" in node["/Names"].get_object():  # type: ignore[operator]
        return True
    actions = [node.get("/OpenAction"), *(node.get("/AA", DictionaryObject()).get_object().values())]
    for annotation in node.get("/Annots", []) or []:
        annotation = annotation.get_object()
        actions += [annotation.get("/A"), *annotation.get("/AA", DictionaryObject()).get_object().values()]
    return any(_is_active_action(action) for action in actions if action is not None)


def _is_active_action(action: object, depth: int = 0) -> bool:
    if isinstance(action, IndirectObject):
        action = action.get_object()
    if not isinstance(action, DictionaryObject) or depth > 8:
        return False
    if action.get("/S") in PDF_ACTIVE_ACTIONS:
        return True
    following = action.get("/Next")
    followers = following if isinstance(following, list) else [following]
    return any(_is_active_action(item, depth + 1) for item in followers if item is not None)


def _check_mp4_boxes(file: IO[bytes], size: int) -> None:
    """The top-level boxes of an MP4 chain exactly to the end of the file (nothing appended)."""
    position, boxes = 0, 0
    while position < size:
        file.seek(position)
        header = file.read(16)
        if len(header) < 8 or not header[4:8].isascii() or boxes > 10_000:
            raise FileRefused(MESSAGE_VIDEO_CORRUPT)
        length = int.from_bytes(header[:4], "big")
        if length == 1:
            if len(header) < 16:
                raise FileRefused(MESSAGE_VIDEO_CORRUPT)
            length = int.from_bytes(header[8:16], "big")
        elif length == 0:
            length = size - position
        if length < 8:
            raise FileRefused(MESSAGE_VIDEO_CORRUPT)
        position += length
        boxes += 1
    if position != size:
        raise FileRefused(MESSAGE_VIDEO_CORRUPT)
