"""Contractors as a clerk registers them, and as a leader reads them."""

import re

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, Contractor, ContractorKind, Role

from tests.factories import (
    post_new,
    make_contractor, make_office, make_project, make_user, login, post, text_of,
)
from tests.web.cases.factories import register

USCC = "91320301MA1MXXXXXU"
ID_NUMBER = "320302198001011239"


def company(**fields):
    return {"kind": "company", "name": "徐州鑫源建设有限公司", "short_name": "鑫源建设",
            "uscc": USCC, "address": "徐州市经济技术开发区金山桥街道", "phone": "13812345678",
            **fields}


def contractor_named(name):
    return db.session.scalar(db.select(Contractor).where(Contractor.name == name))


def test_clerk_registers_a_company_and_sees_it(app, client, login_as):
    login_as(Role.CLERK)
    response = post_new(app, client, "/contractors/new", company())
    contractor = contractor_named("徐州鑫源建设有限公司")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/contractors/{contractor.id}")
    page = text_of(client.get(f"/contractors/{contractor.id}"))
    assert USCC in page and "138****5678" in page and "13812345678" not in page
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "contractor.create"))
    assert event.changes["uscc"] == [None, USCC] and event.actor_username == "clerk1"


def test_clerk_registers_a_team_leader_by_id_number_shown_masked(app, client, login_as):
    login_as(Role.CLERK)
    post_new(app, client, "/contractors/new", {"kind": "individual", "name": "李大勇",
                                           "id_number": ID_NUMBER})
    contractor = contractor_named("李大勇")
    assert contractor.kind is ContractorKind.INDIVIDUAL and contractor.id_number == ID_NUMBER
    for url in (f"/contractors/{contractor.id}", "/contractors/"):
        html = client.get(url).get_data(as_text=True)
        assert "3203**********1239" in html and ID_NUMBER not in html
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "contractor.create"))
    assert event.changes["id_number"] == [None, "3203**********1239"]


def field_error(response, field):
    match = re.search(rf'data-field="{field}">([^<]+)<', response.get_data(as_text=True))
    return match[1] if match else None


def test_a_company_needs_a_uscc_and_an_individual_an_id_number(app, client, login_as):
    login_as(Role.CLERK)
    response = post_new(app, client, "/contractors/new", company(uscc=""))
    assert "单位须填写统一社会信用代码" in field_error(response, "uscc")
    assert 'value="徐州鑫源建设有限公司"' in response.get_data(as_text=True)
    response = post_new(app, client, "/contractors/new", {"kind": "individual", "name": "李大勇"})
    assert "个人须填写身份证号码" in field_error(response, "id_number")
    assert db.session.scalar(db.select(db.func.count()).select_from(Contractor)) == 0


def test_a_wrong_uscc_check_character_is_refused_beside_the_field(app, client, login_as):
    login_as(Role.CLERK)
    response = post_new(app, client, "/contractors/new", company(uscc="91320301MA1MXXXXXA"))
    assert "校验位不正确" in field_error(response, "uscc")
    html = response.get_data(as_text=True)
    assert 'value="91320301MA1MXXXXXA"' in html and 'value="鑫源建设"' in html
    assert 'value="徐州市经济技术开发区金山桥街道"' in html


def test_an_impossible_birth_date_is_refused_beside_the_field(app, client, login_as):
    login_as(Role.CLERK)
    response = post_new(app, client, "/contractors/new", {"kind": "individual", "name": "李大勇",
                                                      "id_number": "320302198002301234"})
    assert "出生日期不存在" in field_error(response, "id_number")
    assert 'value="李大勇"' in response.get_data(as_text=True)


def test_an_n_authority_uscc_is_saved_with_its_warning_shown(app, client, login_as):
    login_as(Role.CLERK)
    response = post_new(app, client, "/contractors/new",
                    company(name="徐州某某农民专业合作社", uscc="N2320303MA1Y0B1Q0Y"))
    assert response.status_code == 302
    contractor = contractor_named("徐州某某农民专业合作社")
    assert contractor.uscc_warning and "“N”" in contractor.uscc_warning
    assert "请核对营业执照原件" in text_of(client.get(f"/contractors/{contractor.id}"))


