"""receipt date and number (受付日・受付番号) of offline submissions

Revision ID: 0015
Revises: 0014

A proposal typed in by staff gets the day it was received and a reference number unique per
process, drawn from ``processes.last_reference_seq`` (backend/proposals/references.py); its
district becomes optional (a paper form may leave it blank).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("processes") as batch:
        batch.add_column(sa.Column("last_reference_seq", sa.Integer(), nullable=False,
                                   server_default="0"))
    with op.batch_alter_table("proposals") as batch:
        batch.add_column(sa.Column("received_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("reference_number", sa.String(length=24), nullable=True))
        batch.create_unique_constraint("uq_proposals_reference",
                                       ["process_id", "reference_number"])
        batch.alter_column("district_code", existing_type=sa.String(length=40), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("proposals") as batch:
        batch.alter_column("district_code", existing_type=sa.String(length=40), nullable=False)
        batch.drop_constraint("uq_proposals_reference", type_="unique")
        batch.drop_column("reference_number")
        batch.drop_column("received_on")
    with op.batch_alter_table("processes") as batch:
        batch.drop_column("last_reference_seq")
