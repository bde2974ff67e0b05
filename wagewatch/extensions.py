"""Unbound extension objects, initialised in create_app."""

from __future__ import annotations

from flask import has_request_context, request
from flask_bootstrap import Bootstrap5
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from wagewatch import pool_ping
from wagewatch.models.base import Base

#: The highest page number a list answers: offsets stay far inside the database's integers.
MAX_PAGE = 1_000_000


class Database(SQLAlchemy):
    """Flask-SQLAlchemy with the one paginate every list uses: a page number that is no positive
    integer answers page 1, one past the end answers the last page (security.md item 25)."""

    def paginate(self, select, *, page=None, per_page=None, max_per_page=None,
                 error_out=False, count=True):
        if page is None:
            page = request.args.get("page", 1, type=int) if has_request_context() else 1
        page = min(max(page or 1, 1), MAX_PAGE)
        found = super().paginate(select, page=page, per_page=per_page, max_per_page=max_per_page,
                                 error_out=False, count=True)
        if found.pages and page > found.pages:
            found = super().paginate(select, page=found.pages, per_page=per_page,
                                     max_per_page=max_per_page, error_out=False, count=True)
        return found


    def _make_engine(self, bind_key, options, app):
        """The engine, with pooled connections pinged only after sitting idle (pool_ping)."""
        idle = options.pop(pool_ping.OPTION, None)
        engine = super()._make_engine(bind_key, options, app)
        if idle is not None:
            pool_ping.listen(engine, float(idle))
        return engine


db = Database(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
bootstrap = Bootstrap5()
