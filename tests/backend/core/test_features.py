"""Every feature's manifest is valid, and the layers point down (core imports no feature)."""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import pytest
from litestar import Controller, Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.routes import HTTPRoute

from backend.app import create_app
from backend.core.config import load_settings
from backend.core.features import Feature, all_features
from backend.core.read_cache import public_reads_pattern
from backend.processes.phases import ARCHIVED, PHASES

BACKEND = Path(__file__).resolve().parents[3] / "backend"
FEATURE_PACKAGES = {path.parent.name for path in BACKEND.glob("*/manifest.py")}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Litestar:
    return create_app(load_settings(data_dir=tmp_path_factory.mktemp("features")))


def _get_paths(app: Litestar) -> set[str]:
    return {
        route.path
        for route in app.routes
        if isinstance(route, HTTPRoute) and "GET" in route.methods
    }


def test_every_package_with_routes_or_models_has_a_manifest() -> None:
    packages = {
        path.parent.name
        for pattern in ("*/controllers.py", "*/models.py")
        for path in BACKEND.glob(pattern)
    } - {"core"}
    assert packages - FEATURE_PACKAGES == set()


def test_each_manifest_is_named_after_its_folder() -> None:
    assert {feature.name for feature in all_features()} == FEATURE_PACKAGES


def test_no_route_handler_is_offered_by_two_features() -> None:
    handlers = Counter(id(route) for feature in all_features() for route in feature.routes)
    assert [h for h, n in handlers.items() if n > 1] == []


def test_every_model_module_a_manifest_names_is_its_own_and_exists() -> None:
    for feature in all_features():
        for module in feature.models:
            assert module.startswith(f"backend.{feature.name}."), (feature.name, module)
            assert (BACKEND.parent / (module.replace(".", "/") + ".py")).exists(), module
        if (BACKEND / feature.name / "models.py").exists():
            assert f"backend.{feature.name}.models" in feature.models, feature.name


def _rules(features: tuple[Feature, ...]) -> list[str]:
    return [rule.name for feature in features for rule in feature.rate_limits]


def test_rate_limit_rules_are_unique_positive_and_say_why() -> None:
    names = _rules(all_features())
    assert len(names) == len(set(names))
    for feature in all_features():
        for rule in feature.rate_limits:
            assert rule.limit > 0 and rule.window > 0, rule
            assert rule.message.strip().endswith("."), rule  # a sentence; the wait follows it


def test_phase_actions_are_unique_and_name_real_phases() -> None:
    actions = [action for feature in all_features() for action in feature.phase_actions]
    assert len({a.name for a in actions}) == len(actions)
    for action in actions:
        assert action.phases <= set(PHASES) and ARCHIVED not in action.phases, action
        assert action.words.strip(), action


def test_public_reads_are_real_get_routes_without_a_guard(app: Litestar) -> None:
    gets = _get_paths(app)
    guarded = {
        route.path
        for route in app.routes
        if isinstance(route, HTTPRoute)
        for handler in route.route_handlers
        if "GET" in handler.http_methods and handler.resolve_guards()
    }
    for feature in all_features():
        for path in feature.public_reads:
            assert path in gets, f"{feature.name}: {path} is no GET route"
            assert path not in guarded, f"{feature.name}: {path} is guarded, not public"


def test_the_read_cache_matches_exactly_the_declared_public_reads() -> None:
    pattern = public_reads_pattern(
        path for feature in all_features() for path in feature.public_reads
    )
    assert pattern.match("/api/v1/processes/12/proposals")
    assert pattern.match("/api/v1/site")
    assert not pattern.match("/api/v1/processes/12/proposals/count")
    assert not pattern.match("/api/v1/processes/x")
    assert not pattern.match("/api/v1/users/me")


def _name(handler: HTTPRouteHandler) -> str:
    function = getattr(handler.fn, "func", handler.fn)  # a sync one: wrapped for a thread
    function = getattr(function, "__func__", function)  # a controller's: bound in the app
    return f"{function.__module__}.{function.__qualname__}"


def _handler_names(route: object) -> list[str]:
    if isinstance(route, type) and issubclass(route, Controller):
        return [
            _name(value) for value in vars(route).values() if isinstance(value, HTTPRouteHandler)
        ]
    assert isinstance(route, HTTPRouteHandler), route
    return [_name(route)]


def test_every_route_a_manifest_offers_is_served_and_documented(app: Litestar) -> None:
    served = {
        _name(handler): route.path
        for route in app.routes
        if isinstance(route, HTTPRoute)
        for handler in route.route_handlers
    }
    documented = set(app.openapi_schema.paths or {})
    for feature in all_features():
        for route in feature.routes:
            for name in _handler_names(route):
                assert name in served, (feature.name, name)
                assert re.sub(r"\{(\w+):\w+\}", r"{\1}", served[name]) in documented


def _imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, at any depth (functions, TYPE_CHECKING blocks too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _feature_imports(package: Path) -> dict[str, set[str]]:
    """For each file under ``package``: the feature packages (``backend.<feature>``) it
    imports."""
    found = {}
    for path in package.rglob("*.py"):
        features = {
            name.split(".")[1]
            for name in _imported_modules(path)
            if name.startswith("backend.") and name.count(".") >= 1
        }
        features &= FEATURE_PACKAGES
        if features:
            found[str(path.relative_to(BACKEND))] = features
    return found


def test_core_imports_no_feature() -> None:
    assert _feature_imports(BACKEND / "core") == {}


@pytest.mark.parametrize(
    ("lower", "higher"),
    [
        ("users", "processes"),  # processes checks users' districts through a hook
        ("proposals", "analysis"),  # a proposal's outcome lives in outcomes/, above them
        ("proposals", "drafts"),
        ("proposals", "responses"),
        ("proposals", "outcomes"),
    ],
)
def test_a_lower_feature_does_not_import_a_higher_one(lower: str, higher: str) -> None:
    offenders = {
        path: features
        for path, features in _feature_imports(BACKEND / lower).items()
        if higher in features
    }
    assert offenders == {}


def test_the_import_walk_sees_imports_inside_functions(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from backend.users.auth import CurrentUser\n")
    assert "backend.users.auth" in _imported_modules(module)
