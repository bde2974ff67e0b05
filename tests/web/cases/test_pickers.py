"""Typed pickers: a complaint's project and the case list's handler are found by typing part of a
name (JSON suggestions, or candidates after submitting without JavaScript); pages do not list
every project or every clerk of the office."""

from wagewatch.extensions import db
from wagewatch.models import Case, Role

from tests.factories import make_office, make_project, make_user, post, text_of
from tests.web.cases.factories import make_employer, register
from tests.web.cases.test_registration import form_data

ROADS = ("大庙镇道路改造工程", "徐庄道路拓宽工程")


def _projects() -> None:
    for name in ("金山桥安置房二期工程", *ROADS):
        make_project(name=name)


def test_the_project_lookup_suggests_the_offices_projects_by_fragment(app, client, login_as):
    login_as(Role.CLERK)
    _projects()
    make_project(name="外区道路工程", office=make_office(code="TS", name="铜山区劳动保障监察大队"))
    found = client.get("/cases/lookup/projects?q=道路").get_json()
    assert [item["value"] for item in found] == sorted(ROADS)
    assert client.get("/cases/lookup/projects?q=").get_json() == []


def test_percent_and_underscore_typed_into_the_lookup_match_only_themselves(app, client, login_as):
    login_as(Role.CLERK)
    _projects()
    make_project(name="100%达标_示范工程")
    assert [item["value"] for item in client.get("/cases/lookup/projects?q=%25").get_json()] == \
        ["100%达标_示范工程"]
    assert [item["value"] for item in client.get("/cases/lookup/projects?q=_").get_json()] == \
        ["100%达标_示范工程"]


def test_the_complaint_form_lists_no_projects(app, client, login_as):
    login_as(Role.CLERK)
    _projects()
    page = client.get("/cases/new").get_data(as_text=True)
    assert 'id="project"' in page and "金山桥安置房二期工程" not in page


def test_a_complaint_is_saved_with_the_project_named_in_full(app, client, login_as):
    login_as(Role.CLERK)
    make_employer()
    _projects()
    response = post(app, client, "/cases/new", form_data(project="大庙镇道路改造工程"))
    assert response.status_code == 302
    assert db.session.scalar(db.select(Case)).project.name == "大庙镇道路改造工程"


def test_a_fragment_matching_one_project_is_filled_in_to_confirm(app, client, login_as):
    login_as(Role.CLERK)
    make_employer()
    _projects()
    response = post(app, client, "/cases/new", form_data(project="安置房", summary="拖欠三个月工资"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and db.session.scalar(db.select(Case)) is None
    assert "找到项目“金山桥安置房二期工程”，已填入完整名称，请核对后再次提交。" in text_of(response)
    assert 'value="金山桥安置房二期工程"' in page and "拖欠三个月工资" in page  # nothing typed is lost
    assert 'value="张伟"' in page


def test_a_fragment_matching_several_projects_offers_them_without_javascript(app, client, login_as):
    login_as(Role.CLERK)
    make_employer()
    _projects()
    response = post(app, client, "/cases/new", form_data(project="道路"))
    page = response.get_data(as_text=True)
    assert "有2个项目的名称含“道路”，请从列表中选择完整名称。" in text_of(response)
    assert all(f'<option value="{name}">' in page for name in ROADS)
    assert 'value="道路"' in page


def test_an_unknown_project_is_refused_beside_the_field(app, client, login_as):
    login_as(Role.CLERK)
    make_employer()
    response = post(app, client, "/cases/new", form_data(project="不存在的工程"))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<div class="invalid-feedback" data-field="project">未找到该项目' in page
    assert 'value="不存在的工程"' in page
    assert db.session.scalar(db.select(Case)) is None


def test_two_projects_of_one_name_are_told_apart_by_number(app, client, login_as):
    login_as(Role.CLERK)
    make_employer()
    first, second = make_project(name="同名工程"), make_project(name="同名工程")
    found = client.get("/cases/lookup/projects?q=同名").get_json()
    assert [item["value"] for item in found] == [f"同名工程（项目编号{first.id}）",
                                                 f"同名工程（项目编号{second.id}）"]
    refused = post(app, client, "/cases/new", form_data(project="同名工程"))
    assert "有多个同名的项目" in text_of(refused)
    post(app, client, "/cases/new", form_data(project=f"同名工程（项目编号{second.id}）"))
    assert db.session.scalar(db.select(Case)).project_id == second.id


def test_the_case_list_filters_by_a_handler_typed_by_name(app, client, login_as):
    me = login_as(Role.CLERK, display_name="李监察")
    other = make_user(role=Role.CLERK, username="clerk-wang", display_name="王监察")
    mine, theirs = register(clerk=me), register(clerk=other)
    page = client.get("/cases/?handler=王监察")
    assert theirs.number in text_of(page) and mine.number not in text_of(page)
    assert client.get("/cases/lookup/handlers?q=王").get_json() == [
        {"value": "王监察", "label": "clerk-wang"}]
    assert "王监察" not in client.get("/cases/").get_data(as_text=True)  # no list of every clerk


def test_a_handler_given_by_id_shows_their_name(app, client, login_as):
    me = login_as(Role.LEADER)
    clerk = make_user(role=Role.CLERK, username="clerk-zhao", display_name="赵监察", office=me.office)
    case = register(clerk=clerk)
    page = client.get(f"/cases/?handler={clerk.id}").get_data(as_text=True)
    assert 'value="赵监察"' in page and case.number in page


def test_an_unknown_handler_is_refused_and_kept(app, client, login_as):
    login_as(Role.CLERK)
    page = client.get("/cases/?handler=没有此人")
    assert "未找到该承办人" in text_of(page)
    assert 'value="没有此人"' in page.get_data(as_text=True)
