"""The planner-workflow tests run on the demo city."""

from support_demo import demo  # noqa: F401 (a fixture)
