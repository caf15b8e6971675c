"""Score the whole pipeline on the shared development corpus (skipped when it is absent)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .iohelpers import ROOT, cli

SHARED = (Path(__file__).parents[2] / ".." / "shared").resolve()
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not (SHARED / "corpus" / "dev-gold").is_dir(), reason="../shared/corpus not present"),
]


def _score(corpus: str, gold: str, tmp_path: Path) -> dict:
    files = sorted(str(p) for p in (SHARED / "corpus" / corpus).glob("*.txt"))
    proc = cli("extract", *files, "--format", "jsonl", "--jobs", "2", timeout=300)
    assert proc.returncode == 0, proc.stderr.decode("utf-8")
    pred = tmp_path / f"{corpus}.jsonl"
    pred.write_bytes(proc.stdout)
    scored = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "score_extraction.py"), "--gold", str(SHARED / "corpus" / gold),
         "--pred", str(pred), "--json"],
        capture_output=True, check=True, cwd=ROOT,
    )
    return json.loads(scored.stdout)


def test_dev_corpus_score(tmp_path: Path) -> None:
    result = _score("dev", "dev-gold", tmp_path)
    assert result["missing_predictions"] == []
    assert result["title"]["f1"] >= 0.9
    assert result["boilerplate"]["f1"] >= 0.9
    assert result["macro_f1"] >= 0.80


def test_tasklist_corpus_score(tmp_path: Path) -> None:
    result = _score("tasklists", "tasklists-gold", tmp_path)
    assert result["missing_predictions"] == []
    assert result["macro_f1"] >= 0.80
