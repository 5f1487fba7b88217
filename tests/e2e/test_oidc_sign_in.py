"""Sign-in with an external account in the browser: the sign-in page's 「…でログイン」 button,
the real provider's forms (node-oidc-provider, started here), and back in Kyoso signed in; a
refused sign-in is explained in Japanese."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from support_oidc import running_provider, write_provider_config

from .conftest import backend_env, free_port, kyoso, new_context, run_axe, serving


@pytest.fixture(scope="module")
def oidc_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh Kyoso whose providers file names the real provider's two clients."""
    data_dir = tmp_path_factory.mktemp("oidc-e2e")
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    with running_provider(base_url) as issuer:
        env = backend_env(data_dir) | {
            "KYOSO_PUBLIC_URL": base_url,
            "KYOSO_OIDC_PROVIDERS": str(write_provider_config(data_dir, issuer)),
        }
        kyoso(env, "migrate")
        with serving(env, data_dir, port) as url:
            yield url


def test_a_resident_signs_in_with_the_city_id_button(browser: Browser, oidc_site: str) -> None:
    context = new_context(browser, oidc_site)
    page = context.new_page()
    page.goto("/signin")
    button = page.get_by_role("link", name="みどり市IDでログイン")
    expect(button).to_be_visible()
    expect(page.get_by_role("link", name="ソーシャルでログイン")).to_be_visible()
    assert run_axe(page) == []
    button.click()
    page.locator('input[name="login"]').fill("alice")  # the provider's own sign-in form
    page.locator('input[name="password"]').fill("any password")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()  # its consent screen
    page.wait_for_url(f"{oidc_site}/")
    me = context.request.get("/api/v1/auth/me")
    assert me.ok and me.json()["email"] == "alice@example.jp"
    page.goto("/profile")
    expect(page.get_by_role("heading", name="外部アカウントとの連携")).to_be_visible()
    expect(page.get_by_role("button", name="みどり市ID の連携を解除する")).to_be_visible()
    expect(page.get_by_role("button", name="ソーシャル と連携する")).to_be_visible()
    context.close()


def test_a_refused_sign_in_is_explained_and_signs_nobody_in(
    browser: Browser,
    oidc_site: str,
) -> None:
    context = new_context(browser, oidc_site)
    page = context.new_page()
    page.goto("/api/v1/auth/oidc/city/callback?code=stolen&state=forged")
    page.wait_for_url(f"{oidc_site}/signin?oidc_error=state")
    expect(page.get_by_role("alert")).to_contain_text("もう一度ボタンからログインしてください")
    assert context.request.get("/api/v1/auth/me").status == 401
    context.close()
