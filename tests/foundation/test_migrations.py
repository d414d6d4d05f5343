"""The schema changes only through migrations: they match the models and run both ways."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from server import create_app
from server.extensions import db
from tests.conftest import _drop_everything


@pytest.fixture
def scratch_app(app_config, tmp_path):
    """A second app on its own empty database (a fresh file, or a PostgreSQL schema of its own)."""
    config = dict(app_config)
    if config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'migrations.db'}"
    else:
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"options": "-csearch_path=migration_check"}}
    app = create_app(config)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA IF EXISTS migration_check CASCADE")
                conn.exec_driver_sql("CREATE SCHEMA migration_check")
        else:
            _drop_everything()
        yield app
        db.session.remove()
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA IF EXISTS migration_check CASCADE")
        db.engine.dispose()


def _pending_diff():
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "include_object": lambda obj, name, type_, *_: not (type_ == "table" and "_fts" in (name or "")),
            },
        )
        return compare_metadata(context, db.metadata)


def test_models_and_migrations_agree(scratch_app):
    upgrade(revision="heads")
    assert _pending_diff() == []


def test_upgrade_downgrade_upgrade(scratch_app):
    upgrade(revision="heads")
    tables = set(inspect(db.engine).get_table_names())
    assert {"users", "organisations", "teams"} <= tables
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade(revision="heads")
    assert set(inspect(db.engine).get_table_names()) == tables
