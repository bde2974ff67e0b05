"""Static files under versioned URLs: a page names each file with the version of the static files,
and a browser keeps a file fetched under it for a year; anything else is asked again."""

from __future__ import annotations

import re
import shutil

from wagewatch.web.static_assets import static_version


def _assets(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/(?:bootstrap/)?static/[^"]+)"', html)


def test_a_page_names_its_css_and_scripts_with_the_version_and_they_are_kept(client):
    assets = _assets(client.get("/auth/login").get_data(as_text=True))
    assert any(".css" in url for url in assets) and any(".js" in url for url in assets)
    versions = {url.rsplit("?v=", 1)[1] for url in assets}
    assert len(versions) == 1 and all("?v=" in url for url in assets)
    for url in assets:
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_a_file_asked_for_without_the_version_or_under_an_old_one_is_revalidated(client):
    for url in ("/static/app.js", "/static/app.js?v=000000000000"):
        response = client.get(url)
        assert response.status_code == 200
        assert "max-age=31536000" not in response.headers.get("Cache-Control", "")


def test_the_version_changes_when_a_static_file_changes(app, tmp_path):
    folder = tmp_path / "static"
    shutil.copytree(app.static_folder, folder)
    before = static_version(str(folder))
    assert static_version(str(folder)) == before
    (folder / "app.js").write_text((folder / "app.js").read_text() + "\n// changed\n")
    assert static_version(str(folder)) != before
