"""Confidence of an extracted item: the measured precision of the rule that produced it.

Each data file of a rule family (``meeting.json``, ``agenda.json``, ``directives.json``) has
a ``"confidence"`` table: rule id -> precision of that rule on the development corpus, with
``"_default"`` for rules seen fewer than five times there. The review page marks items
below its threshold so a reviewer looks at them first.
"""

from __future__ import annotations

from . import lexicon

DEFAULT = 0.6


def of(data_file: str, rule: str) -> float:
    table = lexicon.load_json(data_file).get("confidence") or {}
    value = table.get(rule, table.get("_default", DEFAULT))
    return round(float(value), 3)


def mark(item: dict, data_file: str, rule: str) -> dict:
    """``item`` with its additive ``rule`` and ``confidence`` keys."""
    item["rule"] = rule
    item["confidence"] = of(data_file, rule)
    return item
