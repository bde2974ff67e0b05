"""Large uploads stream to disk in bounded pieces; the stored files are checked by re-hashing;
withdrawn evidence stays; thumbnails are made beside the untouched original."""

import hashlib
import io
import os

import pytest
from PIL import Image

from wagewatch.extensions import db
from wagewatch.files import storage
from wagewatch.files.uploads import SpooledUpload
from wagewatch.models import Attachment, AuditEvent, ContentType, Role

from tests.factories import post, text_of
from tests.web.cases.factories import register
from tests.web.evidence import files
from tests.web.evidence.files import upload


@pytest.fixture
def folder(app, tmp_path):
    """A storage folder of this test alone (the verify tests alter files in it)."""
    app.config["ATTACHMENT_FOLDER"] = str(tmp_path / "attachments")
    return tmp_path / "attachments"


def test_a_video_larger_than_the_apps_request_limit_streams_to_disk_in_pieces(
        app, client, login_as, folder, tmp_path, monkeypatch):
    """30 MB through the upload path: accepted although MAX_CONTENT_LENGTH is 5 MB, written to
    the 0700 tmp folder piece by piece (never one buffer of the whole file), hashed on the way."""
    size = 30 * 1024 * 1024
    assert size > app.config["MAX_CONTENT_LENGTH"]
    source = tmp_path / "video.mp4"
    with open(source, "wb") as handle:
        files.write_mp4(handle, size)
    pieces, places = [], []
    original_write = SpooledUpload.write

    def recording_write(self, data):
        pieces.append(len(data))
        places.append(os.path.dirname(self.name))
        return original_write(self, data)

    monkeypatch.setattr(SpooledUpload, "write", recording_write)
    login_as(Role.CLERK)
    case = register()
    with open(source, "rb") as handle:
        response = upload(app, client, case.id, handle, "送达录像.mp4")
    assert response.status_code == 302
    attachment = db.session.scalar(db.select(Attachment))
    assert attachment.content_type is ContentType.MP4 and attachment.size_bytes == size
    assert sum(pieces) == size and max(pieces) <= 1024 * 1024 and len(pieces) > 30
    assert set(places) == {str(folder / "tmp")}
    assert (folder / "tmp").stat().st_mode & 0o777 == 0o700 and folder.stat().st_mode & 0o777 == 0o700
    assert attachment.sha256 == storage.file_sha256(source)
    assert not list((folder / "tmp").iterdir())  # the streamed copy is gone after the request


def test_other_forms_keep_the_apps_small_request_limit(app, client, login_as):
    login_as(Role.CLERK)
    big = b"x" * (6 * 1024 * 1024)
    response = post(app, client, "/cases/new", {"summary": big.decode()})
    assert response.status_code == 413


def test_a_request_over_the_largest_attachment_limit_is_refused_before_it_is_read(
        app, client, login_as, folder):
    for key in ("ATTACHMENT_MAX_DOCUMENT_BYTES", "ATTACHMENT_MAX_IMAGE_BYTES",
                "ATTACHMENT_MAX_VIDEO_BYTES"):
        app.config[key] = 1024 * 1024
    login_as(Role.CLERK)
    case = register()
    response = upload(app, client, case.id, files.mp4(3 * 1024 * 1024), "录像.mp4")
    assert response.status_code == 413 and "文件" in text_of(response)
    assert db.session.scalar(db.select(db.func.count(Attachment.id))) == 0
    assert not list(storage.stored_objects())


def test_a_video_over_the_video_limit_is_refused_beside_the_field(app, client, login_as, folder):
    app.config["ATTACHMENT_MAX_VIDEO_BYTES"] = 1024 * 1024
    login_as(Role.CLERK)
    case = register()
    response = upload(app, client, case.id, files.mp4(int(1.5 * 1024 * 1024)), "录像.mp4")
    assert response.status_code == 200
    assert "MP4视频不能超过1MB（此文件约1.5MB）" in text_of(response)


# Integrity -------------------------------------------------------------------------------------


def _two_files(app, client, login_as):
    login_as(Role.CLERK)
    case = register()
    first, second = files.jpeg(), files.pdf(2)
    upload(app, client, case.id, first, "现场.jpg")
    upload(app, client, case.id, second, "笔录.pdf", kind="interview_record")
    return hashlib.sha256(first).hexdigest(), hashlib.sha256(second).hexdigest()


def test_verify_passes_when_every_file_is_intact(app, client, login_as, runner, folder):
    _two_files(app, client, login_as)
    result = runner.invoke(args=["attachments", "verify"])
    assert result.exit_code == 0, result.output
    assert "已校验 2 个文件：缺失 0 个，被改动 0 个" in result.output


def test_verify_reports_an_altered_and_a_missing_file(app, client, login_as, runner, folder):
    photo, record = _two_files(app, client, login_as)
    altered = storage.object_path(photo)
    os.chmod(altered, 0o600)
    data = bytearray(altered.read_bytes())
    data[-10] ^= 0xFF
    altered.write_bytes(bytes(data))
    storage.object_path(record).unlink()
    result = runner.invoke(args=["attachments", "verify"])
    assert result.exit_code == 1
    assert f"已被改动：{photo}" in result.output and f"缺失：{record}" in result.output
    assert "缺失 1 个，被改动 1 个" in result.output


