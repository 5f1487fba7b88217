"""kyoso_page_ids(): a search page's ids, planned with the search words, inside one statement

Revision ID: 0023
Revises: 0022

PostgreSQL only (SQLite reads the page in one statement already). The function runs the
one-table id query it is given with ``EXECUTE … USING``: planned afresh with the argument
values, so a rare word uses the trigram index and a common one the newest-first scan, while
the statement around it (the page's rows with their joins) keeps one cached plan. The query
text is always the API's own compiled statement (``backend/proposals/reads.py``); values
travel only in ``args``. SECURITY INVOKER: it can do nothing its caller could not.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        """
        CREATE FUNCTION kyoso_page_ids(query text, args text[]) RETURNS bigint[]
        LANGUAGE plpgsql VOLATILE AS $$
        DECLARE
          ids bigint[];
        BEGIN
          EXECUTE 'SELECT array(' || query || ')' INTO ids USING args;
          RETURN ids;
        END
        $$
        """
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION kyoso_page_ids(text, text[])")
