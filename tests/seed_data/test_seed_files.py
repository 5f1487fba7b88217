"""The demo city in seed_data/ is complete, consistent and reproducible."""

from __future__ import annotations

import csv
import difflib
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[2] / "seed_data"
MAIN = "midori-vision-2035"
PHASES = ["ideas", "voting", "themes", "draft", "feedback", "closed"]
LANGUAGES = {"ja", "en", "pt", "vi"}
CHANNELS = {"online", "paper", "meeting", "phone"}
VOTE_VALUES = {"agree", "disagree", "pass"}
HEADERS = {
    "residents.csv": [
        "handle",
        "display_name",
        "email",
        "district",
        "age_band",
        "language",
        "opinion_group",
    ],
    "proposals.csv": [
        "key",
        "process",
        "author",
        "channel",
        "district",
        "language",
        "title",
        "body",
        "tags",
        "theme_label",
        "created_at",
    ],
    "comments.csv": ["key", "proposal", "author", "parent", "body"],
    "votes.csv": ["resident", "proposal", "value"],
}


def read_csv(name: str) -> list[dict[str, str]]:
    raw = (SEED / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), f"{name} must be UTF-8 without a BOM"
    with (SEED / name).open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == HEADERS[name]
        rows = list(reader)
    for row in rows:
        assert None not in row and all(v is not None for v in row.values()), (
            f"ragged row in {name}: {row}"
        )
    return rows


