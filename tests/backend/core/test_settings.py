"""Settings, once (issue 17): every ``KYOSO_*`` variable is a ``Settings`` field, nothing else
reads one, and the README's table is the one written from the fields."""

from __future__ import annotations

import re
from pathlib import Path

import msgspec
import pytest

from backend.core.config import Settings, load_settings, settings_table
from backend.core.ratelimit import default_rules

REPO = Path(__file__).resolve().parents[3]


def _code_files() -> list[Path]:
    return [p for folder in ("backend", "ml") for p in (REPO / folder).rglob("*.py")]


def test_the_readme_table_is_the_one_written_from_settings() -> None:
    readme = (REPO / "README.md").read_text()
    table = readme.split("| variable | default | meaning |", 1)[1].split(
        "<!-- end of settings table -->", 1
    )[0]
    assert "| variable | default | meaning |" + table == settings_table(), (
        "README's table differs from Settings: run `python -m backend.core.config` and paste "
        "its output between the settings-table comments"
    )


def test_only_settings_reads_kyoso_variables() -> None:
    config = REPO / "backend" / "core" / "config.py"
    readers = re.compile(r"os\.environ(?:\.get)?\s*[\[(]\s*[\"']KYOSO_|getenv\(\s*[\"']KYOSO_")
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for path in _code_files()
        if path != config
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if readers.search(line) and not re.search(r"\]\s*=[^=]", line)
    ]  # reads
    assert offenders == []


def test_every_kyoso_name_in_the_code_is_a_setting() -> None:
    fields = {f"KYOSO_{field.name.upper()}" for field in msgspec.structs.fields(Settings)}
    named = {
        match
        for path in _code_files()
        for match in re.findall(r"KYOSO_[A-Z0-9_]*[A-Z0-9]", path.read_text())
    }
    rule_pattern = {"KYOSO_RATE_LIMIT"}  # the prefix of the per-rule settings, in messages
    assert named - fields - rule_pattern == set()


def test_every_per_rule_rate_limit_setting_names_a_declared_rule() -> None:
    """A rule is configurable when ``Settings`` has its field (a feature's new rule may stay
    fixed: core/features.py ``RateLimit``); a field whose rule is gone would be ignored."""
    per_rule = {
        f.name
        for f in msgspec.structs.fields(Settings)
        if f.name.startswith("rate_limit_") and f.name != "rate_limit_store"
    }
    assert per_rule
    assert per_rule <= {f"rate_limit_{rule}" for rule in default_rules()}


def test_a_variable_that_is_not_a_number_is_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KYOSO_READ_CACHE_SECONDS", "one")
    with pytest.raises(ValueError, match="KYOSO_READ_CACHE_SECONDS must be a number"):
        load_settings(data_dir=tmp_path)
    monkeypatch.setenv("KYOSO_READ_CACHE_SECONDS", "2.5")
    monkeypatch.setenv("KYOSO_RATE_LIMITS", "off")
    settings = load_settings(data_dir=tmp_path)
    assert (settings.read_cache_seconds, settings.rate_limits) == (2.5, False)
