"""Settings read from ``KYOSO_*`` environment variables, with safe embedded defaults."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import msgspec

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Runtime configuration. Every field maps to ``KYOSO_<FIELD>`` in upper case."""

    data_dir: Path = PROJECT_ROOT / "var"
    database_url: str = ""
    secret_key: str = ""
    debug: bool = False
    host: str = "127.0.0.1"
    port: int = 8000
    cookie_secure: bool = False
    session_days: int = 14
    frontend_dir: Path = PROJECT_ROOT / "frontend" / "dist"
    seed_dir: Path = PROJECT_ROOT / "seed_data"
    db_pool_size: int = 10
    db_max_overflow: int = 20
    # argon2 hashes computed at once per API process, in worker threads (core/security.py)
    password_hash_threads: int = 2
    # reverse proxy address(es) whose X-Forwarded-For is trusted (`kyoso serve`)
    forwarded_allow_ips: str = ""
    # "auto": analyses run inside the API process on SQLite, in `kyoso worker` on PostgreSQL.
    worker_mode: str = "auto"
    # a request that has not started its answer by then gets 503 (backend/core/time_limit.py)
    request_timeout_seconds: float = 30.0
    # the embedding model analyses use by default, and more that planners may choose
    # (comma-separated); backend/analysis/embedding_models.py
    embed_model: str = ""
    analysis_models: str = ""
    # load the similar-proposal hint's model in the background at start-up (tests turn it off:
    # every app they create would start a load)
    similar_warm_up: bool = True
    # embedded (SQLite) mode: /ready answers 503 when the database's disk has less free space
    ready_min_free_mb: int = 64
    # "text" or "json" (one object per line, with the request id; backend/core/structured_logs.py)
    log_format: str = "text"
    # set: GET /metrics answers Prometheus with this bearer token (backend/core/metrics.py)
    metrics_token: str = ""

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def runs_worker_in_process(self) -> bool:
        if self.worker_mode == "auto":
            return self.is_sqlite
        return self.worker_mode == "in-process"


def _env_value(name: str, field_type: type) -> object:
    raw = os.environ[name]
    if field_type is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if field_type is int:
        return int(raw)
    if field_type is float:
        return float(raw)
    if field_type is Path:
        return Path(raw)
    return raw


def _persisted_secret(data_dir: Path) -> str:
    """A per-installation secret kept outside the repository (embedded mode only)."""
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    path.write_text(value)
    path.chmod(0o600)
    return value


def normalise_database_url(url: str) -> str:
    """Accept plain ``postgresql://`` / ``sqlite://`` URLs and pick the async driver."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+asyncpg://" + url.split("://", 1)[1]
    if url.startswith("sqlite://") and not url.startswith("sqlite+aiosqlite://"):
        return "sqlite+aiosqlite://" + url.split("://", 1)[1]
    return url


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, then explicit overrides (used by tests and the CLI)."""
    values: dict[str, object] = {}
    for field in msgspec.structs.fields(Settings):
        env_name = f"KYOSO_{field.name.upper()}"
        if env_name in os.environ:
            values[field.name] = _env_value(
                env_name, field.type if isinstance(field.type, type) else str
            )
    values.update(overrides)
    settings = Settings(**values)  # type: ignore[arg-type]
    database_url = settings.database_url or f"sqlite+aiosqlite:///{settings.data_dir / 'kyoso.db'}"
    secret_key = settings.secret_key or _persisted_secret(settings.data_dir)
    return msgspec.structs.replace(
        settings, database_url=normalise_database_url(database_url), secret_key=secret_key
    )
