"""Find every message a person can get from the server in the backend's source.

Read from the syntax tree, without importing anything:

- the detail (first argument or ``detail=``) of a raised or built domain error: any class
  that derives from ``DomainError`` (or a Litestar ``HTTPException``), in any module;
- the title and detail of ``problem(...)``, and the ``title`` a domain error class declares;
- field errors (``{"field": …, "message": …}``), hand-built problems (``"title"``,
  ``"detail"``) and a route's own 413 wording (``"too_large_detail"``) in dict literals;
- ``N_("…")``: marks a message written away from its raise site (a constant passed on);
- the values of a module's dict that a message puts in its sentence (``{_ACTION_WORDS[a]}``).

A detail written as a module constant or a local variable is followed to its value; a
function's parameter is passed on from elsewhere (mark the text there with ``N_``).
f-strings become templates: ``f"There is no user {user_id}."`` → ``There is no user
{user_id}.`` (``templates.py``).
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

from backend.core.messages.templates import parse

BACKEND = Path(__file__).resolve().parents[2]
ERROR_BASES = {
    "DomainError",
    "HTTPException",
    "ClientException",
    "NotFoundException",
    "PermissionDeniedException",
    "NotAuthorizedException",
    "ValidationException",
}
# a dict literal's key that holds a message → the keys that show the dict is a problem or a
# field error (a "title" or "message" elsewhere is data)
MESSAGE_KEYS = {
    "message": {"field"},
    "detail": {"status", "title"},
    "title": {"detail"},
    "too_large_detail": set[str](),
}
SKIP = ("migrations", "core/messages")


def _sources(root: Path) -> list[Path]:
    return sorted(
        p
        for p in root.rglob("*.py")
        if not any(part in p.relative_to(root).as_posix() for part in SKIP)
    )


def _escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _literal(part: ast.expr) -> str:
    """A literal part of an f-string: the grammar makes it a str constant."""
    assert isinstance(part, ast.Constant) and isinstance(part.value, str)
    return part.value


def _placeholder(node: ast.FormattedValue) -> str:
    text = ast.unparse(node.value)
    if node.conversion > 0:
        text += "!" + chr(node.conversion)
    if isinstance(node.format_spec, ast.JoinedStr):  # the only kind of format spec there is
        text += ":" + "".join(
            ast.unparse(v) if isinstance(v, ast.FormattedValue) else _literal(v)
            for v in node.format_spec.values
        )
    return "{" + text + "}"


def template_of(node: ast.AST) -> str | None:
    """The template of a string or f-string expression, else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return _escape(node.value)
    if isinstance(node, ast.JoinedStr):
        return "".join(
            _placeholder(v) if isinstance(v, ast.FormattedValue) else _escape(_literal(v))
            for v in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = template_of(node.left), template_of(node.right)
        if left is None and right is None:
            return None
        return (left if left is not None else "{" + ast.unparse(node.left) + "}") + (
            right if right is not None else "{" + ast.unparse(node.right) + "}"
        )
    return None


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[a-z]{3,}")  # an English word (not ID, PDF)


def _already_japanese(template: str) -> bool:
    """Written in Japanese for everyone (the paper-import row problems): nothing to translate."""
    text = "".join(t for is_placeholder, t in parse(template) if not is_placeholder)
    return bool(_JAPANESE.search(text)) and not _LATIN_WORD.search(text)


def _passed_on(module: _Module, value: ast.AST) -> bool:
    """A parameter of the enclosing function, or N_-marked where it was written."""
    function = module.function_of(value)
    if isinstance(value, ast.Attribute | ast.Call | ast.Await):
        return True  # an object's detail, a mapping's value: written where it was made
    if isinstance(value, ast.Name) and function is not None:
        arguments = function.args
        names = [a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)]
        return value.id in names
    return False


class _Module:
    def __init__(self, path: Path, tree: ast.Module) -> None:
        self.path, self.tree = path, tree
        self.parents: dict[ast.AST, ast.AST] = {
            child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)
        }

    def function_of(
        self, node: ast.AST
    ) -> ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None:
        parent = self.parents.get(node)
        while parent is not None:
            if isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                return parent
            parent = self.parents.get(parent)
        return None


def _assigned(scope: ast.AST, name: str, *, top_level: bool) -> list[ast.AST]:
    # ``scope`` is a module or function when ``top_level``; ast.AST itself declares no body
    nodes = scope.body if top_level else list(ast.walk(scope))  # type: ignore[attr-defined]
    values: list[ast.AST] = []
    for node in nodes:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign | ast.NamedExpr) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if any(_name(t) == name for t in targets):
            values.append(value)
    return values


