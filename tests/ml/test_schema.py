"""The data crossing the ml boundary: frozen msgspec structs that survive JSON, and the theme
set a draft is built from."""

import msgspec
import pytest

from ml.schema import Analysis, Assignment, Keyword, Metrics, Theme, ThemeSet


def _theme(theme_id: str, level: int, parent: str | None) -> Theme:
    return Theme(
        id=theme_id,
        level=level,
        parent_id=parent,
        title="公共交通：路線バス",
        size=2,
        keywords=[Keyword("路線バス", 0.9)],
        representatives=[],
        proposal_ids=["p1", "p2"],
    )


def _analysis() -> Analysis:
    assignments = [
        Assignment(
            proposal_id=p,
            theme_id="t1",
            subtheme_id="t1.1",
            theme_score=0.8,
            subtheme_score=score,
            x=0.0,
            y=0.0,
            lang="ja",
        )
        for p, score in (("p1", 0.9), ("p2", 0.4))
    ]
    metrics = Metrics(
        n_proposals=2,
        n_unique=2,
        n_themes=1,
        n_subthemes=1,
        n_other=0,
        silhouette=None,
        languages={"ja": 2},
        seconds={},
    )
    return Analysis(
        themes=[_theme("t1", 1, None)],
        subthemes=[_theme("t1.1", 2, "t1")],
        assignments=assignments,
        duplicates=[],
        opinions=None,
        metrics=metrics,
        backend="tfidf",
        model="tfidf",
        random_state=0,
    )


def test_an_analysis_survives_a_round_trip_through_json():
    analysis = _analysis()
    assert msgspec.json.decode(msgspec.json.encode(analysis), type=Analysis) == analysis


def test_the_theme_set_carries_each_proposals_sub_theme_score():
    analysis = _analysis()
    assert analysis.theme_set() == ThemeSet(
        analysis.themes, analysis.subthemes, {"p1": 0.9, "p2": 0.4}
    )


def test_results_cannot_be_changed_after_the_fact():
    with pytest.raises(AttributeError):
        _analysis().themes[0].title = "別の題"  # type: ignore[misc]
