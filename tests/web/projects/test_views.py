"""Projects as a clerk registers them: duties and warnings, the chain, scoping, read-only roles."""

import re
from datetime import date
from decimal import Decimal

import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, Project, Role, Township

from tests.factories import (
    post_new,
    login, make_contractor, make_office, make_project, make_user, post, text_of,
)


def township_id(name="金山桥街道"):
    return db.session.scalar(db.select(Township.id).where(Township.name == name))


def project_form(**fields):
    return {"name": "金山桥安置房二期工程", "township_id": township_id(), "sector": "construction",
            "funding_type": "government", "wage_guarantee": "none", "active": "y", **fields}


def field_error(response, field):
    match = re.search(rf'data-field="{field}">([^<]+)<', response.get_data(as_text=True))
    return match[1] if match else None


@pytest.fixture
def parties(app):
    owner = make_contractor(name="徐州经开区城建投资有限公司")
    builder = make_contractor(name="江苏恒达建设集团有限公司")
    return owner, builder


def test_clerk_registers_a_project_and_sees_its_art_55_and_56_warnings(app, client, login_as,
                                                                        parties):
    login_as(Role.CLERK)
    owner, builder = parties
    response = post_new(app, client, "/projects/new", project_form(
        owner="徐州经开区城建投资（有限公司）", general_contractor=builder.uscc.lower(),
        contract_value_yuan="12,345,678.90", payment_cycle="quarterly",
        site_liaison_name="刘洋", site_liaison_position="金山桥街道办事处副主任",
        site_liaison_phone="13912345678"))
    project = db.session.scalar(db.select(Project))
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/projects/{project.id}")
    assert project.owner == owner and project.general_contractor == builder
    assert project.contract_value_yuan == Decimal("12345678.90")
    page = text_of(client.get(f"/projects/{project.id}"))
    assert "未开设农民工工资专用账户" in page and "第五十五条第（一）项" in page
    assert "未存储工资保证金" in page and "未实行劳动用工实名制管理" in page
    assert "维权信息告示牌从未检查" in page and "第五十六条" in page
    assert "人工费用拨付周期超过1个月" in page and "未登记劳资专管员" in page
    assert "12,345,678.90 元" in page
    assert "刘洋" in page and "139****5678" in page and "13912345678" not in page
    assert "建设单位 徐州经开区城建投资有限公司 施工总承包单位 江苏恒达建设集团有限公司" in page


def test_a_project_meeting_its_duties_shows_no_warnings(app, client, login_as):
    login_as(Role.CLERK)
    post_new(app, client, "/projects/new", project_form(
        wage_account_bank="中国银行徐州分行", wage_account_number="5100 1234 5678",
        wage_guarantee="bank_guarantee", wage_guarantee_yuan="300000",
        real_name_registration="y", notice_board_checked_on="2026-03-02",
        labour_officer_name="周敏", payment_cycle="monthly"))
    project = db.session.scalar(db.select(Project))
    page = text_of(client.get(f"/projects/{project.id}"))
    assert "已登记的工资支付保障措施齐全" in page and "违法情形" not in page


def test_a_project_outside_construction_gets_no_duty_warnings(app, client, login_as):
    login_as(Role.CLERK)
    post_new(app, client, "/projects/new", project_form(name="东环食品厂扩建",
                                                    sector="non_construction",
                                                    funding_type="private"))
    project = db.session.scalar(db.select(Project))
    page = text_of(client.get(f"/projects/{project.id}"))
    assert "东环食品厂扩建" in page and "第五十五条" not in page and "履责提示" not in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("contract_value_yuan", "12345.678", "最多保留两位小数"),
        ("contract_value_yuan", "一百万", "请输入以元为单位的金额"),
        ("contract_value_yuan", "NaN", "请输入以元为单位的金额"),
        ("contract_value_yuan", "-5", "不能为负数"),
        ("wage_guarantee_yuan", "1e20", "金额过大"),
        ("start_on", "2026-02-30", "不是有效的日期"),
        ("notice_board_checked_on", "2999-01-01", "不能晚于今天"),
        ("labour_officer_phone", "0516-83001234", "11位"),
        ("owner", "不存在的公司", "未找到该单位或个人"),
        ("township_id", "", "请选择镇（街道）"),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_kept(app, client, login_as, field, value,
                                                        message):
    login_as(Role.CLERK)
    response = post_new(app, client, "/projects/new", project_form(**{field: value}))
    assert response.status_code == 200
    assert message in (field_error(response, field) or "")
    html = response.get_data(as_text=True)
    assert 'value="金山桥安置房二期工程"' in html
    if field != "township_id":
        assert f'value="{value}"' in html
    assert db.session.scalar(db.select(Project)) is None


def test_the_end_may_not_precede_the_start(app, client, login_as):
    login_as(Role.CLERK)
    response = post_new(app, client, "/projects/new",
                    project_form(start_on="2026-05-01", end_on="2026-04-30"))
    assert "竣工日期不能早于开工日期" in field_error(response, "end_on")


