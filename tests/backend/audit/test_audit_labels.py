"""Every action the code records in the audit log has a label in words.

The actions are read from the source: each ``record_audit(...)`` call's action argument is
worked out from literals, conditionals, f-strings, local assignments, ``Literal`` annotations
and the calls of the function whose parameter it is. An action the reader cannot work out
fails too: write it so that it can be (a literal, or a parameter typed ``Literal[...]``).
"""

from __future__ import annotations

import ast
import importlib
import itertools
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import pytest

from backend.analysis.schemas import ThemeEditKind, ThemeEditRequest
from backend.audit.labels import ACTION_LABELS, FIELD_LABELS, TARGET_LABELS, describe

BACKEND = Path(__file__).resolve().parents[3] / "backend"


class Unresolved(Exception):
    pass


class Module:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.name = ".".join(path.relative_to(BACKEND.parent).with_suffix("").parts)
        self.functions = [
            n for n in ast.walk(self.tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        ]

    def enclosing(self, node: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        for function in self.functions:
            if any(child is node for child in ast.walk(function)):
                inner = [
                    f
                    for f in self.functions
                    if f is not function
                    and any(c is f for c in ast.walk(function))
                    and any(c is node for c in ast.walk(f))
                ]
                return inner[0] if inner else function
        return None

    def literal_values(self, annotation: ast.expr) -> set[str] | None:
        namespace = vars(importlib.import_module(self.name))
        hint = eval(ast.unparse(annotation), dict(namespace), {"Literal": Literal})
        if get_origin(hint) is Literal:
            return {str(v) for v in get_args(hint)}
        return None


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def resolve(node: ast.expr, module: Module, depth: int = 0) -> set[str]:
    if depth > 8:
        raise Unresolved(ast.unparse(node))
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return resolve(node.body, module, depth + 1) | resolve(node.orelse, module, depth + 1)
    if isinstance(node, ast.JoinedStr):
        parts = [
            {v.value} if isinstance(v, ast.Constant) else resolve(v.value, module, depth + 1)  # type: ignore[attr-defined]
            for v in node.values
        ]
        return {"".join(p) for p in itertools.product(*parts)}
    if isinstance(node, ast.Name):
        return _resolve_name(node, module, depth)
    raise Unresolved(ast.unparse(node))


def _resolve_name(node: ast.Name, module: Module, depth: int) -> set[str]:
    function = module.enclosing(node)
    if function is None:
        raise Unresolved(node.id)
    for statement in ast.walk(function):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and statement.target.id == node.id
        ):
            values = module.literal_values(statement.annotation)
            if values is not None:
                return values
        if isinstance(statement, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == node.id for t in statement.targets
        ):
            return resolve(statement.value, module, depth + 1)
    params = [*function.args.posonlyargs, *function.args.args]
    param = next((p for p in [*params, *function.args.kwonlyargs] if p.arg == node.id), None)
    if param is None:
        raise Unresolved(node.id)
    if param.annotation is not None:
        values = module.literal_values(param.annotation)
        if values is not None:
            return values
    # a plain parameter: what the module's own calls of the function pass
    found: set[str] = set()
    position = params.index(param) if param in params else None
    for call in ast.walk(module.tree):
        if isinstance(call, ast.Call) and _called_name(call) == function.name:
            keyword = next((k.value for k in call.keywords if k.arg == node.id), None)
            argument = (
                keyword
                if keyword is not None
                else (
                    call.args[position]
                    if position is not None and position < len(call.args)
                    else None
                )
            )
            if argument is None:
                raise Unresolved(f"{function.name}({node.id}=…)")
            found |= resolve(argument, module, depth + 1)
    if not found:
        raise Unresolved(node.id)
    return found


def recorded_actions() -> tuple[dict[str, str], list[str]]:
    """Every action string recorded (with where) and the calls that could not be read."""
    actions: dict[str, str] = {}
    unreadable: list[str] = []
    for path in sorted(BACKEND.rglob("*.py")):
        if path.name == "service.py" and path.parent.name == "audit":
            continue  # the definition of record_audit itself
        module = Module(path)
        for call in ast.walk(module.tree):
            if not (isinstance(call, ast.Call) and _called_name(call) == "record_audit"):
                continue
            where = f"{path.relative_to(BACKEND.parent)}:{call.lineno}"
            argument = next(
                (k.value for k in call.keywords if k.arg == "action"),
                call.args[2] if len(call.args) > 2 else None,
            )
            try:
                for action in resolve(argument, module):  # type: ignore[arg-type]
                    actions.setdefault(action, where)
            except Unresolved as exc:
                unreadable.append(f"{where} ({exc})")
    return actions, unreadable


def test_every_recorded_action_has_a_japanese_label() -> None:
    actions, unreadable = recorded_actions()
    assert not unreadable, f"write these audit actions so that they can be read: {unreadable}"
    missing = {a: where for a, where in actions.items() if a not in ACTION_LABELS}
    assert not missing, f"add these actions to backend/audit/labels.py ACTION_LABELS: {missing}"
    # the reader found the actions built from parts, not only the literal ones
    assert {
        "approval.approved",
        "comment.hidden",
        "theme.split",
        "proposal.image_added",
        "process.archived",
        "user.role_changed",
        "draft.published",
    } <= set(actions)


def test_the_scan_reads_what_the_code_can_record() -> None:
    """The theme-edit kinds typed for the scan are the tags the API accepts."""
    tags = {member.__struct_config__.tag for member in get_args(ThemeEditRequest)}
    assert tags == set(get_args(ThemeEditKind))


def _source(code: str) -> Module:
    module = Module.__new__(Module)
    module.tree = ast.parse(code)
    module.name = "tests"
    module.functions = [
        n for n in ast.walk(module.tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    return module


def test_an_action_the_scan_cannot_read_is_reported() -> None:
    module = _source("def f(e):\n    record_audit(s, 1, e.action, 'x', 1)\n")
    call = next(n for n in ast.walk(module.tree) if isinstance(n, ast.Call))
    with pytest.raises(Unresolved):
        resolve(call.args[2], module)
    module = _source(
        "def g(step):\n    record_audit(s, 1, f'a.{step}', 'x', 1)\n"
        "def h():\n    g('one')\n    g(step='two')\n"
    )
    call = next(n for n in ast.walk(module.tree) if isinstance(n, ast.Call))
    assert resolve(call.args[2], module) == {"a.one", "a.two"}


@pytest.mark.parametrize(
    ("action", "details", "text"),
    [
        (
            "user.role_changed",
            {
                "before": {"role": "resident", "is_active": True},
                "after": {"role": "planner", "is_active": True},
            },
            "役割：住民 → 職員",
        ),
        ("process.phase_changed", {"before": "ideas", "after": "voting"}, "段階：意見募集 → 投票"),
        ("user.reset_link_issued", {"purpose": "reset"}, "用途：再設定"),
        ("district.updated", {"fields": ["name_ja", "name_en"]}, "変更した項目：name_ja、name_en"),
        ("approval.approved", {"payload_hash": "ab12", "object_type": "draft"}, "対象：素案"),
    ],
)
def test_details_read_as_words_not_json(action: str, details: dict[str, Any], text: str) -> None:
    assert describe(action, details) == text
    assert "{" not in describe(action, details, "en")


def test_labels_are_japanese_and_english() -> None:
    for catalogue in (ACTION_LABELS, TARGET_LABELS, FIELD_LABELS):
        for key, (ja, en) in catalogue.items():
            assert ja and en and ja != en, key
