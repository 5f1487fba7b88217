"""Security tests use the backend fixtures (the real app on SQLite and PostgreSQL)."""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from _pytest.fixtures import FixtureFunctionDefinition

from backend.app import close_database_clients, create_app
from backend.core.database import Database

_spec = importlib.util.spec_from_file_location(
    "kyoso_backend_fixtures", Path(__file__).resolve().parents[1] / "backend" / "conftest.py"
)
assert _spec is not None and _spec.loader is not None
_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fixtures)

globals().update(
    {k: v for k, v in vars(_fixtures).items() if isinstance(v, FixtureFunctionDefinition)}
)


@pytest.fixture
async def app(database: Database, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Any]:
    """The app with its rate limits on (the feature tests' ``app`` switches them off)."""
    monkeypatch.setenv("KYOSO_RATE_LIMITS", "on")
    application = create_app(database.settings, database=database)
    yield application
    await close_database_clients(application)
