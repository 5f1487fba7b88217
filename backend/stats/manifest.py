"""The stats feature: participation figures and staff activity."""

from backend.core.features import Feature
from backend.stats.controllers import planner_activity, process_stats

FEATURE = Feature(name="stats", routes=[process_stats, planner_activity])