def test_an_altered_file_is_restored_when_the_same_bytes_are_uploaded_again(
        app, client, login_as, runner, folder):
    login_as(Role.CLERK)
    case, other = register(), register()
    photo = files.jpeg()
    upload(app, client, case.id, photo, "现场.jpg")
    path = storage.object_path(hashlib.sha256(photo).hexdigest())
    os.chmod(path, 0o600)
    path.write_bytes(b"damaged")
    upload(app, client, other.id, photo, "现场.jpg")
    assert path.read_bytes() == photo
    assert runner.invoke(args=["attachments", "verify"]).exit_code == 0


# Withdrawal --------------------------------------------------------------------------------------


def test_a_withdrawn_attachment_stays_in_storage_and_shows_as_withdrawn(app, client, login_as, folder):
    login_as(Role.CLERK)
    case = register()
    photo = files.jpeg()
    upload(app, client, case.id, photo, "拍错的照片.jpg")
    attachment = db.session.scalar(db.select(Attachment))
    empty = post(app, client, f"/attachments/{attachment.id}/withdraw", {"reason": ""})
    assert "请填写撤回理由" in text_of(empty)
    response = post(app, client, f"/attachments/{attachment.id}/withdraw",
                    {"reason": "拍的是隔壁工地"})
    assert response.status_code == 302
    db.session.expire_all()
    attachment = db.session.get(Attachment, attachment.id)
    assert attachment.withdrawn and attachment.withdrawal_reason == "拍的是隔壁工地"
    assert storage.object_path(attachment.sha256).read_bytes() == photo
    page = text_of(client.get(f"/cases/{case.id}"))
    assert "拍错的照片.jpg" in page and "已撤回" in page and "拍的是隔壁工地" in page
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "attachment.withdraw"))
    assert "拍的是隔壁工地" in event.detail
    again = post(app, client, f"/attachments/{attachment.id}/withdraw", {"reason": "再撤一次"})
    assert "该材料已撤回" in text_of(again)
    assert client.get(f"/attachments/{attachment.id}/download").data == photo


def test_a_withdrawn_file_can_be_uploaded_again_as_a_new_attachment(app, client, login_as, folder):
    login_as(Role.CLERK)
    case = register()
    photo = files.jpeg()
    upload(app, client, case.id, photo, "现场.jpg", kind="other")
    first = db.session.scalar(db.select(Attachment))
    post(app, client, f"/attachments/{first.id}/withdraw", {"reason": "类别选错"})
    upload(app, client, case.id, photo, "现场.jpg", kind="service_proof")
    assert db.session.scalar(db.select(db.func.count(Attachment.id))) == 2


# Thumbnails --------------------------------------------------------------------------------------


def test_an_image_gets_a_small_thumbnail_and_the_original_is_untouched(app, client, login_as, folder):
    login_as(Role.CLERK)
    case = register()
    photo = files.jpeg(1600, 1200)
    upload(app, client, case.id, photo, "现场.jpg")
    attachment = db.session.scalar(db.select(Attachment))
    response = client.get(f"/attachments/{attachment.id}/thumbnail")
    assert response.status_code == 200 and response.headers["Content-Type"] == "image/jpeg"
    thumbnail = Image.open(io.BytesIO(response.data))
    assert max(thumbnail.size) <= 240 and thumbnail.size == (240, 180)
    assert storage.object_path(attachment.sha256).read_bytes() == photo


def test_a_missing_thumbnail_is_made_again_and_a_pdf_has_none(app, client, login_as, folder):
    login_as(Role.CLERK)
    case = register()
    upload(app, client, case.id, files.png(300, 100), "截图.png")
    upload(app, client, case.id, files.pdf(1), "笔录.pdf")
    image, document = db.session.scalars(db.select(Attachment).order_by(Attachment.id)).all()
    storage.thumbnail_path(image.sha256).unlink()
    assert client.get(f"/attachments/{image.id}/thumbnail").status_code == 200
    assert storage.thumbnail_path(image.sha256).is_file()
    assert client.get(f"/attachments/{document.id}/thumbnail").status_code == 404


def test_no_thumbnail_is_made_of_an_image_over_the_pixel_limit(app, folder, tmp_path):
    from wagewatch.files.thumbnails import make_thumbnail

    original = tmp_path / "big.png"
    original.write_bytes(files.png(400, 300))
    target = tmp_path / "thumb.jpg"
    assert not make_thumbnail(original, target, max_pixels=100_000)
    assert not target.exists()
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(files.png_claiming(200_000, 200_000))
    assert not make_thumbnail(bomb, target, max_pixels=10**12)  # Pillow's own guard holds too
    assert make_thumbnail(original, target, max_pixels=200_000) and target.is_file()


def test_uploads_left_behind_by_a_crashed_worker_are_removed_at_start_up(app, folder):
    from wagewatch.files.storage import STALE_TEMPORARY_SECONDS, remove_stale_temporary_files

    tmp = storage.temporary_folder()
    old, fresh = tmp / "upload-old", tmp / "upload-fresh"
    old.write_bytes(b"x")
    fresh.write_bytes(b"y")
    long_ago = old.stat().st_mtime - STALE_TEMPORARY_SECONDS - 60
    os.utime(old, (long_ago, long_ago))
    assert remove_stale_temporary_files(app) == 1
    assert not old.exists() and fresh.exists()  # an upload still arriving is left alone
