"""Shared test settings: fully offline, reference data location."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# Tests read their own writes at once; the 1-second public read cache has its own test.
os.environ.setdefault("KYOSO_READ_CACHE_SECONDS", "0")
# Apps that tests start would each begin loading the hint's model; its own test turns it on.
os.environ.setdefault("KYOSO_SIMILAR_WARM_UP", "0")

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
