"""The site feature: the city's settings, pages, and consent to the terms."""

from backend.core.features import DatabaseClient, Feature
from backend.site.consent import CONSENT, CurrentConsent
from backend.site.controllers import AdminSiteController, SiteController, give_consent

FEATURE = Feature(
    name="site",
    routes=[SiteController, AdminSiteController, give_consent],
    models=["backend.site.models"],
    public_reads=["/api/v1/site"],
    database_clients=[DatabaseClient(CONSENT, CurrentConsent)],
)