@pytest.fixture(scope="module")
def city() -> dict:
    return json.loads((SEED / "city.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def processes() -> list[dict]:
    return json.loads((SEED / "processes.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def stances() -> dict:
    return json.loads((SEED / "vote_stances.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def residents() -> list[dict[str, str]]:
    return read_csv("residents.csv")


@pytest.fixture(scope="module")
def proposals() -> list[dict[str, str]]:
    return read_csv("proposals.csv")


@pytest.fixture(scope="module")
def main_proposals(proposals) -> list[dict[str, str]]:
    return [p for p in proposals if p["process"] == MAIN]


@pytest.fixture(scope="module")
def comments() -> list[dict[str, str]]:
    return read_csv("comments.csv")


@pytest.fixture(scope="module")
def votes() -> list[dict[str, str]]:
    return read_csv("votes.csv")


@pytest.fixture(scope="module")
def district_codes(city) -> set[str]:
    return {d["code"] for d in city["districts"]}


# ---- city.json ----


def test_city_has_names_at_least_eight_districts_and_the_age_bands(city):
    assert city["city"]["name_ja"] and city["city"]["name_en"]
    codes = [d["code"] for d in city["districts"]]
    assert len(codes) >= 8 and len(set(codes)) == len(codes)
    for d in city["districts"]:
        assert re.fullmatch(r"[a-z][a-z_]*", d["code"]) and d["name_ja"] and d["name_en"]
    assert city["age_bands"] == ["under_20", "20s", "30s", "40s", "50s", "60s", "70_plus"]


def test_demo_accounts_exist_for_every_role(city):
    by_email = {s["email"]: s for s in city["staff"]}
    assert by_email["planner@example.jp"]["role"] == "planner"
    assert by_email["council@example.jp"]["role"] == "council"
    assert by_email["admin@example.jp"]["role"] == "admin"
    assert by_email["resident@example.jp"]["role"] == "resident"
    for account in city["staff"]:
        assert set(account) == {"email", "display_name", "role", "password"}
        assert account["password"].startswith("kyoso-demo-") and account["display_name"]


# ---- processes.json ----


def test_processes_have_valid_ordered_phases(processes):
    slugs = [p["slug"] for p in processes]
    assert len(set(slugs)) == len(slugs)
    for process in processes:
        for field in ("title_ja", "title_en", "description_ja", "description_en"):
            assert process[field]
        names = [ph["phase"] for ph in process["phases"]]
        assert set(names) <= set(PHASES) and len(set(names)) == len(names)
        assert names == sorted(names, key=PHASES.index), f"{process['slug']}: phases out of order"
        assert process["phase"] in names
        previous_end = None
        for ph in process["phases"]:
            start, end = date.fromisoformat(ph["starts_on"]), date.fromisoformat(ph["ends_on"])
            assert start <= end
            if previous_end is not None:
                assert start > previous_end, (
                    f"{process['slug']}: {ph['phase']} overlaps the phase before"
                )
            previous_end = end


def test_the_main_process_is_voting_and_a_finished_one_is_closed(processes):
    by_slug = {p["slug"]: p for p in processes}
    assert by_slug[MAIN]["phase"] == "voting"
    assert [ph["phase"] for ph in by_slug[MAIN]["phases"]] == PHASES
    assert any(p["phase"] == "closed" for p in processes)


# ---- residents.csv ----


def test_residents_cover_every_district_and_age_band(residents, city, district_codes, stances):
    assert len(residents) >= 110
    handles = [r["handle"] for r in residents]
    emails = [r["email"] for r in residents]
    assert len(set(handles)) == len(handles) and len(set(emails)) == len(emails)
    for r in residents:
        assert r["district"] in district_codes
        assert r["age_band"] in city["age_bands"]
        assert r["language"] in LANGUAGES
        assert r["opinion_group"] in stances["groups"]
        assert r["display_name"] and r["email"].endswith("@example.jp")
    assert {r["district"] for r in residents} == district_codes
    assert {r["age_band"] for r in residents} == set(city["age_bands"])
    assert 2 <= len({r["opinion_group"] for r in residents}) <= 3
    assert {"en", "pt", "vi"} <= {r["language"] for r in residents}


def test_exactly_one_district_has_exactly_three_residents(residents, proposals):
    per_district = Counter(r["district"] for r in residents)
    small = [d for d, n in per_district.items() if n == 3]
    assert small == ["yamanoue"]
    # Every other district is large enough that "<5" shows only for the small one.
    assert all(n >= 5 for d, n in per_district.items() if d != "yamanoue")
    # No staff-entered submission is filed under it, so its participants stay the same 3 people.
    assert not [p["key"] for p in proposals if p["district"] == "yamanoue" and not p["author"]]


# ---- proposals.csv ----


def test_proposals_refer_to_existing_processes_authors_and_districts(
    proposals, processes, residents, district_codes
):
    process_by_slug = {p["slug"]: p for p in processes}
    by_handle = {r["handle"]: r for r in residents}
    keys = [p["key"] for p in proposals]
    assert len(set(keys)) == len(keys)
    for p in proposals:
        assert re.fullmatch(r"p\d{3,}", p["key"])
        assert p["process"] in process_by_slug
        assert p["channel"] in CHANNELS
        assert p["district"] in district_codes
        assert p["language"] in LANGUAGES
        assert p["title"].strip() and p["body"].strip()
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", p["theme_label"])
        if p["tags"]:
            assert all(tag.strip() for tag in p["tags"].split(";"))
        if p["channel"] == "online":
            author = by_handle[p["author"]]
            assert author["district"] == p["district"] and author["language"] == p["language"]
        else:
            assert p["author"] == "", "paper / meeting / phone submissions are entered by staff"


def test_proposals_were_created_during_the_ideas_phase(proposals, processes):
    ideas = {p["slug"]: next(ph for ph in p["phases"] if ph["phase"] == "ideas") for p in processes}
    for p in proposals:
        created = datetime.fromisoformat(p["created_at"])
        assert created.utcoffset() == timedelta(hours=9), p["key"]
        window = ideas[p["process"]]
        assert (
            date.fromisoformat(window["starts_on"])
            <= created.date()
            <= date.fromisoformat(window["ends_on"])
        )


def test_the_main_process_has_enough_balanced_themes(main_proposals):
    assert len(main_proposals) >= 170
    per_theme = Counter(p["theme_label"] for p in main_proposals)
    assert len(per_theme) >= 9
    assert all(12 <= n <= 25 for n in per_theme.values()), per_theme


def test_the_main_process_has_several_languages_and_channels(main_proposals):
    per_language = Counter(p["language"] for p in main_proposals)
    assert per_language["en"] >= 12 and per_language["pt"] >= 3 and per_language["vi"] >= 3
    offline = sum(p["channel"] != "online" for p in main_proposals)
    assert 0.10 <= offline / len(main_proposals) <= 0.20
    assert {p["channel"] for p in main_proposals} == CHANNELS
    japanese = [len(p["body"]) for p in main_proposals if p["language"] == "ja"]
    assert min(japanese) >= 20 and max(japanese) <= 300
    assert min(japanese) < 40 and max(japanese) > 200, "bodies should vary in length"


def test_bus_frequency_appears_for_the_japanese_search_check(main_proposals):
    assert any("路線バスの本数" in p["title"] + p["body"] for p in main_proposals)


def test_exactly_one_proposal_carries_the_planted_personal_data(proposals):
    planted = [p for p in proposals if "090-1234-5678" in p["body"]]
    assert len(planted) == 1
    assert "taro.yamada@example.com" in planted[0]["body"] and planted[0]["process"] == MAIN
    assert sum("taro.yamada@example.com" in p["title"] + p["body"] for p in proposals) == 1


def test_an_organised_campaign_of_near_duplicates_exists(main_proposals):
    groups: list[list[dict[str, str]]] = []
    for p in main_proposals:
        for group in groups:
            if difflib.SequenceMatcher(None, group[0]["body"], p["body"]).ratio() >= 0.9:
                group.append(p)
                break
        else:
            groups.append([p])
    campaigns = [g for g in groups if len(g) >= 5]
    assert len(campaigns) == 1 and len(campaigns[0]) <= 6
    assert len({p["theme_label"] for p in campaigns[0]}) == 1


def test_the_closed_process_has_about_twenty_proposals(proposals, processes):
    closed = {p["slug"] for p in processes if p["phase"] == "closed"}
    assert 15 <= sum(p["process"] in closed for p in proposals) <= 30


# ---- comments.csv ----


def test_comments_refer_to_existing_things_with_one_level_of_replies(
    comments, proposals, residents
):
    proposal_keys = {p["key"] for p in proposals}
    handles = {r["handle"] for r in residents}
    by_key: dict[str, dict[str, str]] = {}
    assert len(comments) >= 70
    for c in comments:
        assert c["key"] not in by_key
        assert c["proposal"] in proposal_keys and c["author"] in handles and c["body"].strip()
        if c["parent"]:
            parent = by_key[c["parent"]]  # parents come first in the file
            assert parent["parent"] == "", "only one level of replies"
            assert parent["proposal"] == c["proposal"]
        by_key[c["key"]] = c
    assert sum(bool(c["parent"]) for c in comments) >= 10


# ---- votes ----


def test_votes_are_valid_and_every_resident_has_enough(votes, residents, main_proposals, stances):
    main_keys = {p["key"] for p in main_proposals}
    handles = {r["handle"] for r in residents}
    pairs = [(v["resident"], v["proposal"]) for v in votes]
    assert len(set(pairs)) == len(pairs), "one vote per resident and proposal"
    for v in votes:
        assert v["resident"] in handles and v["proposal"] in main_keys and v["value"] in VOTE_VALUES
    per_resident = Counter(v["resident"] for v in votes)
    assert set(per_resident) == handles
    assert min(per_resident.values()) >= stances["participation"]["min_votes"]


def test_stance_table_covers_every_group_and_theme(stances, main_proposals):
    themes = {p["theme_label"] for p in main_proposals}
    for group in stances["groups"].values():
        assert set(group) == themes
        for stance in group.values():
            assert set(stance) == VOTE_VALUES and abs(sum(stance.values()) - 1) < 1e-9
    for theme in stances["consensus_themes"]:
        assert all(g[theme]["agree"] >= 0.6 for g in stances["groups"].values())
    for theme in stances["divisive_themes"]:
        agree = [g[theme]["agree"] for g in stances["groups"].values()]
        assert max(agree) - min(agree) >= 0.5


def test_generate_votes_reproduces_votes_csv_byte_for_byte(tmp_path):
    out = tmp_path / "votes.csv"
    subprocess.run(
        [sys.executable, str(SEED / "generate_votes.py"), "-o", str(out)],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == (SEED / "votes.csv").read_bytes()


def test_opinion_groups_are_recoverable_from_the_votes(votes, residents):
    """A Pol.is-style analysis (mean imputation, 2-D PCA, k-means) finds the seeded groups."""
    np = pytest.importorskip("numpy")
    pytest.importorskip("sklearn")
    from sklearn.cluster import KMeans
    from sklearn.decomposition import PCA
    from sklearn.metrics import adjusted_rand_score

    row = {r["handle"]: i for i, r in enumerate(residents)}
    column = {k: j for j, k in enumerate(sorted({v["proposal"] for v in votes}))}
    matrix = np.full((len(row), len(column)), np.nan)
    numeric = {"agree": 1.0, "disagree": -1.0, "pass": 0.0}
    for v in votes:
        matrix[row[v["resident"]], column[v["proposal"]]] = numeric[v["value"]]
    filled = np.where(np.isnan(matrix), np.nanmean(matrix, axis=0), matrix)
    points = PCA(n_components=2, random_state=0).fit_transform(filled)
    labels = KMeans(n_clusters=3, n_init=10, random_state=0).fit_predict(points)
    truth = [r["opinion_group"] for r in residents]
    assert adjusted_rand_score(truth, labels) >= 0.9


# ---- general ----


def test_csv_files_end_with_a_newline_and_have_no_blank_lines():
    for name in HEADERS:
        text = (SEED / name).read_text(encoding="utf-8")
        assert text.endswith("\n") and "\n\n" not in text


def test_stored_data_uses_only_placeholder_email_domains(residents, proposals, comments):
    addresses = [r["email"] for r in residents]
    for p in proposals:
        addresses += re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", p["title"] + " " + p["body"])
    for c in comments:
        addresses += re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", c["body"])
    assert all(a.split("@")[1] in {"example.jp", "example.com"} for a in addresses)
    grouped = defaultdict(list)
    for a in addresses:
        grouped[a.split("@")[1]].append(a)
    assert grouped["example.com"] == ["taro.yamada@example.com"]