def test_the_chain_is_built_and_shown_with_who_engaged_whom(app, client, login_as, parties):
    login_as(Role.CLERK)
    owner, builder = parties
    labour = make_contractor(name="徐州鑫源劳务有限公司")
    make_contractor(name="李大勇", kind="individual", id_number="320322198506155436")
    project = make_project(owner=owner, general_contractor=builder)
    url = f"/projects/{project.id}/participants"
    assert post(app, client, url, {"contractor": "徐州鑫源劳务有限公司",
                                   "role": "labour_subcontractor", "engaged_by_id": builder.id,
                                   "scope": "主体结构劳务"}).status_code == 302
    assert post(app, client, url, {"contractor": "320322198506155436", "role": "team_leader",
                                   "engaged_by_id": labour.id}).status_code == 302
    page = text_of(client.get(f"/projects/{project.id}"))
    assert ("劳务分包 徐州鑫源劳务有限公司 （由 江苏恒达建设集团有限公司 发包，主体结构劳务）"
            in page)
    assert "包工头/班组长 李大勇 （由 徐州鑫源劳务有限公司 发包）" in page
    actions = db.session.scalars(db.select(AuditEvent.action).where(
        AuditEvent.action == "project.participant_add")).all()
    assert len(actions) == 2


def test_a_participant_error_is_shown_beside_the_field(app, client, login_as, parties):
    login_as(Role.CLERK)
    owner, builder = parties
    project = make_project(owner=owner, general_contractor=builder)
    response = post(app, client, f"/projects/{project.id}/participants", {
        "contractor": "江苏恒达建设集团有限公司", "role": "subcontractor",
        "engaged_by_id": owner.id})
    assert "已是本项目的建设单位或施工总承包单位" in field_error(response, "contractor")
    assert 'value="江苏恒达建设集团有限公司"' in response.get_data(as_text=True)
    response = post(app, client, f"/projects/{project.id}/participants", {
        "contractor": "查无此人", "role": "team_leader", "engaged_by_id": builder.id})
    assert "未找到该单位或个人" in field_error(response, "contractor")


def test_a_participant_is_removed(app, client, login_as, parties):
    login_as(Role.CLERK)
    owner, builder = parties
    labour = make_contractor(name="徐州鑫源劳务有限公司")
    project = make_project(owner=owner, general_contractor=builder,
                           participants=((labour, "labour_subcontractor", builder),))
    participant_id = project.participants[0].id
    page = text_of(post(app, client, f"/projects/{project.id}/participants/{participant_id}/remove",
                        follow_redirects=True))
    assert "已移除该参与方" in page and "劳务分包 徐州鑫源劳务有限公司" not in page


def test_edit_keeps_the_parties_and_a_stale_edit_is_refused(app, client, login_as, parties):
    login_as(Role.CLERK)
    owner, builder = parties
    make_contractor(name="江苏恒达建设集团有限公司")  # a confirmed namesake of the builder
    project = make_project(owner=owner, general_contractor=builder)
    html = client.get(f"/projects/{project.id}/edit").get_data(as_text=True)
    assert 'value="江苏恒达建设集团有限公司"' in html
    form = project_form(owner=owner.name, general_contractor=builder.name, version=1)
    make_user(username="colleague")
    colleague = app.test_client()
    login(app, colleague, "colleague")
    assert post(app, colleague, f"/projects/{project.id}/edit",
                {**form, "labour_officer_name": "周敏"}).status_code == 302
    response = post(app, client, f"/projects/{project.id}/edit",
                    {**form, "labour_officer_name": "吴霞"})
    assert "该记录已被他人修改" in text_of(response)
    assert 'value="吴霞"' in response.get_data(as_text=True)
    db.session.refresh(project)
    assert project.labour_officer_name == "周敏" and project.general_contractor == builder


def test_a_double_submitted_project_form_creates_one_project(app, client, login_as):
    login_as(Role.CLERK)
    html = client.get("/projects/new").get_data(as_text=True)
    token = re.search(r'name="submission_token" type="hidden" value="([^"]+)"', html)[1]
    first = post_new(app, client, "/projects/new", project_form(submission_token=token))
    second = post_new(app, client, "/projects/new", project_form(submission_token=token))
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Project)) == 1


def test_another_offices_project_is_a_404(app, client, login_as):
    login_as(Role.CLERK)
    other = make_office(code="TSQ", name="铜山区", townships=("柳泉镇",))
    builder = make_contractor(office=other)
    team = make_contractor(name="李大勇", kind="individual", office=other)
    foreign = make_project(name="铜山某项目", office=other, general_contractor=builder,
                           participants=((team, "team_leader", builder),))
    assert client.get(f"/projects/{foreign.id}").status_code == 404
    assert client.get(f"/projects/{foreign.id}/edit").status_code == 404
    assert post(app, client, f"/projects/{foreign.id}/participants", {}).status_code == 404
    participant_id = foreign.participants[0].id
    assert post(app, client, f"/projects/{foreign.id}/participants/{participant_id}/remove"
                ).status_code == 404
    assert "铜山某项目" not in text_of(client.get("/projects/"))


