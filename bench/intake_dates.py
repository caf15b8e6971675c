"""How many meetings of the development reports get a date, as written and resolved.

    .venv/bin/python bench/intake_dates.py [--corpus ../shared/corpus] [--no-published]

Each dev/*.txt is read with its publication date from dev/INDEX.md (as ``--published``; with
``--no-published`` the intake finds a dateline itself, as for a file dropped on the intake page).
Prints the counts, each meeting without a date text or value, and where a gold file exists
whether the date text agrees with the careful reader's ``date_text``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from luoshi.intake import extract  # noqa: E402


def published_dates(index: Path) -> dict[str, dt.date | None]:
    """file name -> publication date, from the INDEX.md table (``unknown`` -> None)."""
    out: dict[str, dt.date | None] = {}
    for line in index.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and re.fullmatch(r"\d+\.txt", cells[0]):
            try:
                out[cells[0]] = dt.date.fromisoformat(cells[3])
            except ValueError:
                out[cells[0]] = None
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--no-published", action="store_true", help="do not pass INDEX.md dates")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    dates = published_dates(corpus / "dev" / "INDEX.md")
    total = texts = values = agree = golds = 0
    missing: list[str] = []
    for path in sorted((corpus / "dev").glob("*.txt")):
        published = None if args.no_published else dates.get(path.name)
        record = extract(path.read_bytes(), path.name, published)
        gold_path = corpus / "dev-gold" / (path.stem + ".json")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))["meetings"] if gold_path.exists() else []
        for i, meeting in enumerate(record["meetings"]):
            date = meeting.get("date") or {}
            total += 1
            texts += bool(date.get("text"))
            values += bool(date.get("value"))
            if i < len(gold):
                golds += 1
                agree += (date.get("text") or "") == (gold[i].get("date_text") or "")
            if not date.get("value"):
                want = gold[i].get("date_text") if i < len(gold) else "?"
                missing.append(f"  {path.name}#{i}: text={date.get('text')!r} value=None "
                               f"published={record.get('published')} gold={want!r}")
            elif i < len(gold) and date.get("text") != gold[i].get("date_text"):
                missing.append(f"  {path.name}#{i}: text={date.get('text')!r} value={date['value']} "
                               f"gold={gold[i].get('date_text')!r} (text differs)")
    print(f"meetings {total}: date text {texts}, resolved value {values}, "
          f"text as the gold has it {agree}/{golds}")
    print("\n".join(missing) if missing else "every meeting has a resolved date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
