"""Suggested KPIs (成果指標): read from the catalogue file, each field's first indicator before
any second one, the chapter's indicator when no field has one."""

import msgspec
import pytest

from ml.kpis import KpiCatalogue, KpiSpec, kpi_catalogue

RIDERS = KpiSpec("路線バスの年間利用者数", "人", "交通事業者報告", "increase")
EASY_TRANSIT = KpiSpec("公共交通が使いやすいと感じる市民の割合", "％", "市民意識調査", "increase")
WAITING = KpiSpec("保育所等の待機児童数", "人", "こども家庭課調べ", "decrease")
TOWN = KpiSpec("住み続けたいと思う市民の割合", "％", "市民意識調査", "increase")

CATALOGUE = KpiCatalogue(
    by_field={"public_transport": [RIDERS, EASY_TRANSIT], "childcare": [WAITING]},
    by_chapter={"infrastructure": [TOWN]},
)


def test_each_fields_first_indicator_comes_before_any_second_one():
    suggested = CATALOGUE.suggest(["public_transport", "childcare"], "infrastructure", limit=3)
    assert suggested == [RIDERS, WAITING, EASY_TRANSIT]
    assert CATALOGUE.suggest(["public_transport", "childcare"], "infrastructure") == [
        RIDERS,
        WAITING,
    ]


def test_a_field_named_twice_or_none_adds_nothing():
    assert CATALOGUE.suggest([None, "childcare", "childcare"], "infrastructure") == [WAITING]


def test_the_chapters_indicator_stands_in_when_no_field_has_one():
    assert CATALOGUE.suggest(["snow", None], "infrastructure") == [TOWN]
    assert CATALOGUE.suggest([], "no_such_chapter") == []


def test_the_catalogue_file_groups_indicators_by_field_and_chapter_in_file_order(tmp_path):
    path = tmp_path / "kpis.toml"
    path.write_text(
        """
[[kpi]]
field = "public_transport"
name = "路線バスの年間利用者数"
unit = "人"
source = "交通事業者報告"
direction = "increase"

[[kpi]]
field = "public_transport"
name = "公共交通が使いやすいと感じる市民の割合"
unit = "％"
source = "市民意識調査"
direction = "increase"

[[chapter_kpi]]
chapter = "infrastructure"
name = "住み続けたいと思う市民の割合"
unit = "％"
source = "市民意識調査"
direction = "increase"
""",
        encoding="utf-8",
    )
    catalogue = kpi_catalogue(path)
    assert catalogue.by_field == {"public_transport": [RIDERS, EASY_TRANSIT]}
    assert catalogue.by_chapter == {"infrastructure": [TOWN]}


def test_an_indicator_without_a_direction_to_aim_for_is_refused(tmp_path):
    path = tmp_path / "kpis.toml"
    path.write_text(
        '[[kpi]]\nfield = "roads"\nname = "道路の数"\nunit = "本"\n'
        'source = "道路課調べ"\ndirection = "sideways"\n',
        encoding="utf-8",
    )
    with pytest.raises(msgspec.ValidationError, match="direction"):
        kpi_catalogue(path)
