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


def _has_avx2() -> bool:
    try:
        return "avx2" in Path("/proc/cpuinfo").read_text().split()
    except OSError:
        return False


# The analysis fingerprints (tests/ml/test_pipeline.py) are exact: OpenBLAS picks its kernels by
# CPU, and on an AVX-512 machine (SkylakeX kernels) near-equal floats break some ties the other
# way, so themes came out different from the AVX2 machines the hashes were recorded on. Every
# x86 machine with AVX2 runs the Haswell kernels alike; numpy and scipy read this when they load.
if _has_avx2():
    os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