class Extractor:
    def __init__(self, root: Path = BACKEND) -> None:
        self.root = root
        self.modules = [
            _Module(p, ast.parse(p.read_text(encoding="utf-8"), str(p))) for p in _sources(root)
        ]
        self.error_classes = self._error_classes()
        self.messages: dict[str, list[str]] = defaultdict(list)
        self.unresolved: list[str] = []  # details the scan cannot follow (mark them with N_)

    def _error_classes(self) -> set[str]:
        names = set(ERROR_BASES)
        errors = BACKEND / "core" / "errors.py"  # the domain errors, whatever tree is scanned
        trees = [m.tree for m in self.modules] + [ast.parse(errors.read_text(encoding="utf-8"))]
        classes = [n for tree in trees for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
        grew = True
        while grew:
            grew = False
            for cls in classes:
                if cls.name not in names and any(_name(b) in names for b in cls.bases):
                    names.add(cls.name)
                    grew = True
        return names

    def _add(
        self, module: _Module, node: ast.AST, value: ast.AST, seen: int = 0, quiet: bool = False
    ) -> None:
        """Record the message(s) ``value`` can be, following names to their strings."""
        # every node handed here is a statement or expression, which have lineno; ast.AST has not
        where = f"{module.path.relative_to(self.root.parent).as_posix()}:{node.lineno}"  # type: ignore[attr-defined]
        if (template := template_of(value)) is not None:
            if template.strip() and not _already_japanese(template):
                self.messages[template].append(where)
            for part in ast.walk(value):  # {_ACTION_WORDS[action]}: the words are messages too
                if isinstance(part, ast.FormattedValue) and isinstance(part.value, ast.Subscript):
                    self._add(module, node, part.value.value, seen + 1, quiet=True)
            return
        if seen > 3:
            return
        options: list[ast.AST] = []
        if isinstance(value, ast.IfExp):
            options = [value.body, value.orelse]
        elif isinstance(value, ast.BoolOp):
            options = list(value.values)
        elif isinstance(value, ast.Call) and _name(value.func) == "get" and len(value.args) > 1:
            options = [value.args[1]]  # a mapping's default: the value itself is passed on
        elif isinstance(value, ast.Dict):
            options = [v for v in value.values if v is not None]
        elif isinstance(value, ast.Subscript):
            options = [value.value]
        elif isinstance(value, ast.Name | ast.Attribute):
            name = _name(value)
            assert name is not None
            function = module.function_of(value)
            if function is not None and isinstance(value, ast.Name):
                options = _assigned(function, name, top_level=False)
            if not options:  # a module constant, here or imported (by the same name)
                options = [v for m in self.modules for v in _assigned(m.tree, name, top_level=True)]
        if not options and not quiet and not _passed_on(module, value):
            self.unresolved.append(f"{where}: {ast.unparse(value)}")
        for option in options:
            self._add(module, node, option, seen + 1, quiet)

    def run(self) -> dict[str, list[str]]:
        for module in self.modules:
            for node in ast.walk(module.tree):
                self._visit(module, node)
        return dict(self.messages)

    def _visit(self, module: _Module, node: ast.AST) -> None:
        if isinstance(node, ast.Call):
            name = _name(node.func)
            args = list(node.args) + [k.value for k in node.keywords if k.arg == "detail"]
            if name in self.error_classes and args:
                self._add(module, node, args[0])
            elif name in ("problem", "problem_content"):  # (scope,) status, title, detail
                first = 1 if name == "problem" else 2
                for arg in node.args[first : first + 2]:
                    self._add(module, node, arg)
            elif name == "N_" and node.args:
                self._add(module, node, node.args[0])
        elif isinstance(node, ast.Dict):
            keys = {
                k.value: v
                for k, v in zip(node.keys, node.values, strict=True)
                if isinstance(k, ast.Constant) and isinstance(k.value, str)
            }
            for key, kinds in MESSAGE_KEYS.items():
                if key in keys and (not kinds or kinds & keys.keys()):
                    self._add(module, node, keys[key])
        elif isinstance(node, ast.ClassDef) and node.name in self.error_classes:
            for statement in node.body:
                if not isinstance(statement, ast.Assign):
                    continue
                for target in statement.targets:
                    if _name(target) == "title":
                        self._add(module, statement, statement.value)
                    elif isinstance(target, ast.Tuple) and isinstance(statement.value, ast.Tuple):
                        for t, v in zip(target.elts, statement.value.elts, strict=False):
                            if _name(t) == "title":
                                self._add(module, statement, v)


def extract(root: Path = BACKEND) -> tuple[dict[str, list[str]], list[str]]:
    """Every message template in ``root``'s source, with where it is written, and the details
    the scan could not follow to their text."""
    extractor = Extractor(root)
    return extractor.run(), extractor.unresolved
