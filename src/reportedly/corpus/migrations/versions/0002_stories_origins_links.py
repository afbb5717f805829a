"""Across documents: story membership with origins and features, MinHash bands, stories, links.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 09:24:26.495340
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("first_published", sa.Date(), nullable=True),
        sa.Column("last_published", sa.Date(), nullable=True),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("origins", sa.Integer(), nullable=False),
        sa.Column("actors", sa.Text(), nullable=False),
        sa.Column("places", sa.Text(), nullable=False),
        sa.Column("links", sa.Integer(), nullable=False),
        sa.Column("linked", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stories")),
    )
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stories_first_published"), ["first_published"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_stories_last_published"), ["last_published"], unique=False
        )

    op.create_table(
        "links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("rule", sa.Text(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("a_document_id", sa.Integer(), nullable=False),
        sa.Column("a_item", sa.String(length=16), nullable=False),
        sa.Column("a_local_id", sa.String(length=32), nullable=True),
        sa.Column("a_start", sa.Integer(), nullable=False),
        sa.Column("a_end", sa.Integer(), nullable=False),
        sa.Column("a_text", sa.Text(), nullable=False),
        sa.Column("a_source", sa.Text(), nullable=True),
        sa.Column("b_document_id", sa.Integer(), nullable=False),
        sa.Column("b_item", sa.String(length=16), nullable=False),
        sa.Column("b_local_id", sa.String(length=32), nullable=True),
        sa.Column("b_start", sa.Integer(), nullable=False),
        sa.Column("b_end", sa.Integer(), nullable=False),
        sa.Column("b_text", sa.Text(), nullable=False),
        sa.Column("b_source", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["a_document_id"],
            ["documents.id"],
            name=op.f("fk_links_a_document_id"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["b_document_id"],
            ["documents.id"],
            name=op.f("fk_links_b_document_id"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"], ["stories.id"], name=op.f("fk_links_story_id"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_links")),
    )
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_links_a_document_id"), ["a_document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_links_b_document_id"), ["b_document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_links_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_links_story_id"), ["story_id"], unique=False)

    op.create_table(
        "origin_bands",
        sa.Column("band", sa.String(length=40), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_origin_bands_document_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("band", "document_id", name=op.f("pk_origin_bands")),
    )
    with op.batch_alter_table("origin_bands", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_origin_bands_document_id"), ["document_id"], unique=False
        )

    op.create_table(
        "story_documents",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.String(length=32), nullable=False),
        sa.Column("origin_document_id", sa.Integer(), nullable=False),
        sa.Column("features", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_story_documents_document_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_story_documents")),
        sa.UniqueConstraint("seq", name=op.f("uq_story_documents_seq")),
    )
    with op.batch_alter_table("story_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_story_documents_origin_document_id"),
            ["origin_document_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_story_documents_story_id"), ["story_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("story_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_story_documents_story_id"))
        batch_op.drop_index(batch_op.f("ix_story_documents_origin_document_id"))

    op.drop_table("story_documents")
    with op.batch_alter_table("origin_bands", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_origin_bands_document_id"))

    op.drop_table("origin_bands")
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_links_story_id"))
        batch_op.drop_index(batch_op.f("ix_links_kind"))
        batch_op.drop_index(batch_op.f("ix_links_b_document_id"))
        batch_op.drop_index(batch_op.f("ix_links_a_document_id"))

    op.drop_table("links")
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stories_last_published"))
        batch_op.drop_index(batch_op.f("ix_stories_first_published"))

    op.drop_table("stories")
