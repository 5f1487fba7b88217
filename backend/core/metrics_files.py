"""Where the processes of one host keep their Prometheus values (``core/metrics.py``).

This module must not import prometheus_client: the library picks in-memory or file-backed values
when it is first imported, so the directory is set before that, in ``kyoso serve`` (for every
server process it starts) and in ``kyoso worker``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from backend.core.config import Settings

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"


def metrics_directory(settings: Settings) -> Path:
    return settings.data_dir / "metrics"


def use_shared_metrics(settings: Settings, *, fresh: bool) -> None:
    """Before prometheus_client is first used in this process (and in the processes it starts):
    keep the values in files shared by all processes on this host. ``fresh`` (the server's
    start) removes the files of earlier runs."""
    if not settings.metrics_token:
        return
    directory = metrics_directory(settings)
    if fresh:
        shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True, exist_ok=True)
    os.environ[MULTIPROCESS_ENV] = str(directory)
