"""The site feature: the city's settings, pages, and consent to the terms."""

from backend.core.features import DatabaseClient, Feature
from backend.site.consent import CONSENT, CurrentConsent, require_consent
from backend.site.controllers import AdminSiteController, SiteController, give_consent
from backend.site.services import consent_versions
from backend.users.dependencies import REQUIRE_CONSENT
from backend.users.services import CONSENT_VERSIONS

FEATURE = Feature(
    name="site",
    routes=[SiteController, AdminSiteController, give_consent],
    models=["backend.site.models"],
    public_reads=["/api/v1/site"],
    database_clients=[DatabaseClient(CONSENT, CurrentConsent)],
    hooks=[
        REQUIRE_CONSENT.implemented_by(require_consent),
        CONSENT_VERSIONS.implemented_by(consent_versions),
    ],
)