def test_a_matching_name_warns_links_and_saves_only_once_confirmed(app, client, login_as):
    login_as(Role.CLERK)
    existing = make_contractor(name="徐州鑫源建设（有限公司）")
    response = post_new(app, client, "/contractors/new", company(name="徐州鑫源建设有限责任公司"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'href="/contractors/{existing.id}"' in html and "确认不是同一单位" in html
    assert 'value="徐州鑫源建设有限责任公司"' in html
    assert contractor_named("徐州鑫源建设有限责任公司") is None
    token = re.search(r'name="submission_token" type="hidden" value="([^"]+)"', html)
    ids = re.search(r'name="duplicate_ids" type="hidden" value="([^"]+)"', html)[1]
    assert ids == str(existing.id)
    response = post_new(app, client, "/contractors/new", company(
        name="徐州鑫源建设有限责任公司", confirm_distinct="y", duplicate_ids=ids,
        submission_token=token[1] if token else ""))
    assert response.status_code == 302
    assert contractor_named("徐州鑫源建设有限责任公司") is not None


def test_a_registered_uscc_is_refused_with_a_link_to_the_registered_firm(app, client, login_as):
    login_as(Role.CLERK)
    existing = make_contractor(name="江苏恒达建设集团有限公司", uscc=USCC)
    response = post_new(app, client, "/contractors/new",
                    company(confirm_distinct="y", duplicate_ids=str(existing.id)))
    html = response.get_data(as_text=True)
    assert "该统一社会信用代码已登记" in field_error(response, "uscc")
    assert f'href="/contractors/{existing.id}"' in html and 'name="confirm_distinct"' not in html
    assert contractor_named("徐州鑫源建设有限公司") is None


def test_a_double_submitted_form_creates_one_contractor(app, client, login_as):
    login_as(Role.CLERK)
    form = client.get("/contractors/new").get_data(as_text=True)
    token = re.search(r'name="submission_token" type="hidden" value="([^"]+)"', form)[1]
    first = post_new(app, client, "/contractors/new", company(submission_token=token))
    second = post_new(app, client, "/contractors/new", company(submission_token=token))
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Contractor)) == 1


def test_a_stale_edit_is_refused_and_keeps_the_input(app, client, login_as):
    login_as(Role.CLERK)
    contractor = make_contractor(name="徐州鑫源建设有限公司", uscc=USCC)
    make_user(username="colleague")
    colleague = app.test_client()
    login(app, colleague, "colleague")
    post(app, colleague, f"/contractors/{contractor.id}/edit",
         company(address="同事改的地址", version=1))
    response = post(app, client, f"/contractors/{contractor.id}/edit",
                    company(address="我改的地址", version=1))
    assert "该记录已被他人修改" in text_of(response)
    assert 'value="我改的地址"' in response.get_data(as_text=True)
    db.session.refresh(contractor)
    assert contractor.address == "同事改的地址"


def test_the_office_cannot_be_changed_by_adding_a_field(app, client, login_as):
    login_as(Role.CLERK)
    contractor = make_contractor(name="徐州鑫源建设有限公司", uscc=USCC)
    other = make_office(code="TSQ", name="铜山区", townships=())
    post(app, client, f"/contractors/{contractor.id}/edit",
         company(version=1, office_id=other.id, created_by_id=99, submission_token="x"))
    db.session.refresh(contractor)
    assert contractor.office_id != other.id and contractor.created_by_id is None


def test_another_offices_contractor_is_a_404(app, client, login_as):
    login_as(Role.CLERK)
    other = make_office(code="TSQ", name="铜山区", townships=())
    foreign = make_contractor(office=other, persons=({"name": "王建国"},))
    assert client.get(f"/contractors/{foreign.id}").status_code == 404
    assert client.get(f"/contractors/{foreign.id}/edit").status_code == 404
    assert post(app, client, f"/contractors/{foreign.id}/persons",
                {"name": "赵强", "position": "principal"}).status_code == 404
    person_id = foreign.persons[0].id
    assert post(app, client,
                f"/contractors/{foreign.id}/persons/{person_id}/remove").status_code == 404
    assert "徐州鑫源" not in text_of(client.get("/contractors/?q=鑫源"))
    assert db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.action == "access.out_of_office"))


def test_a_leader_reads_but_cannot_write(app, client, login_as):
    login_as(Role.LEADER)
    contractor = make_contractor(persons=({"name": "王建国"},))
    html = client.get(f"/contractors/{contractor.id}").get_data(as_text=True)
    assert "王建国" in html
    assert "/edit" not in html and "添加人员" not in html and "/remove" not in html
    assert "/contractors/new" not in client.get("/contractors/").get_data(as_text=True)
    assert post_new(app, client, "/contractors/new", company()).status_code == 403
    assert post(app, client, f"/contractors/{contractor.id}/persons",
                {"name": "赵强", "position": "principal"}).status_code == 403
    assert len(contractor.persons) == 1


