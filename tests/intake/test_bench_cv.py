"""bench/intake_cv.py runs on the shared corpus and prints per-component precision and recall by fold."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .iohelpers import ROOT

SHARED = (Path(__file__).parents[2] / ".." / "shared").resolve()
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not (SHARED / "corpus" / "tasklists-gold").is_dir(), reason="../shared/corpus not present"),
]


def test_the_generalization_bench_prints_folds_and_precision_and_recall():
    proc = subprocess.run([sys.executable, "bench/intake_cv.py", "--corpus", "tasklists", "--folds", "3"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "tasklists: all 16 documents" in out
    assert out.count("  fold ") == 3
    units = next(line.split() for line in out.splitlines() if line.strip().startswith("units "))
    precision, recall, f1 = (float(x) for x in units[1:4])
    assert 0 < precision <= 1 and 0 < recall <= 1
    assert abs(f1 - 2 * precision * recall / (precision + recall)) < 0.002
