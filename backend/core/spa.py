"""Serving the built SPA in embedded mode; unknown paths get index.html (deep links)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.response import File


def spa_route(frontend_dir: Path) -> Any:
    root = frontend_dir.resolve()

    @get(["/", "/{path:path}"], include_in_schema=False, sync_to_thread=False)
    def serve_spa(request: Request[Any, Any, Any]) -> Response[Any] | File:
        relative = request.path_params.get("path", "").lstrip("/")
        if relative.startswith(("api/", "health", "ready")):
            raise NotFoundException()
        candidate = (root / relative).resolve()
        if relative and candidate.is_file() and candidate.is_relative_to(root):
            return File(candidate)
        return File(root / "index.html", content_disposition_type="inline")

    return serve_spa
