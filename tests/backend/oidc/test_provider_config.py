"""The providers file (KYOSO_OIDC_PROVIDERS): a mistake stops the server with a message that
says what to fix, and secrets stay out of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.oidc.providers import ProviderConfigError, load_providers

LINE = """
[[provider]]
id = "line"
name_ja = "LINE"
name_en = "LINE"
issuer = "https://access.line.me"
client_id = "1234567890"
client_secret_file = "line.secret"
token_auth_method = "client_secret_post"
id_token_algorithms = ["HS256", "ES256"]
"""


def _config(tmp_path: Path, text: str) -> str:
    path = tmp_path / "oidc.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_no_file_means_no_provider() -> None:
    assert load_providers("") == {}


def test_the_secret_is_read_from_its_own_file_beside_the_config(tmp_path: Path) -> None:
    (tmp_path / "line.secret").write_text("channel-secret\n")
    [line] = load_providers(_config(tmp_path, LINE)).values()
    assert (line.id, line.client_secret, line.button_ja) == (
        "line",
        "channel-secret",
        "LINEでログイン",
    )
    assert line.scopes == ["openid", "profile", "email"] and not line.trust_email_verified


@pytest.mark.parametrize(
    "text, says",
    [
        (LINE, "cannot be read"),  # the secret file is missing
        (
            LINE.replace('client_secret_file = "line.secret"', 'client_secret = "x"'),
            "do not write the client secret",
        ),
        (LINE.replace('id = "line"', 'id = "LINE Login"'), "$.provider[0].id"),
        (LINE + "unknown = 1\n", "unknown"),
        (LINE.replace('client_secret_file = "line.secret"', 'scopes = ["profile"]'), "openid"),
    ],
)
def test_a_mistake_is_refused_with_what_to_fix(tmp_path: Path, text: str, says: str) -> None:
    with pytest.raises(ProviderConfigError, match=None) as refused:
        load_providers(_config(tmp_path, text))
    assert says in str(refused.value)


def test_an_id_used_twice_is_refused(tmp_path: Path) -> None:
    (tmp_path / "line.secret").write_text("s")
    with pytest.raises(ProviderConfigError, match="used twice"):
        load_providers(_config(tmp_path, LINE + LINE))
