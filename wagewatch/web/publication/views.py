"""Publication (公示): the current blacklist with its published fields, and its CSV and Excel downloads."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from flask import Blueprint, Response, render_template, request
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from wagewatch.models import Role
from wagewatch.reports.exports import publication_workbook
from wagewatch.services.blacklist import publication
from wagewatch.services.reference.calendar import today
from wagewatch.web.permissions import guard
from wagewatch.web.publication.forms import DayForm, DownloadForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

bp = guard(Blueprint("publication", __name__, url_prefix="/publication"),
           {Role.CLERK, Role.LEADER, Role.POLICE, Role.ADMIN})


def _day(form: DayForm | DownloadForm) -> date | None:
    """The day asked for, today when none; None when the input is not a date."""
    if not form.validate():
        return None
    return form.on.data or today()


@bp.route("/")
def show_list():
    form = DayForm(request.args)
    day = _day(form)
    rows = publication.published_rows(current_user.office_id, day) if day else []
    download = DownloadForm(formdata=None, on=day)
    return render_template("publication/listing_list.html", form=form, day=day, rows=rows,
                           download=download)


@bp.route("/download", methods=["POST"])
def download_list():
    values = MultiDict(request.form)
    if not values.get("on") and request.args.get("on"):
        values["on"] = request.args["on"]
    form = DownloadForm(values)
    day = _day(form)
    if day is None:
        page = DayForm(MultiDict({"on": values.get("on", "")}))
        page.validate()
        if form.errors.get("csrf_token"):
            page.on.errors = ["页面已过期，请刷新后重新下载。"]
        return render_template("publication/listing_list.html", form=page, day=None, rows=[],
                               download=DownloadForm(formdata=None)), 400
    rows = publication.published_rows(current_user.office_id, day)
    if form.submit_xlsx.data:
        body = publication_workbook(rows, current_user.office.name, day)
        publication.record_download(day, len(rows), current_user, "Excel")
        return _attachment(body, XLSX, f"blacklist-{day.isoformat()}.xlsx",
                           f"失信联合惩戒对象名单-{day.isoformat()}.xlsx")
    body = publication.render_csv(rows)
    publication.record_download(day, len(rows), current_user)
    return _attachment(body, "text/csv", f"blacklist-{day.isoformat()}.csv",
                       f"失信联合惩戒对象名单-{day.isoformat()}.csv")


def _attachment(body: bytes, mimetype: str, ascii_name: str, name: str) -> Response:
    """A download whose file name the server chose (ASCII fallback plus the Chinese name)."""
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; "
                               f"filename*=UTF-8''{quote(name)}",
        "Cache-Control": "no-store",
    })
