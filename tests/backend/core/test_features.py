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
# Imports from a lower feature into a higher one that close a cycle, left in place until the
# named change is made (the cycle test ignores them, so any other cycle still fails). Bottom up:
# audit, verification, users, processes, proposals, votes, analysis, notifications, comments,
# site, drafts, responses, exports, mail, moderation, oidc, stats.
_SHARED_FORMATS = "exports' dates, labels and document writers are shared: move them to core"
_AUDIT_READER = "the audit log's reader (routes, labels) sits with record_audit: split it off"
_VERIFICATION_ROUTES = "verification's levels sit below users, its routes above: split them"
_MY_DATA = "users/my_data.py and deletion.py gather every feature's rows: make it a hook"
KNOWN_UPWARD_IMPORTS: dict[tuple[str, str], str] = {
    ("audit", "exports"): _SHARED_FORMATS,
    ("audit", "responses"): _AUDIT_READER,
    ("audit", "users"): _AUDIT_READER,
    ("verification", "exports"): _SHARED_FORMATS,
    ("verification", "proposals"): "postcard lists reuse proposals' table reader: move it to core",
    ("verification", "site"): _VERIFICATION_ROUTES,
    ("verification", "users"): _VERIFICATION_ROUTES,
    ("users", "comments"): _MY_DATA,
    ("users", "drafts"): _MY_DATA,
    ("users", "moderation"): _MY_DATA,
    ("users", "notifications"): _MY_DATA,
    ("users", "oidc"): _MY_DATA,
    ("users", "proposals"): _MY_DATA + " (admin.py: proposals' LIKE escaping, for core)",
    ("users", "votes"): _MY_DATA,
    ("users", "mail"): "confirmation and forgetting mail: a hook mail/ implements",
    ("proposals", "exports"): _SHARED_FORMATS,
    ("proposals", "votes"): "a proposal's vote counts: a hook votes/ implements",
    ("analysis", "stats"): "the channel cells (stats/channels.py) belong below both",
    ("notifications", "mail"): "digests are mailed through mail/, which mails users too",
    ("drafts", "exports"): _SHARED_FORMATS,
    ("drafts", "responses"): "a draft shows the approved city responses: a hook",
    ("exports", "stats"): "the channel cells (stats/channels.py) belong below both",
}


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


def _is_type_checking_block(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and ast.unparse(node.test) in {
        "TYPE_CHECKING",
        "typing.TYPE_CHECKING",
    }


def _imported_modules(path: Path, *, type_checking: bool = True) -> set[str]:
    """Every module ``path`` imports, at any depth (inside functions too); imports under
    ``if TYPE_CHECKING:`` only if ``type_checking``."""
    names: set[str] = set()
    pending: list[ast.AST] = [ast.parse(path.read_text(encoding="utf-8"))]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
        if not type_checking and _is_type_checking_block(node):
            assert isinstance(node, ast.If)
            pending.extend(node.orelse)
        else:
            pending.extend(ast.iter_child_nodes(node))
    return names


def _feature_imports(package: Path, *, type_checking: bool = True) -> dict[str, set[str]]:
    """For each file under ``package``: the feature packages (``backend.<feature>``) it
    imports."""
    found = {}
    for path in package.rglob("*.py"):
        features = {
            name.split(".")[1]
            for name in _imported_modules(path, type_checking=type_checking)
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
        ("users", "site"),  # site answers consent through hooks
        ("processes", "proposals"),  # proposals answer their counts and district moves
        ("processes", "notifications"),
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


def test_the_import_walk_can_leave_out_type_checking_imports(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from backend.users.auth import CurrentUser\n"
        "else:\n    from backend.site import consent\n"
    )
    found = _imported_modules(module, type_checking=False)
    assert "backend.users.auth" not in found
    assert "backend.site" in found
    assert "backend.users.auth" in _imported_modules(module)


Graph = dict[str, dict[str, list[str]]]


def _feature_graph() -> Graph:
    """For each feature: the features it imports at run time, each with the importing files."""
    graph: Graph = {name: {} for name in FEATURE_PACKAGES}
    for name in sorted(FEATURE_PACKAGES):
        imports = _feature_imports(BACKEND / name, type_checking=False)
        for path, features in sorted(imports.items()):
            for imported in features - {name}:
                graph[name].setdefault(imported, []).append(path)
    return graph


def _path(graph: Graph, start: str, end: str) -> list[str] | None:
    """A shortest path of imports from ``start`` to ``end`` (both included), if any."""
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for feature in frontier:
            for imported in sorted(graph[feature]):
                if imported == end:
                    path = [feature]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [*reversed(path), end]
                if imported not in came_from and imported != start:
                    came_from[imported] = feature
                    following.append(imported)
        frontier = following
    return None


def _cycles(graph: Graph) -> list[list[str]]:
    """A shortest cycle through each import that lies on one, each cycle once (as its features,
    from the first by name). Every cycle has such an import, so none means there are none."""
    found = set()
    for feature, imports in graph.items():
        for imported in imports:
            back = _path(graph, imported, feature)
            if back is not None:
                cycle = [feature, *back[:-1]]
                first = cycle.index(min(cycle))
                found.add(tuple(cycle[first:] + cycle[:first]))
    return sorted(list(cycle) for cycle in found)


def test_the_cycle_search_finds_a_shortest_cycle_through_each_import() -> None:
    graph: Graph = {
        "a": {"b": []},
        "b": {"a": [], "c": []},
        "c": {"a": []},
        "d": {"a": []},
    }
    assert _cycles(graph) == [["a", "b"], ["a", "b", "c"]]
    assert _cycles({"a": {"b": []}, "b": {}}) == []


def _without_known_upward_imports(graph: Graph) -> Graph:
    return {
        feature: {
            imported: paths
            for imported, paths in imports.items()
            if (feature, imported) not in KNOWN_UPWARD_IMPORTS
        }
        for feature, imports in graph.items()
    }


def test_no_features_import_each_other_in_a_cycle() -> None:
    graph = _feature_graph()
    cycles = _cycles(_without_known_upward_imports(graph))
    described = [
        " -> ".join([*cycle, cycle[0]])
        + "".join(
            f"\n    {importer} -> {imported}: {', '.join(graph[importer][imported])}"
            for importer, imported in zip(cycle, [*cycle[1:], cycle[0]], strict=True)
        )
        for cycle in cycles
    ]
    assert cycles == [], "features import each other in a cycle:\n" + "\n".join(described)


def test_every_known_upward_import_still_closes_a_cycle() -> None:
    graph = _feature_graph()
    stale = [
        (feature, imported)
        for feature, imported in KNOWN_UPWARD_IMPORTS
        if imported not in graph[feature] or _path(graph, imported, feature) is None
    ]
    assert stale == [], "no longer an upward import: remove it from KNOWN_UPWARD_IMPORTS"
