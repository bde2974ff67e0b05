"""Administration of user accounts: create, edit, disable, unlock, reset (security.md items 2-5)."""

from __future__ import annotations

from sqlalchemy import func, update

from wagewatch.extensions import db
from wagewatch.models import Office, Role, SecondFactor, User
from wagewatch.rules.passwords import check_password
from wagewatch.services import ServiceError, StaleRecord, audit, commit_edit
from wagewatch.services.accounts import sessions
from wagewatch.services.accounts.authentication import hash_password, normalise_username, one_time_password


def _snapshot(user: User) -> dict:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": str(user.role),
        "office_id": user.office_id,
        "active": user.active,
        "may_export_full_ids": user.may_export_full_ids,
        "email": user.email,
    }


def create_user(
    *,
    username: str,
    display_name: str,
    role: Role,
    office: Office,
    password: str | None = None,
    may_export_full_ids: bool = False,
    email: str | None = None,
    actor: User | None = None,
) -> tuple[User, str | None]:
    """Create an account that must change its password at first login.

    Without ``password`` a one-time random password is generated and returned (shown once).
    """
    name = normalise_username(username)
    if db.session.scalar(db.select(User.id).where(User.username == name)) is not None:
        raise ServiceError("该用户名已被使用。", field="username")
    generated = None
    if password is None:
        password = generated = one_time_password()
    else:
        verdict = check_password(password, context_words=(name, display_name))
        if not verdict.ok:
            raise ServiceError("；".join(verdict.problems), field="password")
    user = User(
        username=name,
        display_name=display_name.strip(),
        role=role,
        office=office,
        password_hash=hash_password(password),
        must_change_password=True,
        may_export_full_ids=may_export_full_ids,
        email=email,
    )
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", object_type="user", object_id=user.id, actor=actor,
                 changes=audit.changes_between({}, _snapshot(user)))
    db.session.commit()
    return user, generated


def update_user(
    user: User, *, display_name: str, role: Role, office: Office, expected_version: int,
    actor: User, may_export_full_ids: bool | None = None, email: str | None = None,
) -> None:
    """Change a user's name, role, office or permission to export full ID numbers in bulk (the
    grant and its withdrawal are audited as changes; PIPL art. 51); a role or office change
    ends their sessions."""
    if user.version != expected_version:
        raise StaleRecord()
    if user.role is Role.ADMIN and role is not Role.ADMIN and user.active:
        _refuse_losing_last_admin(user)
    before = _snapshot(user)
    user.display_name = display_name.strip()
    user.role = role
    user.office = office
    if may_export_full_ids is not None:
        user.may_export_full_ids = may_export_full_ids
    user.email = email
    after = _snapshot(user)
    if before["role"] != after["role"] or before["office_id"] != after["office_id"]:
        sessions.end_all(user, "role_changed")
    audit.record("user.update", object_type="user", object_id=user.id, actor=actor,
                 changes=audit.changes_between(before, after))
    commit_edit(user, expected_version)


def set_active(user: User, active: bool, *, actor: User) -> None:
    """Disable (ending every session at once) or re-enable an account."""
    if not active and user.id == actor.id:
        raise ServiceError("不能停用自己的账户。")
    if not active and user.role is Role.ADMIN:
        _refuse_losing_last_admin(user)
    before = _snapshot(user)
    user.active = active
    if not active:
        sessions.end_all(user, "disabled")
    audit.record("user.enable" if active else "user.disable", object_type="user",
                 object_id=user.id, actor=actor,
                 changes=audit.changes_between(before, _snapshot(user)))
    db.session.commit()


def unlock(user: User, *, actor: User) -> None:
    """Lift a lockout and clear the failure counts (passwords and second-factor codes)."""
    user.locked_until = None
    user.failed_login_count = 0
    db.session.execute(update(SecondFactor).where(SecondFactor.user_id == user.id)
                       .values(failed_count=0))
    audit.record("user.unlock", object_type="user", object_id=user.id, actor=actor)
    db.session.commit()


def reset_password(user: User, *, actor: User) -> str:
    """Give the user a new one-time password (returned, shown once) and end their sessions."""
    password = one_time_password()
    user.password_hash = hash_password(password)
    user.must_change_password = True
    user.locked_until = None
    user.failed_login_count = 0
    sessions.end_all(user, "password_reset")
    audit.record("user.reset_password", object_type="user", object_id=user.id, actor=actor)
    db.session.commit()
    return password


def _refuse_losing_last_admin(user: User) -> None:
    others = db.session.scalar(
        db.select(func.count()).select_from(User)
        .where(User.role == Role.ADMIN, User.active, User.id != user.id)
    )
    if not others:
        raise ServiceError("这是唯一启用的系统管理员账户，不能停用或改变其角色。")
