"""Where uploaded files live: a small put / get / delete interface over keys.

The embedded install keeps them on disk under ``KYOSO_DATA_DIR/media`` (``FileStore``). Several
API processes on different machines need one shared store instead: an object store (S3,
MinIO, Cloudflare R2, Sakura's object storage) behind the same three methods; see
docs/deployment.md. Keys are made by the server (``proposals/12/ab3f….webp``), never by clients.
"""

from __future__ import annotations

import asyncio
import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

_KEY = re.compile(r"^[a-z0-9_-]+(/[a-z0-9_-]+)*(\.[a-z0-9]+)*$")


class BlobStore(Protocol):
    async def put(self, key: str, data: bytes, content_type: str) -> None:
        """Store ``data`` under ``key``, replacing what was there."""

    async def get(self, key: str) -> bytes | None:
        """The bytes under ``key``; None when there are none."""

    async def delete(self, key: str) -> None:
        """Remove ``key``; nothing happens when it does not exist."""


class FileStore:
    """Files under one folder, one file per key; writes are atomic (a temporary file renamed
    into place), so a reader never sees half an image. Disk work runs in a thread."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        if not _KEY.match(key):  # no "..", no absolute paths: a key is ours, but check anyway
            raise ValueError(f"not a storage key: {key!r}")
        return self.root / key

    def _write(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as temporary:
            temporary.write(data)
            temporary.flush()
            os.fsync(temporary.fileno())
        os.replace(temporary.name, path)

    def _read(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            return None

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        await asyncio.to_thread(self._write, key, data)

    async def get(self, key: str) -> bytes | None:
        return await asyncio.to_thread(self._read, key)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._path(key).unlink, missing_ok=True)
