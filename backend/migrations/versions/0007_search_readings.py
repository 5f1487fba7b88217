"""search readings: recompute proposals.search_text with kana readings and kanji lemmas

Revision ID: 0007
Revises: 0006

Search now matches kana queries by reading (ばす → バス, えき → 駅; backend/proposals/search.py),
so every stored proposal's search document is rebuilt with the current rule, in batches of 500
by id. No schema change; the downgrade keeps the richer documents, which the older query code
matches as before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from backend.proposals.search import search_document

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 500
_proposals = sa.table("proposals", sa.column("id", sa.BigInteger), sa.column("title", sa.Text),
                      sa.column("body", sa.Text), sa.column("search_text", sa.Text))
_tags = sa.table("proposal_tags", sa.column("proposal_id", sa.BigInteger),
                 sa.column("tag", sa.Text))


def upgrade() -> None:
    connection = op.get_bind()
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(_proposals.c.id, _proposals.c.title, _proposals.c.body)
            .where(_proposals.c.id > last_id).order_by(_proposals.c.id).limit(_BATCH)).all()
        if not rows:
            return
        ids = [row.id for row in rows]
        tags: dict[int, list[str]] = {}
        for proposal_id, tag in connection.execute(
                sa.select(_tags.c.proposal_id, _tags.c.tag)
                .where(_tags.c.proposal_id.in_(ids)).order_by(_tags.c.tag)):
            tags.setdefault(proposal_id, []).append(tag)
        connection.execute(
            _proposals.update().where(_proposals.c.id == sa.bindparam("proposal_id"))
            .values(search_text=sa.bindparam("document")),
            [{"proposal_id": row.id,
              "document": search_document(row.title, row.body, tags.get(row.id, []))}
             for row in rows])
        last_id = ids[-1]


def downgrade() -> None:
    pass  # the documents stay: the older query code matches them as before
