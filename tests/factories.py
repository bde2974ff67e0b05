"""Keyword-only makers of test data, and a helper that posts forms with a valid CSRF token."""

from __future__ import annotations

import re
from functools import cache

from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer
from stdnum.cn import uscc
from werkzeug.security import generate_password_hash

from wagewatch.extensions import db
from wagewatch.models import (
    Contractor, ContractorKind, ContractorPerson, FundingType, Office, ParticipantRole,
    PersonPosition, Project, ProjectParticipant, Role, Sector, Township, User,
)
from wagewatch.rules.names import normalise_name

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
              may_export_full_ids: bool = False) -> User:
    username = username or f"{role.value}1"
    user = User(
        username=username, display_name=display_name or f"测试{role.label}",
        role=role, office=office or default_office(), password_hash=_password_hash(password),
        must_change_password=must_change_password, active=active,
        may_export_full_ids=may_export_full_ids,
    )
    db.session.add(user)
    db.session.commit()
    return user


def csrf_token(app: Flask, client: FlaskClient) -> str:
    """A valid CSRF token for the client's current session, as a form would carry it."""
    with client.session_transaction() as session:
        raw = session.setdefault("csrf_token", "0123456789abcdef0123456789abcdef01234567")
    return URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(raw)


def post(app: Flask, client: FlaskClient, url: str, data: dict | None = None, **kwargs):
    """POST a form with a valid CSRF token (the browser would have it from the page)."""
    payload = dict(data or {})
    payload.setdefault("csrf_token", csrf_token(app, client))
    return client.post(url, data=payload, **kwargs)


def login(app: Flask, client: FlaskClient, username: str, password: str = PASSWORD):
    return post(app, client, "/auth/login", {"username": username, "password": password})


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
                 funding_type: str = "government", owner=None, general_contractor=None,  # noqa: ANN001
                 participants: tuple[tuple, ...] = (), **fields):  # noqa: ANN003
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