def test_persons_are_listed_with_masked_id_numbers_and_can_be_removed(app, client, login_as):
    login_as(Role.CLERK)
    contractor = make_contractor()
    response = post(app, client, f"/contractors/{contractor.id}/persons", {
        "name": "王建国", "position": "legal_representative", "id_number": ID_NUMBER,
        "title": "总经理"})
    assert response.status_code == 302
    html = client.get(f"/contractors/{contractor.id}").get_data(as_text=True)
    assert "王建国" in html and "法定代表人" in html
    assert "3203**********1239" in html and ID_NUMBER not in html
    event = db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.action == "contractor.person_add"))
    assert event.changes["id_number"] == [None, "3203**********1239"]
    person_id = contractor.persons[0].id
    page = text_of(post(app, client, f"/contractors/{contractor.id}/persons/{person_id}/remove",
                        follow_redirects=True))
    assert "已移除 王建国" in page and "尚未登记法定代表人或责任人员" in page


def test_a_bad_person_id_number_is_refused_beside_the_field_with_input_kept(app, client, login_as):
    login_as(Role.CLERK)
    contractor = make_contractor()
    response = post(app, client, f"/contractors/{contractor.id}/persons", {
        "name": "王建国", "position": "principal", "id_number": "320302198001011230"})
    assert "校验位不正确" in field_error(response, "id_number")
    html = response.get_data(as_text=True)
    assert 'value="王建国"' in html and 'value="320302198001011230"' in html
    assert contractor.persons == []


def test_a_second_legal_representative_is_refused(app, client, login_as):
    login_as(Role.CLERK)
    contractor = make_contractor(persons=({"name": "王建国"},))
    response = post(app, client, f"/contractors/{contractor.id}/persons",
                    {"name": "赵强", "position": "legal_representative"})
    assert "已登记法定代表人“王建国”" in field_error(response, "position")


def test_the_detail_lists_projects_and_case_numbers(app, client, login_as):
    clerk = login_as(Role.CLERK)
    builder = make_contractor(name="江苏恒达建设集团有限公司")
    make_project(name="金山桥安置房二期工程", general_contractor=builder)
    case = register(clerk=clerk, employer=builder)
    page = text_of(client.get(f"/contractors/{builder.id}"))
    assert "金山桥安置房二期工程 （施工总承包单位）" in page
    assert f"共 1 件：{case.number}" in page


def test_the_list_searches_sorts_and_escapes(app, client, login_as):
    login_as(Role.LEADER)
    make_contractor(name="徐州鑫源建设有限公司", short_name="鑫源", uscc=USCC)
    make_contractor(name="<script>alert(1)</script>建设有限公司")
    make_contractor(name="安徽远景劳务有限公司")
    assert "徐州鑫源建设有限公司" in text_of(client.get("/contractors/?q=91320301ma1m"))
    page = text_of(client.get("/contractors/?q=鑫源"))
    assert "徐州鑫源建设有限公司" in page and "安徽远景" not in page
    html = client.get("/contractors/?sort=-name").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    names = re.findall(r'/contractors/\d+">([^<]+)<', html)
    assert names == sorted(names, reverse=True)


def test_the_lookup_suggests_contractors_without_full_id_numbers(app, client, login_as):
    login_as(Role.CLERK)
    make_contractor(name="徐州鑫源建设有限公司", uscc=USCC)
    make_contractor(name="李鑫", kind="individual", id_number=ID_NUMBER)
    suggestions = client.get("/contractors/lookup?q=鑫").get_json()
    assert {"value": "徐州鑫源建设有限公司", "label": USCC} in suggestions
    assert {"value": "李鑫", "label": "个人 3203**********1239"} in suggestions
    assert client.get("/contractors/lookup").get_json() == []


def test_the_edit_form_never_shows_the_full_id_number_or_phone(app, client, login_as):
    login_as(Role.CLERK)
    contractor = make_contractor(name="李大勇", kind="individual", id_number=ID_NUMBER,
                                 phone="13812345678")
    html = client.get(f"/contractors/{contractor.id}/edit").get_data(as_text=True)
    assert ID_NUMBER not in html and "13812345678" not in html
    assert "3203**********1239（留空则不修改）" in html
    response = post(app, client, f"/contractors/{contractor.id}/edit", {
        "kind": "individual", "name": "李大勇", "address": "铜山区柳泉镇", "version": 1})
    assert response.status_code == 302
    db.session.refresh(contractor)
    assert (contractor.id_number, contractor.phone) == (ID_NUMBER, "13812345678")
    assert contractor.address == "铜山区柳泉镇"


def test_a_possible_duplicate_shows_its_earlier_cases_and_flags(app, client, login_as):
    from tests.factories import post as post_form
    from tests.factories import valid_uscc
    from tests.services.flags.test_evaluation import ignored_order_case

    case = ignored_order_case(employer_absconded=True)
    login_as(Role.CLERK, username="clerk-dup")
    response = post_form(app, client, "/contractors/new", {
        "kind": "company", "name": "徐州恒达建设工程（有限公司）", "uscc": valid_uscc(),
        "submission_token": "dup-1"})
    page = response.get_data(as_text=True)
    assert "可能相同的单位或个人" in page
    assert case.number in page and "黑名单候选" in page
