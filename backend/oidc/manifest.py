"""The OIDC feature: sign-in with external providers (docs/oidc.md)."""

from backend.core.features import AppObject, Feature
from backend.oidc.controllers import OIDC_PROVIDERS, OidcController, OidcProviders

FEATURE = Feature(
    name="oidc",
    routes=[OidcController],
    models=["backend.oidc.models"],
    state=[AppObject(OIDC_PROVIDERS, OidcProviders)],
)
