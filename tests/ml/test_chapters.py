"""Plan chapters (政策の柱): every policy field sits in one chapter, and every theme finds the
chapter of the field it is about, a planner's renamed theme included, or the cross-field one."""

from collections import Counter

from ml.chapters import CROSS_FIELD, chapter_of, plan_chapters, policy_field_of
from ml.schema import Keyword, Theme
from ml.titles import policy_fields


def _theme(title: str, keywords: tuple[str, ...] = (), field: str | None = None) -> Theme:
    return Theme(
        id="t1",
        level=1,
        parent_id=None,
        title=title,
        size=1,
        keywords=[Keyword(w, 1.0) for w in keywords],
        representatives=[],
        proposal_ids=["p1"],
        policy_field=field,
    )


def test_the_field_the_analysis_named_comes_first():
    assert policy_field_of(_theme("子どもの遊び場", field="public_transport")) == "public_transport"


def test_a_renamed_theme_is_matched_by_the_field_its_title_starts_with_or_names():
    assert policy_field_of(_theme("公共交通：夜の便を増やす")) == "public_transport"
    # no field heads the title, but one is named in it (the longest name wins)
    assert policy_field_of(_theme("駅前と公共交通のこれから")) == "public_transport"


def test_a_sub_theme_without_a_named_field_takes_its_parents_before_its_keywords():
    sub = _theme("夜の便", keywords=("バス", "本数"))
    assert policy_field_of(sub) == "public_transport"  # from its keywords alone
    assert policy_field_of(sub, default="disaster_prevention") == "disaster_prevention"


def test_a_theme_no_field_describes_has_no_field_and_goes_under_the_cross_field_chapter():
    unknown = _theme("いろいろな意見", keywords=("気持ち", "感想"))
    assert policy_field_of(unknown) is None
    assert chapter_of(unknown) is CROSS_FIELD


def test_a_theme_goes_under_the_chapter_holding_its_field():
    bus = chapter_of(_theme("夜の便", keywords=("バス", "本数")))
    assert "public_transport" in bus.fields and bus is not CROSS_FIELD
    assert bus in plan_chapters()


def test_every_policy_field_belongs_to_exactly_one_chapter():
    placed = Counter(f for c in plan_chapters() for f in c.fields)
    assert set(placed) == {f.id for f in policy_fields()}
    assert set(placed.values()) == {1}
