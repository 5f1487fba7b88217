"""The tests mirror the tree: a test folder for every backend feature, a test file for every
ml module (sub-packages as folders), and pytest's testpaths reach every test there is."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"


def _has_tests(folder: Path) -> bool:
    return any(folder.glob("test_*.py"))


def _ml_modules() -> list[Path]:
    """``ml`` modules relative to ``ml/``, without the packages' ``__init__``/``__main__``."""
    return sorted(
        p.relative_to(ROOT / "ml")
        for p in (ROOT / "ml").rglob("*.py")
        if not p.name.startswith("__")
    )


def _mirror(module: Path) -> Path:
    """ml/text/pii.py → tests/ml/text/test_pii.py"""
    return TESTS / "ml" / module.parent / f"test_{module.name}"


def test_every_backend_feature_has_a_test_folder_of_its_own():
    features = sorted(p.parent.name for p in (ROOT / "backend").glob("*/__init__.py"))
    assert "core" in features and "proposals" in features
    missing = [f"tests/backend/{f}/" for f in features if not _has_tests(TESTS / "backend" / f)]
    assert missing == [], "backend features with no test folder (or one without test_*.py)"


def test_every_ml_module_has_a_test_file_of_its_own():
    modules = _ml_modules()
    assert Path("cluster.py") in modules and Path("text/pii.py") in modules
    missing = [str(_mirror(m).relative_to(ROOT)) for m in modules if not _mirror(m).is_file()]
    assert missing == [], "ml modules with no test file"


def test_every_ml_test_file_is_named_after_a_module():
    mirrors = {_mirror(m) for m in _ml_modules()}
    strays = sorted(
        str(p.relative_to(ROOT)) for p in (TESTS / "ml").rglob("test_*.py") if p not in mirrors
    )
    assert strays == [], "tests/ml files that name no ml module: move their tests to the mirror"


def test_the_test_paths_reach_every_test():
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    testpaths = [ROOT / p for p in options["tool"]["pytest"]["ini_options"]["testpaths"]]
    assert all(p.exists() for p in testpaths), testpaths
    unreached = sorted(
        str(p.relative_to(ROOT))
        for p in TESTS.rglob("test_*.py")
        if "node_modules" not in p.parts and not any(p == t or t in p.parents for t in testpaths)
    )
    assert unreached == [], "test files no testpaths entry reaches"
