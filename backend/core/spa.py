"""Serving the built SPA in embedded mode; unknown paths get index.html (deep links)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.response import File

# Vite puts content-hashed files under assets/: they never change, so browsers may keep them.
IMMUTABLE = {"Cache-Control": "public, max-age=31536000, immutable"}
REVALIDATE = {"Cache-Control": "no-cache"}


def spa_route(frontend_dir: Path) -> Any:
    root = frontend_dir.resolve()

    @get(["/", "/{path:path}"], include_in_schema=False, sync_to_thread=False)
    def serve_spa(request: Request[Any, Any, Any]) -> File:
        relative = request.path_params.get("path", "").lstrip("/")
        if relative.startswith(("api/", "health", "ready")):
            raise NotFoundException()
        candidate = (root / relative).resolve()
        if relative and candidate.is_file() and candidate.is_relative_to(root):
            headers = IMMUTABLE if relative.startswith("assets/") else REVALIDATE
            return File(
                candidate,
                filename=candidate.name,
                content_disposition_type="inline",
                headers=headers,
            )
        return File(
            root / "index.html",
            filename="index.html",
            content_disposition_type="inline",
            headers=REVALIDATE,
        )

    return serve_spa
