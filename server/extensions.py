"""Bare extension singletons; `create_app` initialises them."""

from flask import current_app
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names so that migrations can drop and alter them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Session(FlaskSession):
    """While `info["reads_only"]` is set (a read request, see `database.py`), statements on
    PostgreSQL run on an autocommit connection: no BEGIN before them and no ROLLBACK after, two
    round trips fewer on every read. Each statement still sees a consistent snapshot of its own,
    as under READ COMMITTED inside a transaction."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        engine = super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)
        if self.info.get("reads_only") and engine.dialect.name == "postgresql":
            autocommit = engine.__dict__.get("autocommit_variant")
            if autocommit is None:  # shares the engine's pool; made once per engine
                autocommit = engine.__dict__["autocommit_variant"] = engine.execution_options(
                    isolation_level="AUTOCOMMIT"
                )
            return autocommit
        return engine


db = SQLAlchemy(model_class=Base, session_options={"class_": Session})
migrate = Migrate()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address)


def per_ip_limit(setting: str, default: str, methods=("GET", "POST")):
    """A limit per client address whose value an operator can change through `setting`."""
    return limiter.limit(lambda: current_app.config.get(setting, default), methods=list(methods) if methods else None)


api = Api()
babel = Babel()
