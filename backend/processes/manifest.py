"""The processes feature: processes (取り組み), their phases, and the city's districts."""

from backend.core.features import Feature
from backend.processes.controllers import DistrictController, ProcessController
from backend.processes.districts import ensure_district_exists
from backend.users.services import CHECK_DISTRICT

FEATURE = Feature(
    name="processes",
    routes=[DistrictController, ProcessController],
    models=["backend.processes.models"],
    public_reads=["/api/v1/districts", "/api/v1/processes", "/api/v1/processes/{process_id:int}"],
    hooks=[CHECK_DISTRICT.implemented_by(ensure_district_exists)],
)
