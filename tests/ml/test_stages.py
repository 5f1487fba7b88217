"""Analysis stages: the names progress reports and timings are stored under."""

from ml.stages import Stage


def test_a_stage_equals_the_string_stored_for_it():
    assert Stage("embed") is Stage.EMBED and Stage.EMBED == "embed"
    assert {Stage.CLUSTER: 70}.get("cluster") == 70
