"""Every ORM model, imported once so that ``Base.metadata`` is complete (Alembic, tests): the
model modules each feature's manifest names, and core's own."""

from backend.core.database import Base
from backend.core.features import import_models
from backend.core.ratelimit import RateLimitCounter

import_models()

__all__ = ["Base", "RateLimitCounter"]
