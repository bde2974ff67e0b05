"""Keyword-only makers of test data, and a helper that posts forms with a valid CSRF token."""

from __future__ import annotations

import re
import secrets
import time
from functools import cache

import pyotp

from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer
from stdnum.cn import uscc
from werkzeug.security import generate_password_hash

from wagewatch.extensions import db
from wagewatch.models import (
    Contractor, ContractorKind, ContractorPerson, FundingType, Office, ParticipantRole,
    PersonPosition, Project, ProjectParticipant, Role, SecondFactor, Sector, Township, User,
)
from wagewatch.rules.names import normalise_name
from wagewatch.services.accounts.second_factor import REQUIRED_ROLES, STEP_SECONDS

PASSWORD = "Wage-watch-2026"
FAST_HASH = "scrypt:1024:8:1"  # tests only; production uses scrypt N=2**17


@cache
def _password_hash(password: str) -> str:
    return generate_password_hash(password, method=FAST_HASH)


def make_office(*, code: str = "XZJK", name: str = "徐州经济技术开发区劳动保障监察大队",
                townships: tuple[str, ...] = ("金山桥街道", "东环街道")) -> Office:
    office = Office(code=code, name=name)
    db.session.add(office)
    for order, township in enumerate(townships, start=1):
        db.session.add(Township(office=office, name=township, sort_order=order * 10))
    db.session.commit()
    return office


def default_office() -> Office:
    office = db.session.scalar(db.select(Office).where(Office.code == "XZJK"))
    return office or make_office()


def make_user(*, role: Role = Role.CLERK, username: str | None = None, office: Office | None = None,
              password: str = PASSWORD, must_change_password: bool = False,
              active: bool = True, display_name: str | None = None,
              may_export_full_ids: bool = False, email: str | None = None,
              second_factor: bool | None = None) -> User:
    """A user; one whose role or office requires a second factor has an enrolled TOTP secret
    (``second_factor`` True or False forces it either way)."""
    username = username or f"{role.value}1"
    office = office or default_office()
    user = User(
        username=username, display_name=display_name or f"测试{role.label}",
        role=role, office=office, password_hash=_password_hash(password),
        must_change_password=must_change_password, active=active,
        may_export_full_ids=may_export_full_ids, email=email,
    )
    db.session.add(user)
    db.session.flush()
    if second_factor is None:
        second_factor = role in REQUIRED_ROLES or bool(office.require_second_factor)
    if second_factor:
        db.session.add(SecondFactor(user_id=user.id, secret=pyotp.random_base32(32),
                                    enrolled_at=user.created_at))
    db.session.commit()
    return user


def second_factor_code(username: str) -> str:
    """A valid, unused TOTP code for the user, computed with pyotp from the stored secret.

    Codes are single-use per 30-second step; when a test signs the same user in twice within
    one step, the step after is used, and past that the last use is dated one step back (as
    if the previous sign-in had been a minute earlier).
    """
    factor = db.session.scalar(
        db.select(SecondFactor).join(User, User.id == SecondFactor.user_id)
        .where(User.username == username).execution_options(populate_existing=True))
    assert factor is not None and factor.enrolled_at is not None, f"{username} has no factor"
    now_step = int(time.time()) // STEP_SECONDS
    step = now_step if factor.last_used_step is None else max(now_step, factor.last_used_step + 1)
    if step > now_step + 1:
        factor.last_used_step, step = now_step - 1, now_step
        db.session.commit()
    return pyotp.TOTP(factor.secret).generate_otp(step)


def pending_second_factor_code(username: str) -> str:
    """The current code of the user's pending enrolment (what the authenticator app shows)."""
    factor = db.session.scalar(
        db.select(SecondFactor).join(User, User.id == SecondFactor.user_id)
        .where(User.username == username).execution_options(populate_existing=True))
    assert factor is not None and factor.enrolled_at is None, f"{username} has no pending factor"
    return pyotp.TOTP(factor.secret).now()


def csrf_token(app: Flask, client: FlaskClient) -> str:
    """A valid CSRF token for the client's current session, as a form would carry it."""
    with client.session_transaction() as session:
        raw = session.setdefault("csrf_token", "0123456789abcdef0123456789abcdef01234567")
    assert app.secret_key is not None
    return URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(raw)


def post(app: Flask, client: FlaskClient, url: str, data: dict | None = None, **kwargs):
    """POST a form with a valid CSRF token (the browser would have it from the page)."""
    payload = dict(data or {})
    payload.setdefault("csrf_token", csrf_token(app, client))
    return client.post(url, data=payload, **kwargs)


