"""Real files of every accepted type, and hostile ones, made in memory for the upload tests."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import docx
import openpyxl
from openpyxl.worksheet.worksheet import Worksheet
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from tests.factories import csrf_token, post


def jpeg(width: int = 640, height: int = 480, *, with_exif: bool = True) -> bytes:
    """A photo with EXIF (camera and time), as a phone would send it."""
    image = Image.new("RGB", (width, height), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "HUAWEI"           # Make
    exif[0x0132] = "2026:11:05 09:30:00"  # DateTime
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes() if with_exif else b"")
    return buffer.getvalue()


def png(width: int = 32, height: int = 32) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (10, 90, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge size (a decompression bomb)."""
    data = bytearray(png(1, 1))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr) & 0xFFFFFFFF)
    return bytes(data)


def pdf(pages: int = 2, *, javascript: bool = False, launch: bool = False) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if javascript:
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('x');")})
    if launch:
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("calc.exe")})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_hidden_javascript() -> bytes:
    """A PDF whose action names are written with #-escapes, so no plain "/JavaScript" shows."""
    data = pdf(1, javascript=True)
    return data.replace(b"/JavaScript", b"/J#61vaScript")


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_file() -> bytes:
    document = docx.Document()
    document.add_paragraph("劳动合同：甲方徐州恒达建设工程有限公司，乙方张伟。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_file() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)       # a new workbook's one sheet
    sheet.append(["姓名", "应发工资"])
    sheet.append(["张伟", 9000])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bomb_docx() -> bytes:
    """A .docx whose one member inflates 1000-fold (the zip pre-check refuses it)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (20 * 1024 * 1024))
    return buffer.getvalue()


def macro_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/vbaProject.bin", b"VBA")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()


def encrypted_office() -> bytes:
    """What Word or Excel write for a password-protected file: an OLE container with an
    EncryptionInfo stream around the encrypted package."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = "EncryptionInfo".encode("utf-16-le") + b"\x00" * 50
    return header + directory + b"\x01" * 2048


def mp4(size: int = 4096) -> bytes:
    """An ISO base media file: ftyp, then an mdat box filling the rest."""
    ftyp = struct.pack(">I4s4sI", 24, b"ftyp", b"isom", 512) + b"isommp41"
    body = size - len(ftyp) - 8
    return ftyp + struct.pack(">I4s", body + 8, b"mdat") + (b"\x11" * body)


def write_mp4(handle, size: int) -> None:
    """Write an MP4 of ``size`` bytes to an open file in 1 MiB pieces."""
    ftyp = struct.pack(">I4s4sI", 24, b"ftyp", b"isom", 512) + b"isommp41"
    body = size - len(ftyp) - 8
    handle.write(ftyp + struct.pack(">I4s", body + 8, b"mdat"))
    piece = bytes(range(256)) * 4096
    while body > 0:
        handle.write(piece[:min(body, len(piece))])
        body -= len(piece)


def upload(app, client, case_id: int, content: bytes | object, name: str, *,
           kind: str = "service_proof", link: str = "", note: str = ""):
    """Post one file to a case's attachments, as the case page's form does."""
    stream = io.BytesIO(content) if isinstance(content, bytes) else content
    return post(app, client, f"/cases/{case_id}/attachments",
                {"evidence-kind": kind, "evidence-link": link, "evidence-note": note,
                 "evidence-file": (stream, name),
                 "evidence-csrf_token": csrf_token(app, client)},
                content_type="multipart/form-data")


def attach_service_photo(case, actor, content: bytes | None = None) -> int:
    """A service photo attached to ``case`` through the service, as the case page would; its id."""
    from wagewatch.files.uploads import SpooledUpload
    from wagewatch.models import AttachmentKind
    from wagewatch.services.documents import attachments

    spooled = SpooledUpload()
    spooled.write(content or jpeg())
    try:
        attachment, _ = attachments.attach_to_case(
            case, spooled, "张贴现场.jpg", attachments.AttachmentInput(AttachmentKind.SERVICE_PROOF),
            actor)
    finally:
        spooled.close()
    return attachment.id
