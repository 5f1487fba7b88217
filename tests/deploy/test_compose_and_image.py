"""The compose file and the Dockerfile hold together without a Docker engine: the YAML parses,
every file they copy or build from exists (and is not ignored), every variable they use is
documented, and every command they run is a real ``kyoso`` command."""

from __future__ import annotations

import fnmatch
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
COMPOSE = REPO / "docker-compose.yml"
DOCKERFILE = REPO / "Dockerfile"
DEPLOYMENT_DOC = REPO / "docs" / "deployment.md"
VARIABLE = re.compile(r"\$\{([A-Z0-9_]+)(?::?[-?][^}]*)?\}")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def test_the_compose_file_has_the_production_services(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert {"db", "migrate", "api", "worker"} <= set(services)
    db = services["db"]
    assert db["image"].startswith("postgres:")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert any(str(v).endswith(":/var/lib/postgresql/data") for v in db["volumes"])
    assert "pgdata" in compose["volumes"]
    # residents' photos outlive the container (KYOSO_DATA_DIR/media in the image)
    assert "media:/var/lib/kyoso/media" in services["api"]["volumes"]
    assert "media" in compose["volumes"]
    api_command = services["api"]["command"]
    assert api_command[:2] == ["kyoso", "serve"] and "--workers" in api_command
    assert services["worker"]["command"] == ["kyoso", "worker"]
    assert services["api"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"


def test_every_build_and_copied_file_exists_and_is_not_ignored(compose: dict[str, Any]) -> None:
    for service in compose["services"].values():
        build = service.get("build")
        if build:
            assert (REPO / build["context"] / build.get("dockerfile", "Dockerfile")).exists()
    ignored = [
        line.strip()
        for line in (REPO / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    sources = []
    for line in DOCKERFILE.read_text().splitlines():
        if line.startswith("COPY ") and "--from=" not in line:
            sources += line.split()[1:-1]
    assert sources
    for source in sources:
        assert (REPO / source).exists(), f"Dockerfile copies {source}, which does not exist"
        for pattern in ignored:
            assert not fnmatch.fnmatch(source.rstrip("/"), pattern.rstrip("/")), (
                f"{source} is excluded by .dockerignore ({pattern})"
            )


def test_the_image_installs_the_cpu_torch_before_kyoso() -> None:
    text = DOCKERFILE.read_text()
    torch_at = text.index("pip install torch==2.13.0 --index-url")
    assert "download.pytorch.org/whl/cpu" in text
    assert torch_at < text.index("pip install -c requirements.lock -e .")
    assert text.count("FROM ") >= 3  # frontend build, Python install, runtime


def test_every_variable_is_documented_and_every_kyoso_setting_is_read_by_the_code(
    compose: dict[str, Any],
) -> None:
    doc = DEPLOYMENT_DOC.read_text()
    used = set(VARIABLE.findall(COMPOSE.read_text()))
    assert used
    undocumented = sorted(name for name in used if f"`{name}`" not in doc)
    assert not undocumented, f"document these in docs/deployment.md: {undocumented}"
    code = "\n".join(
        p.read_text() for folder in ("backend", "ml") for p in (REPO / folder).rglob("*.py")
    )
    from backend.core.config import Settings

    settings_fields = {f"KYOSO_{name.upper()}" for name in Settings.__struct_fields__}
    for service in compose["services"].values():
        environment = service.get("environment") or {}
        for key in environment:
            if key.startswith("KYOSO_"):
                assert key in settings_fields or key in code, f"{key} is read by nothing"


def test_every_command_the_services_run_is_a_real_kyoso_command(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        command = service.get("command")
        if not command or command[0] != "kyoso":
            continue
        arguments = [a for a in command[1:] if "${" not in a]
        subcommand = arguments[0]
        result = subprocess.run(
            [sys.executable, "-m", "backend", subcommand, "--help"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, (name, result.stderr)
        for option in (a for a in arguments if a.startswith("--")):
            assert option in result.stdout, f"{name}: kyoso {subcommand} has no {option}"


def test_the_runtime_image_has_the_japanese_font_the_exports_embed() -> None:
    # exports run wherever jobs run (the API on SQLite, `kyoso worker` on PostgreSQL): both
    # start from the runtime stage, which must have what backend/exports/fonts.py looks for
    runtime = DOCKERFILE.read_text(encoding="utf-8").split(" AS runtime", 1)[1]
    assert "fonts-noto-cjk" in runtime
