"""The real OIDC provider (one per test session) and Kyoso apps configured to use it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest

from backend.app import close_database_clients, create_app
from backend.core.database import Database
from support_oidc import KYOSO, running_provider, write_provider_config


@pytest.fixture(scope="session")
def issuer() -> Iterator[str]:
    with running_provider() as started:
        yield started


@pytest.fixture
async def oidc_app(database: Database, issuer: str, tmp_path: Path) -> AsyncIterator[Any]:
    settings = msgspec.structs.replace(
        database.settings,
        rate_limits=False,
        public_url=KYOSO,
        oidc_providers=str(write_provider_config(tmp_path, issuer)),
    )
    application = create_app(settings, database=database)
    yield application
    await close_database_clients(application)
