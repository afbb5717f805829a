"""Events: one row per PLOVER event of a document, and its actors and recipients.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-10 10:12:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("local_id", sa.String(length=32), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("plover_type", sa.String(length=16), nullable=False),
        sa.Column("mode", sa.String(length=64), nullable=True),
        sa.Column("modality", sa.String(length=16), nullable=False),
        sa.Column("trigger_text", sa.Text(), nullable=False),
        sa.Column("trigger_start", sa.Integer(), nullable=False),
        sa.Column("trigger_end", sa.Integer(), nullable=False),
        sa.Column("context", sa.Text(), nullable=True),
        sa.Column("time_id", sa.Integer(), nullable=True),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_events_claim_id"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_events_document_id"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["places.id"], name=op.f("fk_events_place_id"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["time_id"], ["times.id"], name=op.f("fk_events_time_id"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("document_id", "local_id", name=op.f("uq_events_document_id")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_modality"), ["modality"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_place_id"), ["place_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_plover_type"), ["plover_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_time_id"), ["time_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_type"), ["type"], unique=False)

    op.create_table(
        "event_actors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("entity_local_id", sa.String(length=32), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("folded", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["actors.id"], name=op.f("fk_event_actors_actor_id")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_event_actors_event_id"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_actors")),
    )
    with op.batch_alter_table("event_actors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_actors_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_actors_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_actors_folded"), ["folded"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("event_actors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_actors_folded"))
        batch_op.drop_index(batch_op.f("ix_event_actors_event_id"))
        batch_op.drop_index(batch_op.f("ix_event_actors_actor_id"))

    op.drop_table("event_actors")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_type"))
        batch_op.drop_index(batch_op.f("ix_events_time_id"))
        batch_op.drop_index(batch_op.f("ix_events_plover_type"))
        batch_op.drop_index(batch_op.f("ix_events_place_id"))
        batch_op.drop_index(batch_op.f("ix_events_modality"))
        batch_op.drop_index(batch_op.f("ix_events_document_id"))
        batch_op.drop_index(batch_op.f("ix_events_claim_id"))

    op.drop_table("events")
