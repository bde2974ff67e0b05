"""Large uploads in bounded memory: the request body streams straight into a temporary file in
the attachment folder's 0700 tmp/, hashed while it arrives, for the views that accept files."""

from __future__ import annotations

import hashlib
import tempfile
from typing import IO, Any

from flask import current_app

from wagewatch.files.storage import temporary_folder
from wagewatch.temp_files import AppRequest

#: Extra room in a request for the form's other fields and the multipart framing.
FORM_OVERHEAD_BYTES = 1024 * 1024


def accepts_files(view: Any) -> Any:
    """Mark a view whose multipart body is streamed to disk and may be as large as the largest
    attachment limit (MAX_CONTENT_LENGTH is raised for these views alone)."""
    view.accepts_files = True
    return view


def largest_upload(config: Any) -> int:
    """The request size limit of the marked views, in bytes."""
    return max(config["ATTACHMENT_MAX_DOCUMENT_BYTES"], config["ATTACHMENT_MAX_IMAGE_BYTES"],
               config["ATTACHMENT_MAX_VIDEO_BYTES"]) + FORM_OVERHEAD_BYTES


class SpooledUpload:
    """An uploaded file written to disk in chunks as the multipart parser reads them, with its
    SHA-256 and size counted on the way (it is never held in memory). Removed when closed."""

    def __init__(self) -> None:
        self.file = tempfile.NamedTemporaryFile(dir=temporary_folder(), prefix="upload-")  # noqa: SIM115 - closed with the upload
        self._digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self._digest.update(data)
        self.size += len(data)
        return self.file.write(data)

    @property
    def sha256(self) -> str:
        return self._digest.hexdigest()

    @property
    def name(self) -> str:
        return self.file.name

    def __getattr__(self, attribute: str) -> Any:  # read, seek, tell, flush, close, ...
        return getattr(self.file, attribute)

    def __iter__(self):
        return iter(self.file)


class UploadRequest(AppRequest):
    """The app's request class: for views marked ``accepts_files`` the size limit is the largest
    attachment limit and file parts go into a SpooledUpload; every other view is unchanged."""

    def _accepts_files(self) -> bool:
        if not current_app or self.endpoint is None:
            return False
        return getattr(current_app.view_functions.get(self.endpoint), "accepts_files", False)

    @property
    def max_content_length(self) -> int | None:
        if self._max_content_length is None and self._accepts_files():
            return largest_upload(current_app.config)
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value

    def _get_file_stream(self, total_content_length: int | None, content_type: str | None,
                         filename: str | None = None,
                         content_length: int | None = None) -> IO[bytes]:
        if self._accepts_files():
            return SpooledUpload()  # type: ignore[return-value]
        return super()._get_file_stream(total_content_length, content_type, filename,
                                        content_length)
