"""Initial schema: the corpus tables and full-text search (FTS5 on SQLite, tsvector on
PostgreSQL).

Revision ID: 0001
Revises:
Create Date: 2026-12-03 06:59:06.096662
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("match_key", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actors")),
        sa.UniqueConstraint("key", name=op.f("uq_actors_key")),
    )
    with op.batch_alter_table("actors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actors_match_key"), ["match_key"], unique=False)

    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_key", sa.String(length=64), nullable=False),
        sa.Column("report_id", sa.String(length=200), nullable=False),
        sa.Column("origin", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("outlet", sa.String(length=300), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("input_format", sa.String(length=16), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("input_text", sa.Text(), nullable=True),
        sa.Column("report", sa.Text(), nullable=False),
        sa.Column("engine", sa.String(length=300), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("content_key", name=op.f("uq_documents_content_key")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_engine"), ["engine"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_outlet"), ["outlet"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_published"), ["published"], unique=False)

    op.create_table(
        "actor_variants",
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("variant", sa.String(length=300), nullable=False),
        sa.Column("outlet", sa.String(length=300), nullable=False),
        sa.Column("folded", sa.String(length=300), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_actor_variants_actor_id"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("actor_id", "variant", "outlet", name=op.f("pk_actor_variants")),
    )
    with op.batch_alter_table("actor_variants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actor_variants_folded"), ["folded"], unique=False)

    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("local_id", sa.String(length=32), nullable=False),
        sa.Column("parent_local_id", sa.String(length=32), nullable=True),
        sa.Column("cue", sa.Text(), nullable=False),
        sa.Column("cue_start", sa.Integer(), nullable=False),
        sa.Column("cue_end", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(length=16), nullable=False),
        sa.Column("stance", sa.String(length=16), nullable=False),
        sa.Column("source_kind", sa.String(length=16), nullable=True),
        sa.Column("source_name", sa.Text(), nullable=True),
        sa.Column("source_text", sa.Text(), nullable=True),
        sa.Column("source_start", sa.Integer(), nullable=True),
        sa.Column("source_end", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("chain", sa.Text(), nullable=True),
        sa.Column("content_text", sa.Text(), nullable=False),
        sa.Column("content_start", sa.Integer(), nullable=True),
        sa.Column("content_end", sa.Integer(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("engine", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["actors.id"], name=op.f("fk_claims_actor_id")),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_claims_document_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
        sa.UniqueConstraint("document_id", "local_id", name=op.f("uq_claims_document_id")),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claims_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_form"), ["form"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_source_kind"), ["source_kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_stance"), ["stance"], unique=False)

    op.create_table(
        "entities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("local_id", sa.String(length=32), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("canonical", sa.String(length=300), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.Column("place_local_id", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["actors.id"], name=op.f("fk_entities_actor_id")),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_entities_document_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entities")),
        sa.UniqueConstraint("document_id", "local_id", name=op.f("uq_entities_document_id")),
    )
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entities_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_entities_document_id"), ["document_id"], unique=False)

    op.create_table(
        "places",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("local_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("feature", sa.String(length=16), nullable=False),
        sa.Column("geonames_id", sa.Integer(), nullable=True),
        sa.Column("iso_code", sa.String(length=16), nullable=True),
        sa.Column("country_code", sa.String(length=8), nullable=True),
        sa.Column("admin1", sa.String(length=32), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.Column("entity_local_id", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_places_document_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_places")),
        sa.UniqueConstraint("document_id", "local_id", name=op.f("uq_places_document_id")),
    )
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_places_country_code"), ["country_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_places_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_places_geonames_id"), ["geonames_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_places_iso_code"), ["iso_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_places_name"), ["name"], unique=False)

    op.create_table(
        "claim_places",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_places_claim_id"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["places.id"], name=op.f("fk_claim_places_place_id"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("claim_id", "place_id", name=op.f("pk_claim_places")),
    )
    with op.batch_alter_table("claim_places", schema=None) as batch_op:
        batch_op.create_index("ix_claim_places_place_id", ["place_id"], unique=False)

    op.create_table(
        "quantities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("local_id", sa.String(length=32), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("low", sa.Float(), nullable=True),
        sa.Column("high", sa.Float(), nullable=True),
        sa.Column("change", sa.String(length=8), nullable=False),
        sa.Column("approximate", sa.Boolean(), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=True),
        sa.Column("concept", sa.Text(), nullable=True),
        sa.Column("qualifier", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_quantities_claim_id"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_quantities_document_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quantities")),
        sa.UniqueConstraint("document_id", "local_id", name=op.f("uq_quantities_document_id")),
    )
    with op.batch_alter_table("quantities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quantities_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_quantities_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_quantities_unit"), ["unit"], unique=False)

    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["actors.id"], name=op.f("fk_sources_actor_id")),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_sources_claim_id"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
    )
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sources_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_sources_claim_id"), ["claim_id"], unique=False)

    op.create_table(
        "times",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("local_id", sa.String(length=32), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=True),
        sa.Column("granularity", sa.String(length=16), nullable=True),
        sa.Column("relative", sa.Boolean(), nullable=False),
        sa.Column("anchor", sa.Date(), nullable=True),
        sa.Column("direction", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_times_claim_id"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_times_document_id"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_times")),
        sa.UniqueConstraint("document_id", "local_id", name=op.f("uq_times_document_id")),
    )
    with op.batch_alter_table("times", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_times_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_times_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_times_value"), ["value"], unique=False)

    op.create_index("ix_documents_outlet_lower", "documents", [sa.text("lower(outlet)")])
    op.create_index("ix_places_name_lower", "places", [sa.text("lower(name)")])
    _full_text_up()


def downgrade() -> None:
    _full_text_down()
    op.drop_index("ix_places_name_lower", table_name="places")
    op.drop_index("ix_documents_outlet_lower", table_name="documents")
    with op.batch_alter_table("times", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_times_value"))
        batch_op.drop_index(batch_op.f("ix_times_document_id"))
        batch_op.drop_index(batch_op.f("ix_times_claim_id"))

    op.drop_table("times")
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sources_claim_id"))
        batch_op.drop_index(batch_op.f("ix_sources_actor_id"))

    op.drop_table("sources")
    with op.batch_alter_table("quantities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quantities_unit"))
        batch_op.drop_index(batch_op.f("ix_quantities_document_id"))
        batch_op.drop_index(batch_op.f("ix_quantities_claim_id"))

    op.drop_table("quantities")
    with op.batch_alter_table("claim_places", schema=None) as batch_op:
        batch_op.drop_index("ix_claim_places_place_id")

    op.drop_table("claim_places")
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_places_name"))
        batch_op.drop_index(batch_op.f("ix_places_iso_code"))
        batch_op.drop_index(batch_op.f("ix_places_geonames_id"))
        batch_op.drop_index(batch_op.f("ix_places_document_id"))
        batch_op.drop_index(batch_op.f("ix_places_country_code"))

    op.drop_table("places")
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entities_document_id"))
        batch_op.drop_index(batch_op.f("ix_entities_actor_id"))

    op.drop_table("entities")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claims_stance"))
        batch_op.drop_index(batch_op.f("ix_claims_source_kind"))
        batch_op.drop_index(batch_op.f("ix_claims_form"))
        batch_op.drop_index(batch_op.f("ix_claims_document_id"))
        batch_op.drop_index(batch_op.f("ix_claims_actor_id"))

    op.drop_table("claims")
    with op.batch_alter_table("actor_variants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actor_variants_folded"))

    op.drop_table("actor_variants")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_published"))
        batch_op.drop_index(batch_op.f("ix_documents_outlet"))
        batch_op.drop_index(batch_op.f("ix_documents_engine"))

    op.drop_table("documents")
    with op.batch_alter_table("actors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actors_match_key"))

    op.drop_table("actors")


#: Full-text indexes over (table, column): article text and claim contents.
FULL_TEXT = (("documents", "text"), ("claims", "content_text"))


def _full_text_up() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table, column in FULL_TEXT:
            # External-content FTS5: the index holds no second copy of the text; triggers
            # keep it in step with the table.
            op.execute(
                f"CREATE VIRTUAL TABLE {table}_fts USING fts5({column}, content='{table}', "
                f"content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')"
            )
            op.execute(
                f"CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN "
                f"INSERT INTO {table}_fts(rowid, {column}) VALUES (new.id, new.{column}); END"
            )
            op.execute(
                f"CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN "
                f"INSERT INTO {table}_fts({table}_fts, rowid, {column}) "
                f"VALUES ('delete', old.id, old.{column}); END"
            )
            op.execute(
                f"CREATE TRIGGER {table}_fts_update AFTER UPDATE OF {column} ON {table} BEGIN "
                f"INSERT INTO {table}_fts({table}_fts, rowid, {column}) "
                f"VALUES ('delete', old.id, old.{column}); "
                f"INSERT INTO {table}_fts(rowid, {column}) VALUES (new.id, new.{column}); END"
            )
    else:
        for table, column in FULL_TEXT:
            op.execute(
                f"ALTER TABLE {table} ADD COLUMN search tsvector GENERATED ALWAYS AS "
                f"(to_tsvector('english', coalesce({column}, ''))) STORED"
            )
            op.execute(f"CREATE INDEX ix_{table}_search ON {table} USING gin (search)")


def _full_text_down() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table, _column in FULL_TEXT:
            for event in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{event}")
            op.execute(f"DROP TABLE IF EXISTS {table}_fts")
    else:
        for table, _column in FULL_TEXT:
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_search")
            op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search")
