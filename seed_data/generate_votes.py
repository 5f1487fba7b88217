#!/usr/bin/env python3
"""Generate seed_data/votes.csv (投票) for the demo city from the stance table.

Every resident votes on a random 30–70 % of the main process's proposals (at least
``min_votes``); each vote is drawn from the probabilities that ``vote_stances.json``
gives for the resident's ``opinion_group`` and the proposal's ``theme_label``.
Authors always agree with their own proposals. Standard library only and a fixed
seed, so running this script reproduces votes.csv byte for byte:

    python3 seed_data/generate_votes.py            # rewrites seed_data/votes.csv
    python3 seed_data/generate_votes.py -o out.csv # writes elsewhere
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
from pathlib import Path

SEED_DIR = Path(__file__).resolve().parent
VOTE_VALUES = ("agree", "disagree", "pass")


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _draw(rng: random.Random, stance: dict[str, float]) -> str:
    """Pick agree / disagree / pass with the stance's probabilities."""
    roll = rng.random()
    cumulative = 0.0
    for value in VOTE_VALUES:
        cumulative += stance[value]
        if roll < cumulative:
            return value
    return VOTE_VALUES[-1]


def generate_votes(seed_dir: Path = SEED_DIR) -> list[tuple[str, str, str]]:
    """Return (resident handle, proposal key, value) rows in a stable order."""
    stances = json.loads((seed_dir / "vote_stances.json").read_text(encoding="utf-8"))
    residents = _read_csv(seed_dir / "residents.csv")
    proposals = [
        p for p in _read_csv(seed_dir / "proposals.csv") if p["process"] == stances["process"]
    ]
    participation = stances["participation"]
    rng = random.Random(stances["seed"])

    rows: list[tuple[str, str, str]] = []
    for resident in residents:
        group = stances["groups"][resident["opinion_group"]]
        share = rng.uniform(participation["min_share"], participation["max_share"])
        count = max(participation["min_votes"], round(share * len(proposals)))
        chosen = set(rng.sample(range(len(proposals)), count))
        if stances["authors_agree_with_own_proposals"]:
            chosen |= {i for i, p in enumerate(proposals) if p["author"] == resident["handle"]}
        for index in sorted(chosen):
            proposal = proposals[index]
            # Draw for every chosen proposal, so an author's own votes do not shift the stream.
            value = _draw(rng, group[proposal["theme_label"]])
            if (
                proposal["author"] == resident["handle"]
                and stances["authors_agree_with_own_proposals"]
            ):
                value = "agree"
            rows.append((resident["handle"], proposal["key"], value))
    return rows


def render_csv(rows: list[tuple[str, str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("resident", "proposal", "value"))
    writer.writerows(rows)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=SEED_DIR / "votes.csv")
    args = parser.parse_args(argv)
    text = render_csv(generate_votes())
    args.output.write_bytes(text.encode("utf-8"))
    print(f"wrote {text.count(chr(10)) - 1} votes to {args.output}")


if __name__ == "__main__":
    main()
