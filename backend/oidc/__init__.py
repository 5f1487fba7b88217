"""OpenID Connect sign-in (外部アカウントでログイン): residents sign in with an account of a
provider the city configures (LINE Login, the municipality's IdP, Microsoft Entra ID, …).

- ``providers.py``: the providers, read from the TOML file ``KYOSO_OIDC_PROVIDERS`` names;
- ``client.py``: the relying party: discovery, the authorization request (PKCE S256, state,
  nonce), the code exchange and the ID token's checks (signature by the provider's JWKS, iss,
  aud, azp, exp, iat, nonce);
- ``flow.py``: the signed, short-lived cookie that binds a sign-in to the browser that began it;
- ``services.py``: which Kyoso account a provider's subject signs in (and the linking rule);
- ``controllers.py``: the routes under ``/api/v1/auth``.
"""