def post_new(app: Flask, client: FlaskClient, url: str, data: dict | None = None, **kwargs):
    """POST a create form with the one-time submission token its page would carry."""
    return post(app, client, url, {"submission_token": secrets.token_urlsafe(16), **(data or {})},
                **kwargs)


def login(app: Flask, client: FlaskClient, username: str, password: str = PASSWORD):
    """Sign in through the real pages: the password, then the second factor's code when the
    user has one (security.md item 23). Returns the last response (302 when signed in)."""
    response = post(app, client, "/auth/login", {"username": username, "password": password})
    if response.status_code == 302 and response.headers["Location"].startswith(
            "/auth/second-factor"):
        response = post(app, client, response.headers["Location"],
                        {"code": second_factor_code(username)})
    return response


def text_of(response) -> str:
    """The response body as text with tags stripped and whitespace folded (what a user reads)."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


_uscc_serial = iter(range(1, 10**6))


def valid_uscc(prefix: str = "91320301MA1") -> str:
    """A fresh USCC with a correct check character (GB 32100-2015)."""
    body = f"{prefix}{next(_uscc_serial):06d}"
    return body + uscc.calc_check_digit(body)


def make_contractor(*, name: str = "徐州鑫源建设有限公司", kind: str = "company",
                    office: Office | None = None, uscc: str | None = None,
                    id_number: str | None = None, short_name: str | None = None,
                    phone: str | None = None, persons: tuple[dict, ...] = ()):
    """A contractor of the office; a company gets a valid USCC unless one is given.

    ``persons`` are dicts of ContractorPerson fields (name, position, id_number, title).
    """
    kind = ContractorKind(kind)
    if kind is ContractorKind.COMPANY and uscc is None:
        uscc = valid_uscc()
    contractor = Contractor(
        office_id=(office or default_office()).id, kind=kind, name=name, short_name=short_name,
        normalised_name=normalise_name(name), uscc=uscc, id_number=id_number, phone=phone)
    for fields in persons:
        values = {"position": PersonPosition.LEGAL_REPRESENTATIVE, **fields}
        contractor.persons.append(ContractorPerson(**{
            **values, "position": PersonPosition(values["position"])}))
    db.session.add(contractor)
    db.session.commit()
    return contractor


def make_project(*, name: str = "金山桥安置房二期工程", office: Office | None = None,
                 township: Township | None = None, sector: str = "construction",
                 funding_type: str = "government", owner=None, general_contractor=None,
                 participants: tuple[tuple, ...] = (), **fields):
    """A project of the office; ``participants`` are (contractor, role, engaged_by) tuples."""
    office = office or default_office()
    township = township or db.session.scalar(
        db.select(Township).where(Township.office_id == office.id).order_by(Township.id))
    project = Project(office_id=office.id, name=name, township=township, sector=Sector(sector),
                      funding_type=FundingType(funding_type), owner=owner,
                      general_contractor=general_contractor, **fields)
    for contractor, role, engaged_by in participants:
        project.participants.append(ProjectParticipant(
            contractor=contractor, role=ParticipantRole(role), engaged_by=engaged_by))
    db.session.add(project)
    db.session.commit()
    return project


def issue_served_order(case, *, issued_on, pay_within: int = 3, method=None, served_on=None,
                       evidence: str | None = None, actor=None):
    """Issue a payment order through the services and record its service (in person on the day
    of issue unless told otherwise; posted with a photo of the posting uploaded to the case first);
    returns the order, whose clock then runs from service."""
    from wagewatch.models import ServiceMethod
    from wagewatch.services.cases import payments
    from wagewatch.services.documents import issuing, service_records

    from tests.web.evidence.files import attach_service_photo

    actor = actor or case.handler
    method = method or ServiceMethod.IN_PERSON
    order = payments.issue_payment_order(case, payments.OrderInput(issued_on, pay_within), actor)
    photos = [attach_service_photo(case, actor)] if method is ServiceMethod.POSTED else []
    document = issuing.order_document(order)
    assert document is not None             # issued now, with its 指令书
    service_records.record_service(document, service_records.ServiceInput(
        recipient=case.employer.name, place=case.employer.address or "用人单位经营场所",
        method=method, served_on=served_on or issued_on,
        served_time=None, servers="李明、周强", evidence=evidence), actor,
        chosen_attachment_ids=photos)
    return order
