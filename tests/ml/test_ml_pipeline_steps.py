"""The analysis as a pipeline of steps: same outputs as before, swappable steps, typed stages."""

import csv
import hashlib
import json
from pathlib import Path

import msgspec

from ml import analyse
from ml.embed import TfidfEmbedder

SEED_DATA = Path(__file__).resolve().parents[2] / "seed_data"

# sha256 of the Analysis (stage timings blanked) that the single ``analyse`` function produced
# before it became a pipeline of steps (commit c13524f). The refactor must not change a byte.
# If a deliberate change to the method alters them, print the new values with
# ``fingerprints(pubcom_slice)`` and say why in the commit.
FINGERPRINTS = {
    "pubcom_auto": "768e9460afcd7cd9cecba9a5340f96eadfecb0fd243ac76b91de013f4bc64191",
    "pubcom_fixed": "301c539fa2237028b51b68c1f78a13ec13e77036677cabf0b1e78be76ef62c78",
    "demo_city": "148b91a3b418e2d1fefb4aff3c082d7e15041ddcb17076e6c2ce6d6abc66081e",
}


def fingerprint(analysis) -> str:
    metrics = msgspec.structs.replace(analysis.metrics, seconds={})
    blanked = msgspec.structs.replace(analysis, metrics=metrics)
    return hashlib.sha256(msgspec.json.encode(blanked)).hexdigest()


def demo_city():
    with open(SEED_DATA / "proposals.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(SEED_DATA / "votes.csv", newline="", encoding="utf-8") as f:
        value = {"agree": 1, "disagree": -1, "pass": 0}
        votes = [(v["resident"], v["proposal"], value[v["value"]]) for v in csv.DictReader(f)]
    city = json.loads((SEED_DATA / "city.json").read_text(encoding="utf-8"))
    places = [d[k] for d in city["districts"] for k in ("name_ja", "name_en")]
    proposals = [
        {"id": r["key"], "text": f"{r['title']}\n{r['body']}", "lang": r["language"]} for r in rows
    ]
    return proposals, votes, places


def fingerprints(pubcom_slice) -> dict[str, str]:
    proposals, votes, places = demo_city()
    return {
        "pubcom_auto": fingerprint(analyse(pubcom_slice, embedder=TfidfEmbedder(), random_state=7)),
        "pubcom_fixed": fingerprint(
            analyse(pubcom_slice, embedder=TfidfEmbedder(), n_themes=4, n_subthemes=9)
        ),
        "demo_city": fingerprint(
            analyse(proposals, votes, embedder=TfidfEmbedder(), place_names=places)
        ),
    }


def test_the_pipeline_gives_byte_identical_results_to_the_single_function(pubcom_slice):
    assert fingerprints(pubcom_slice) == FINGERPRINTS
