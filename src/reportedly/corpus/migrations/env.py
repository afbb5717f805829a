"""Alembic environment: runs migrations on the engine handed over by ``database.upgrade``."""

from __future__ import annotations

from alembic import context

from reportedly.corpus.tables import metadata

engine = context.config.attributes.get("engine")
if engine is None:  # the alembic command line: take the URL from -x db=...
    from reportedly.corpus.database import connect

    engine = connect(context.get_x_argument(as_dictionary=True).get("db", "reportedly.db"))

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
