"""site settings, versioned site pages, residents' consent

Revision ID: 0008
Revises: 0007

The municipality, department, contact and logo (one row), the terms of use, privacy policy
and accessibility statement as numbered versions, and on each user the versions of the terms
and privacy policy they accepted (backend/site/).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import backend.core.database

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "site_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name_ja", sa.String(length=60), nullable=False),
        sa.Column("name_en", sa.String(length=80), nullable=False),
        sa.Column("department_ja", sa.String(length=80), nullable=False),
        sa.Column("department_en", sa.String(length=120), nullable=False),
        sa.Column("contact_address", sa.String(length=200), nullable=False),
        sa.Column("contact_phone", sa.String(length=24), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=False),
        sa.Column("contact_url", sa.String(length=300), nullable=False),
        sa.Column("default_language", sa.String(length=8), nullable=False),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("logo_type", sa.String(length=20), nullable=True),
        sa.Column("updated_at", backend.core.database.UTCDateTime(timezone=True),
                  nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_settings")),
    )
    op.create_table(
        "site_pages",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("body_ja", sa.Text(), nullable=False),
        sa.Column("body_en", sa.Text(), nullable=False),
        sa.Column("created_at", backend.core.database.UTCDateTime(timezone=True),
                  nullable=False),
        sa.Column("created_by", BIG_ID, nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"],
                                name=op.f("fk_site_pages_created_by_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_pages")),
        sa.UniqueConstraint("kind", "version", name=op.f("uq_site_pages_kind")),
    )
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("terms_version", sa.Integer(), server_default="0",
                                   nullable=False))
        batch.add_column(sa.Column("privacy_version", sa.Integer(), server_default="0",
                                   nullable=False))
        batch.add_column(sa.Column("consented_at",
                                   backend.core.database.UTCDateTime(timezone=True),
                                   nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("consented_at")
        batch.drop_column("privacy_version")
        batch.drop_column("terms_version")
    op.drop_table("site_pages")
    op.drop_table("site_settings")
