"""``Step``: the estimator-like base of the analysis steps (``ml.steps``), after
scikit-learn's ``BaseEstimator``: parameters are the ``__init__`` arguments, stored as given;
``get_params``/``set_params`` read and change them; ``clone`` makes an unfitted copy.

Not ``BaseEstimator`` itself: its ``clone`` deep-copies every parameter that is not an
estimator, and a step's parameters include a loaded embedding model (hundreds of MB) and an
embedding cache (a database connection) that must be shared, not copied.
"""

from __future__ import annotations

import inspect
from typing import Any, Self, TypeVar

S = TypeVar("S", bound="Step")


class Step:
    """Parameters in ``__init__`` (each stored under its own name), work in the step's method,
    fitted attributes end in ``_``."""

    @classmethod
    def _param_names(cls) -> list[str]:
        signature = inspect.signature(cls.__init__)
        return sorted(
            name
            for name, p in signature.parameters.items()
            if name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        )

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The step's parameters; with ``deep``, a nested step's as ``name__param`` too."""
        out: dict[str, Any] = {}
        for name in self._param_names():
            value = getattr(self, name)
            out[name] = value
            if deep and isinstance(value, Step):
                out.update({f"{name}__{k}": v for k, v in value.get_params().items()})
        return out

    def set_params(self, **params: Any) -> Self:
        """Changes parameters (``name__param`` reaches into a nested step); returns the step."""
        names = set(self._param_names())
        nested: dict[str, dict[str, Any]] = {}
        for key, value in params.items():
            name, _, sub = key.partition("__")
            if name not in names:
                raise ValueError(f"{type(self).__name__} has no parameter {name!r}")
            if sub:
                nested.setdefault(name, {})[sub] = value
            else:
                setattr(self, name, value)
        for name, sub_params in nested.items():
            getattr(self, name).set_params(**sub_params)
        return self

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params(deep=False).items())
        return f"{type(self).__name__}({args})"


def clone(step: S) -> S:
    """A new, unfitted step with the same parameters. Nested steps are cloned; any other
    parameter (an embedder, a cache, a clusterer template) is shared, as explained above."""
    params = {
        k: clone(v) if isinstance(v, Step) else v for k, v in step.get_params(deep=False).items()
    }
    return type(step)(**params)
