"""A worker is killed in the middle of analysing the demo city."""

from support_demo import demo  # noqa: F401 (a fixture)
