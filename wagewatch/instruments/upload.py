"""An administrator's .docx template: the package checks of uploads, then a sandboxed render."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile

from wagewatch.instruments.engine import TemplateRefused, render
from wagewatch.instruments.kinds import InstrumentKind
from wagewatch.readers.upload_checks import (
    MAX_UPLOAD_BYTES, PackageKind, UploadRefused, check_package,
)

SAVE_AS_DOCX = "请在Word或WPS中“另存为”Word文档（*.docx）后再上传。"
DOCX = PackageKind(
    required_members=("[Content_Types].xml", "word/document.xml"),
    macro_member=re.compile(r"(^|/)vbaProject[^/]*\.bin$|^word/activeX/", re.IGNORECASE),
    not_package="该文件不是真正的Word文档（.docx），可能只是改了扩展名。" + SAVE_AS_DOCX,
    old_format="这是旧版Word（.doc）格式的文件，只是扩展名改成了 .docx。" + SAVE_AS_DOCX,
    encrypted="该文档设置了打开密码（已加密），系统无法读取。请取消密码后另存为 .docx 再上传。",
    corrupt="文件已损坏或不是有效的Word文档，请用Word打开检查，重新保存为 .docx 后再上传。",
    macros="文档含有宏（VBA等），系统不接受带宏的文件。" + SAVE_AS_DOCX,
    save_as=SAVE_AS_DOCX,
)
MESSAGE_XML_DECLARATIONS = "文件中含有不允许的XML文档类型或实体定义，可能是恶意文件，系统拒绝处理。"


def check_template_upload(data: bytes, filename: str, kind: InstrumentKind) -> None:
    """Refuse (UploadRefused) anything but a plain .docx within the limits, without macros or
    DTDs, that renders the kind's sample in the sandbox with no unknown variable."""
    if not data:
        raise UploadRefused("上传的文件是空的，请重新选择文件。")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRefused(f"文件超过{MAX_UPLOAD_BYTES // (1024 * 1024)}MB上限。")
    if posixpath.splitext((filename or "").replace("\\", "/"))[1].lower() != ".docx":
        raise UploadRefused("只接受Word文档（.docx）。" + SAVE_AS_DOCX)
    members = check_package(data, DOCX)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in members:
            if member.filename.endswith((".xml", ".rels")):
                head = archive.read(member.filename)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise UploadRefused(MESSAGE_XML_DECLARATIONS)
    try:
        render(data, kind.sample)
    except TemplateRefused as error:
        raise UploadRefused(error.message) from error
