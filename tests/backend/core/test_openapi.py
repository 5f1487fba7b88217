"""The OpenAPI documents every problem+json answer of every operation (schemathesis checks the
answers themselves in tests/security/test_fuzz_openapi.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from backend.app import create_app
from backend.core.config import load_settings

OPERATIONS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def openapi(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    data_dir: Path = tmp_path_factory.mktemp("openapi")
    settings = load_settings(
        database_url=f"sqlite+aiosqlite:///{data_dir / 'openapi.db'}",
        data_dir=data_dir,
        secret_key="openapi-test-secret-0123456789",
    )
    return create_app(settings).openapi_schema.to_schema()  # type: ignore[no-any-return]


def _operations(openapi: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in openapi["paths"].items()
        for method, operation in item.items()
        if method in OPERATIONS
    ]


def test_every_error_response_is_documented_as_problem_json(openapi: dict[str, Any]) -> None:
    undocumented = [
        f"{method} {path} {status}"
        for method, path, operation in _operations(openapi)
        for status, response in operation["responses"].items()
        if int(status) >= 400 and list(response.get("content", {})) != ["application/problem+json"]
    ]
    assert not undocumented
    problem = openapi["components"]["schemas"]["ProblemDetails"]
    assert {"type", "title", "status", "detail"} <= set(problem["required"])


def test_each_operation_documents_the_errors_its_guards_parameters_and_method_can_give(
    openapi: dict[str, Any],
) -> None:
    missing = []
    for method, path, operation in _operations(openapi):
        if path == "/health":
            continue
        statuses = {int(s) for s in operation["responses"]}
        expected = {503}
        if "{" in path:
            expected |= {404, 422}
        if method != "GET":
            expected |= {403, 409}  # CSRF; a write the current state forbids
        if path.startswith("/api/v1/admin/"):
            expected |= {401, 403}
        if expected - statuses:
            missing.append(f"{method} {path}: {sorted(expected - statuses)}")
    assert not missing


@pytest.mark.parametrize(
    ("method", "path", "statuses"),
    [
        ("post", "/api/v1/auth/login", {"401", "429"}),  # wrong password; too many failures
        ("put", "/api/v1/proposals/{proposal_id}/vote", {"429"}),  # counted in the handler
        ("get", "/api/v1/processes/{process_id}/proposals", {"403"}),  # status=hidden
        ("get", "/api/v1/analysis-runs/{run_id}/themes", {"409"}),  # the run has not finished
    ],
)
def test_errors_a_handler_raises_itself_are_documented_too(
    openapi: dict[str, Any], method: str, path: str, statuses: set[str]
) -> None:
    assert statuses <= set(openapi["paths"][path][method]["responses"])


def test_a_body_that_refuses_unknown_fields_is_closed_in_the_openapi(
    openapi: dict[str, Any],
) -> None:
    schemas = openapi["components"]["schemas"]
    assert schemas["ProcessUpdate"]["additionalProperties"] is False  # forbid_unknown_fields
    assert schemas["PhaseDates"]["additionalProperties"] is False
    assert "additionalProperties" not in schemas["ProposalOut"]  # answers may grow


def _free_objects(node: Any, schemas: dict[str, Any], where: str, seen: set[str]) -> list[str]:
    """Where a schema (following references) allows any JSON: ``{}``, or an object whose
    properties are not described (``dict[str, Any]``)."""
    if isinstance(node, list):
        return [f for i, item in enumerate(node) for f in _free_objects(item, schemas, where, seen)]
    if not isinstance(node, dict):
        return []
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return []
        seen.add(name)
        return _free_objects(schemas[name], schemas, name, seen)
    found = []
    if not set(node) - {"description", "title", "default", "examples"}:
        found.append(f"{where}: any JSON")
    elif (
        node.get("type") == "object"
        and "properties" not in node
        and not node.get("additionalProperties")
    ):
        found.append(f"{where}: an object without properties")
    for key, value in node.items():
        if key not in ("default", "examples"):
            found += _free_objects(value, schemas, f"{where}.{key}", seen)
    return found


def test_every_answer_has_a_described_shape_that_a_client_can_be_generated_from(
    openapi: dict[str, Any],
) -> None:
    schemas = openapi["components"]["schemas"]
    free = [
        f"{method} {path} {status}: {found}"
        for method, path, operation in _operations(openapi)
        for status, response in operation["responses"].items()
        for content in response.get("content", {}).values()
        for found in _free_objects(content.get("schema", {}), schemas, "", set())
    ]
    assert not free


def test_every_operation_has_a_unique_camel_case_id_named_after_its_handler(
    openapi: dict[str, Any],
) -> None:
    ids = [operation.get("operationId", "") for _, _, operation in _operations(openapi)]
    assert all(re.fullmatch(r"[a-z]+(?:[A-Z][a-z0-9]*)*", i) for i in ids), ids
    assert len(set(ids)) == len(ids), sorted(i for i in ids if ids.count(i) > 1)
    operation = openapi["paths"]["/api/v1/proposals/{proposal_id}/vote"]["put"]
    assert operation["operationId"] == "castVote"
