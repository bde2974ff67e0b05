"""First start on an empty database: the default office, its townships and the first administrator."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func

from wagewatch.extensions import db
from wagewatch.models import Office, Role, Township, User
from wagewatch.services import audit
from wagewatch.services.accounts.users import create_user
from wagewatch.services.reference.maintenance import ensure_thresholds


def ensure_initial_setup() -> tuple[Office | None, str | None]:
    """Create what an empty database needs; returns (new office, first admin's one-time password).

    Safe to run repeatedly: it creates nothing when an office or a user already exists.
    """
    config = current_app.config
    created_office = None
    if not db.session.scalar(db.select(func.count()).select_from(Office)):
        created_office = Office(code=config["DEFAULT_OFFICE_CODE"],
                                name=config["DEFAULT_OFFICE_NAME"])
        db.session.add(created_office)
        for order, name in enumerate(config["DEFAULT_TOWNSHIPS"], start=1):
            db.session.add(Township(office=created_office, name=name, sort_order=order * 10))
        db.session.flush()
        audit.record("office.create", object_type="office", object_id=created_office.id,
                     detail="首次启动时创建默认机构及镇（街道）")
        db.session.commit()
    ensure_thresholds()
    db.session.commit()
    password = None
    if not db.session.scalar(db.select(func.count()).select_from(User)):
        office = db.session.scalars(db.select(Office).order_by(Office.id).limit(1)).one()
        _, password = create_user(username="admin", display_name="系统管理员", role=Role.ADMIN,
                                  office=office)
    return created_office, password