def test_a_leader_reads_projects_but_cannot_write(app, client, login_as, parties):
    login_as(Role.LEADER)
    owner, builder = parties
    project = make_project(owner=owner, general_contractor=builder)
    html = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "江苏恒达建设集团有限公司" in html and "未开设农民工工资专用账户" in html
    assert "/edit" not in html and "/participants" not in html
    assert "/projects/new" not in client.get("/projects/").get_data(as_text=True)
    assert post_new(app, client, "/projects/new", project_form()).status_code == 403
    assert post(app, client, f"/projects/{project.id}/edit", project_form()).status_code == 403
    assert post(app, client, f"/projects/{project.id}/participants", {}).status_code == 403


def test_the_list_filters_by_township_sector_and_funding(app, client, login_as):
    login_as(Role.LEADER)
    east = db.session.get(Township, township_id("东环街道"))
    make_project(name="金山桥安置房")
    make_project(name="东环路改造", township=east, funding_type="soe")
    make_project(name="东环食品厂扩建", township=east, sector="non_construction",
                 funding_type="private")
    page = text_of(client.get(f"/projects/?township_id={east.id}"))
    assert "东环路改造" in page and "东环食品厂扩建" in page and "金山桥安置房" not in page
    page = text_of(client.get("/projects/?sector=non_construction"))
    assert "东环食品厂扩建" in page and "东环路改造" not in page
    page = text_of(client.get("/projects/?funding_type=soe&q=东环"))
    assert "东环路改造" in page and "东环食品厂扩建" not in page
    assert client.get("/projects/?township_id=x&sector=y&sort=z&page=-1").status_code == 200


def test_stored_phones_stay_masked_on_the_edit_form_and_kept_for_the_same_person(
        app, client, login_as):
    login_as(Role.CLERK)
    project = make_project(labour_officer_name="周敏", labour_officer_phone="13812345678",
                           site_liaison_name="刘洋", site_liaison_phone="13912345678")
    html = client.get(f"/projects/{project.id}/edit").get_data(as_text=True)
    assert "13812345678" not in html and "13912345678" not in html
    assert "138****5678" in html
    post(app, client, f"/projects/{project.id}/edit", project_form(
        labour_officer_name="周敏", site_liaison_name="孙丽", version=1))
    db.session.refresh(project)
    assert project.labour_officer_phone == "13812345678"  # same officer: kept
    assert project.site_liaison_phone is None  # a new liaison: the old number is not theirs


def test_a_general_contractor_with_a_record_is_shown_before_the_project_is_saved(
        app, client, login_as):
    from tests.web.blacklist.factories import make_listing

    builder = make_contractor(name="徐州失信建设有限公司")
    make_listing(contractor=builder, decided_on=date(2026, 3, 10), number="经开劳监列字〔2026〕3号")
    login_as(Role.CLERK)
    first = post_new(app, client, "/projects/new", project_form(
        general_contractor=builder.uscc, submission_token="p-1"))
    assert first.status_code == 200 and "保存前请核对" in text_of(first)
    assert "正在失信联合惩戒名单期内：经开劳监列字〔2026〕3号" in text_of(first)
    assert db.session.scalar(db.select(Project)) is None
    screened = re.search(r'name="screened_parties" type="hidden" value="([\d,]+)"',
                         first.get_data(as_text=True))[1]
    second = post_new(app, client, "/projects/new", project_form(
        general_contractor=builder.uscc, submission_token="p-1", screened_parties=screened))
    assert second.status_code == 302 and db.session.scalar(db.select(Project)) is not None


def test_the_project_list_searches_a_percent_sign_literally(app, client, login_as):
    login_as(Role.CLERK)
    make_project(name="100%达标示范工程")
    make_project(name="大庙镇道路改造工程")
    page = text_of(client.get("/projects/?q=%25"))
    assert "100%达标示范工程" in page
    assert "大庙镇道路改造工程" not in page


def test_the_project_pages_statements_do_not_grow_with_its_participants(app, client, login_as, parties):
    """The owner, the general contractor and every participant with who engaged it come with the
    project (lazily, each contractor was a statement of its own)."""
    from wagewatch.models import ParticipantRole

    from tests.statements import sent_statements

    login_as(Role.CLERK)
    owner, builder = parties

    def project_with(teams: int) -> Project:
        chain, engaging = [], builder
        for n in range(teams):
            team = make_contractor(name=f"劳务班组{teams}-{n}", kind="individual")
            chain.append((team, ParticipantRole.TEAM_LEADER, engaging))
            engaging = team
        return make_project(name=f"项目{teams}", owner=owner, general_contractor=builder,
                            participants=tuple(chain))

    small, large = project_with(1), project_with(5)
    db.session.expire_all()
    with sent_statements() as one:
        client.get(f"/projects/{small.id}")
    with sent_statements() as five:
        page = text_of(client.get(f"/projects/{large.id}"))
    assert all(f"劳务班组5-{n}" in page for n in range(5)) and builder.name in page
    assert len(five) == len(one)
    assert not [s for s in five if s.lstrip().startswith("SELECT contractor.id AS contractor_id")
                and "project" not in s]
