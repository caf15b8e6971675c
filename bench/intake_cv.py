"""How well the intake rules generalize: per-component precision and recall, by fold and by provenance.

    .venv/bin/python bench/intake_cv.py                       # both corpora, 5 folds
    .venv/bin/python bench/intake_cv.py --folds 4 --corpus dev
    .venv/bin/python bench/intake_cv.py --held-out 013-040     # documents not looked at yet

Rules are written by people looking at failures, so a score on the documents that motivated the
rules says little about documents never seen. This bench prints what can be said honestly:

1. the whole corpus, per component: precision, recall, F1 (recall is where unseen text fails);
2. k folds by document (sorted names, dealt round-robin): each fold's macro F1 and each
   component's spread across folds — a component that is perfect on some folds and poor on
   others rests on a few documents;
3. provenance: docs/intake-rules.md names the documents that motivated each rule (dev/017,
   tasklists/015 …). Documents that no rule cites are scored apart — the nearest thing to
   unseen text in the corpus — and a rule citing a single document is listed as a smell;
4. rules as they fire: every extracted item carries the "rule" that produced it; a rule that
   fires on exactly one document of the corpus is listed (generalize it or drop it);
5. ``--held-out A-B``: documents A..B scored apart (e.g. a batch added to the corpus that the
   rules have not yet been tuned on: score it before looking at its failures).

Needs ../shared/corpus and ../shared/tools/score_extraction.py beside the project.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(SHARED / "tools"))

from luoshi.intake import IntakeError, extract  # noqa: E402

CORPORA = {"dev": ("dev", "dev-gold", "INDEX.md"), "tasklists": ("tasklists", "tasklists-gold", "SOURCES.md")}
COMPONENTS = ("title", "boilerplate", "names", "posts", "roles", "body", "session", "format", "agenda",
              "directives", "units", "commitments")
_PUBLISHED = re.compile(r"^\|\s*(\d{3})\.txt\s*\|.*?(\d{4}-\d{2}-\d{2})")
_CITED = re.compile(r"\b(dev|tasklists)/(\d{3})\b")


def published_dates(index: Path) -> dict[str, dt.date]:
    """Publication dates from the corpus index (the CLI's --published), where it gives one."""
    out = {}
    if index.exists():
        for line in index.read_text(encoding="utf-8").splitlines():
            m = _PUBLISHED.match(line)
            if m:
                out[m.group(1)] = dt.date.fromisoformat(m.group(2))
    return out


def extract_corpus(corpus: str) -> dict[str, dict]:
    texts, _gold, index = CORPORA[corpus]
    folder = SHARED / "corpus" / texts
    dates = published_dates(folder / index)
    records = {}
    for path in sorted(folder.glob("*.txt")):
        try:
            records[path.stem] = extract(path.read_bytes(), str(path), dates.get(path.stem))
        except IntakeError as exc:
            print(f"  {corpus}/{path.name}: refused: {exc}", file=sys.stderr)
    return records


def score_subset(corpus: str, records: dict[str, dict], keys: list[str]) -> dict:
    """score_extraction's result for the documents ``keys`` only (a gold folder of links)."""
    from score_extraction import score

    gold = SHARED / "corpus" / CORPORA[corpus][1]
    with tempfile.TemporaryDirectory() as tmp:
        tmp_gold = Path(tmp, "gold")
        tmp_gold.mkdir()
        with open(Path(tmp, "pred.jsonl"), "w", encoding="utf-8") as fh:
            for key in keys:
                if (gold / f"{key}.json").exists():
                    (tmp_gold / f"{key}.json").symlink_to(gold / f"{key}.json")
                if key in records:
                    fh.write(json.dumps(records[key], ensure_ascii=False) + "\n")
        return score(str(tmp_gold), str(Path(tmp, "pred.jsonl")), False)


def table(result: dict, title: str) -> None:
    print(f"\n{title}")
    print(f"  {'component':12s}   P      R      F1    (tp/pred/gold)")
    for name in COMPONENTS:
        v = result[name]
        if v["gold"] == 0 and v["pred"] == 0:
            continue
        print(f"  {name:12s} {v['precision']:.3f}  {v['recall']:.3f}  {v['f1']:.3f}  "
              f"({v['tp']}/{v['pred']}/{v['gold']})")
    print(f"  macro F1 {result['macro_f1']:.3f}")


def folds(corpus: str, records: dict[str, dict], keys: list[str], k: int) -> None:
    groups = [keys[i::k] for i in range(k)]
    per_component: dict[str, list[float]] = defaultdict(list)
    print(f"\n{corpus}: {k} folds by document")
    for i, group in enumerate(groups):
        result = score_subset(corpus, records, group)
        print(f"  fold {i + 1} ({len(group)} docs: {group[0]}…{group[-1]}) macro F1 {result['macro_f1']:.3f}")
        for name in COMPONENTS:
            if result[name]["gold"]:
                per_component[name].append(result[name]["f1"])
    print("  component      min    mean   max  (F1 across folds with gold)")
    for name, values in per_component.items():
        print(f"  {name:12s}  {min(values):.3f}  {statistics.mean(values):.3f}  {max(values):.3f}")


def cited_documents() -> tuple[dict[str, set[str]], list[str]]:
    """Documents cited by docs/intake-rules.md, and the rule lines that cite exactly one."""
    cited: dict[str, set[str]] = defaultdict(set)
    single = []
    rules = ROOT / "docs" / "intake-rules.md"
    for line in rules.read_text(encoding="utf-8").splitlines():
        refs = {(c, n) for c, n in _CITED.findall(line)}
        for corpus, num in refs:
            cited[corpus].add(num)
        if len(refs) == 1:
            single.append(line.strip()[:100])
    return cited, single


def rule_firings(records: dict[str, dict]) -> dict[str, set[str]]:
    """rule id -> documents in which it produced an item."""
    fired: dict[str, set[str]] = defaultdict(set)

    def walk(node, key: str) -> None:
        if isinstance(node, dict):
            rule = node.get("rule")
            if isinstance(rule, str) and rule:
                fired[rule].add(key)
            for value in node.values():
                walk(value, key)
        elif isinstance(node, list):
            for value in node:
                walk(value, key)

    for key, record in records.items():
        walk(record.get("meetings", []), key)
    return fired


def parse_range(text: str) -> set[str]:
    a, _, b = text.partition("-")
    return {f"{n:03d}" for n in range(int(a), int(b or a) + 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", choices=[*CORPORA, "all"], default="all")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--held-out", help="document numbers scored apart, e.g. 013-040 (dev corpus)")
    args = ap.parse_args()
    if not (SHARED / "corpus").is_dir():
        sys.exit(f"intake_cv: {SHARED / 'corpus'} not found")

    cited, single = cited_documents()
    all_fired: dict[str, set[str]] = defaultdict(set)
    for corpus in CORPORA if args.corpus == "all" else [args.corpus]:
        records = extract_corpus(corpus)
        keys = sorted(records)
        table(score_subset(corpus, records, keys), f"{corpus}: all {len(keys)} documents")
        folds(corpus, records, keys, args.folds)
        uncited = [k for k in keys if k not in cited[corpus]]
        if uncited and len(uncited) < len(keys):
            table(score_subset(corpus, records, uncited),
                  f"{corpus}: {len(uncited)} documents no rule in docs/intake-rules.md cites")
        if args.held_out and corpus == "dev":
            held = sorted(parse_range(args.held_out) & set(keys))
            table(score_subset(corpus, records, held), f"{corpus}: held out {held[0]}–{held[-1]}")
        for rule, docs in rule_firings(records).items():
            all_fired[rule] |= {f"{corpus}/{d}" for d in docs}

    if all_fired:
        print(f"\nrules as they fire: {len(all_fired)} rule ids")
        lonely = sorted(rule for rule, docs in all_fired.items() if len(docs) == 1)
        for rule in sorted(all_fired, key=lambda r: -len(all_fired[r])):
            print(f"  {len(all_fired[rule]):3d} docs  {rule}")
        if lonely:
            print("  fires on one document only (generalize or drop): "
                  + ", ".join(f"{r} ({next(iter(all_fired[r]))})" for r in lonely))
    if single:
        print(f"\nrule lines in docs/intake-rules.md citing a single document ({len(single)}):")
        for line in single:
            print(f"  {line}")


if __name__ == "__main__":
    main()
