"""Which embedding models a planner may name in an analysis run.

The ``model`` parameter used to accept any local directory, so a planner could make the worker
load whatever model files lay on its disk (issue 18). Allowed: the configured
``KYOSO_EMBED_MODEL``, the models the project ships or defaults to, and the names an operator
lists in ``KYOSO_ANALYSIS_MODELS`` (comma-separated).
"""

from __future__ import annotations

from backend.core.config import Settings
from backend.core.errors import InvalidInput


def allowed_models(settings: Settings) -> list[str]:
    from ml.embed.sentence_transformers import DEFAULT_MODEL, bundled_minilm_path

    bundled = bundled_minilm_path()
    names = [
        settings.embed_model,
        DEFAULT_MODEL,
        str(bundled) if bundled else "",
        *settings.analysis_models.split(","),
    ]
    return list(dict.fromkeys(n.strip() for n in names if n.strip()))


def require_allowed_model(settings: Settings, model: str | None) -> None:
    """Raise a 422 for a model that is not on the allow-list (None: the default model)."""
    if model is None:
        return
    allowed = allowed_models(settings)
    if model not in allowed:
        raise InvalidInput(
            f"The embedding model {model!r} is not offered by this server. Leave it out for the "
            f"default model or choose one of: {', '.join(allowed)}. An administrator can offer "
            "more with KYOSO_ANALYSIS_MODELS.",
            allowed_models=allowed,
        )
