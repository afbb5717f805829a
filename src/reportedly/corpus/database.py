"""Connecting to a corpus database: SQLite by path (the default) or any SQLAlchemy URL.

SQLite is opened in WAL mode with a busy timeout and foreign keys on, and every writing
transaction starts with ``BEGIN IMMEDIATE``, so two writers queue for the write lock instead
of failing half-way through a document. The schema is created and changed only by the
Alembic migrations shipped in ``corpus/migrations``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import Connection, make_url

#: How long a writer waits for another one's lock before the database is called busy.
BUSY_TIMEOUT_S = 60
MIGRATIONS = Path(__file__).with_name("migrations")


def database_url(target: str) -> str:
    """A URL for ``target``: a URL stays as it is; a path becomes a SQLite URL."""
    if "://" in target:
        url = make_url(target)
        if url.get_backend_name() == "postgresql" and url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        return url.render_as_string(hide_password=False)
    return f"sqlite:///{Path(target).expanduser()}"


def connect(target: str) -> Engine:
    """An engine for ``target`` (path or URL), configured for safe concurrent writing."""
    url = database_url(target)
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"timeout": BUSY_TIMEOUT_S, "isolation_level": None}
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # A deferred BEGIN that later writes can deadlock another writer: a writing transaction
    # (execution option ``writing``) takes the write lock up front and waits its turn;
    # readers never take it (WAL lets them read beside a writer).
    writing = connection.get_execution_options().get("writing", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (creating it in an empty database)."""
    from alembic import command

    command.upgrade(_alembic_config(engine.execution_options(writing=True)), revision)


def current_revision(engine: Engine) -> str | None:
    """The schema revision of the database, or None when it has none yet."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS))
    head = script.get_current_head()
    assert head is not None
    return head


def has_schema(engine: Engine) -> bool:
    return inspect(engine).has_table("documents")
