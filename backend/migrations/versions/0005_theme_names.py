"""theme names: English title and summary from the analysis

Revision ID: 0005
Revises: 0004

The analysis now writes a title for the English UI and an extractive summary per theme
(ml/titles.py); planners' summary edits still replace it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("themes") as batch:
        batch.add_column(sa.Column("title_en", sa.String(length=200), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("summary", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("themes") as batch:
        batch.drop_column("summary")
        batch.drop_column("title_en")
