"""``in_ids``: an IN list longer than the drivers' 32,767 bound parameters still works."""

from __future__ import annotations

from sqlalchemy import select

from backend.core.database import Database, in_ids
from backend.users.models import User
from support import make_user


async def test_forty_thousand_ids_select_the_rows_that_exist(database: Database) -> None:
    created = {await make_user(database, f"id{i}@example.jp") for i in range(3)}
    wanted = list(range(-40_000, 0)) + sorted(created)[:2]  # far beyond any bind limit
    async with database.session(write=False) as session:
        found = set(
            (
                await session.execute(select(User.id).where(in_ids(session, User.id, wanted)))
            ).scalars()
        )
        few = set(
            (
                await session.execute(
                    select(User.id).where(in_ids(session, User.id, sorted(created)[2:]))
                )
            ).scalars()
        )
    assert found == set(sorted(created)[:2])
    assert few == set(sorted(created)[2:])
