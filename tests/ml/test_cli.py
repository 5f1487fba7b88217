"""python -m ml themes / opinions."""

import csv
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_themes_command_prints_json(tmp_path, pubcom_slice):
    path = tmp_path / "in.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "text"])
        w.writerows(pubcom_slice[:30])
    out = subprocess.run(
        [sys.executable, "-m", "ml", "themes", str(path), "--backend", "tfidf", "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result = json.loads(out.stdout)
    assert result["backend"] == "tfidf"
    assert len(result["assignments"]) == 30


def test_opinions_command_reads_polis_votes(tmp_path, data_dir):
    src = data_dir / "polis" / "15-per-hour-seattle" / "votes.csv"
    out = subprocess.run(
        [sys.executable, "-m", "ml", "opinions", str(src), "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result = json.loads(out.stdout)
    assert len(result["groups"]) >= 2
