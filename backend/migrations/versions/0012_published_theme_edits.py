"""the theme edits residents see

Revision ID: 0012
Revises: 0011

Planners' theme edits made after the themes were approved wait for the next approval: a run
records the last edit its approval covered (backend/analysis/themes.py).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("analysis_runs") as batch:
        batch.add_column(sa.Column("published_edit_id", BIG_ID, nullable=True))
    # edits on a run published before this were already shown to residents: they stay so
    op.execute("UPDATE analysis_runs SET published_edit_id = (SELECT MAX(theme_edits.id) "
               "FROM theme_edits WHERE theme_edits.run_id = analysis_runs.id) "
               "WHERE published_at IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("analysis_runs") as batch:
        batch.drop_column("published_edit_id")
