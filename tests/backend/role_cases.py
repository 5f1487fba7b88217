"""The shape of a role-matrix entry (``tests/security/test_role_matrix.py``), importable by a
feature's own entries in ``tests/backend/<feature>/role_matrix.py``."""

from __future__ import annotations

from typing import Any

import msgspec


class Case(msgspec.Struct, frozen=True):
    """Expected statuses in ROLES order; the phase the process is in; the body sent."""

    expect: tuple[int, int, int, int, int, int]
    phase: str = "ideas"
    body: Any = None


ALL = lambda status: (status,) * 6  # noqa: E731
PUBLIC_READ = ALL(200)
STAFF_READ = (401, 403, 403, 200, 200, 200)  # planners, councils and admins read
STAFF_WRITE = (401, 403, 403, 200, 403, 200)  # planners and admins act
ADMIN_ONLY = (401, 403, 403, 403, 403, 200)
STAFF_ONCE = (401, 403, 403, 200, 403, 409)  # the planner does it; for the admin it is done
