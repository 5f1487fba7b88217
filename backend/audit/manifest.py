"""The audit feature: the log of staff actions."""

from backend.audit.controllers import AuditController
from backend.core.features import Feature

FEATURE = Feature(name="audit", routes=[AuditController], models=["backend.audit.models"])
