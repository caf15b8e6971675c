"""Benchmark of luoshi.search: index build time and query time on a copy of a bench database.

    cp var/bench/scale-10k.pristine.sqlite3 /tmp/bench.sqlite3     # never the pristine file
    LUOSHI_DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/search.py

Migrates the copy, times `rebuild` (twice: the second run
is the idempotent re-run), then times each query of QUERIES for an office user
and for a unit reporter (median of --repeat runs of: counts per kind + the
first page of every kind's section, what the results page reads).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")

# One and two characters, a word in either script, a phrase, a long sentence, a Latin word.
QUERIES = ["湾", "城市", "推進", "城市更新", "高质量发展", "营商环境优化提升", "关于加快推进城市更新和老旧小区改造的实施意见", "GDP"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-rebuild", action="store_true", help="time the queries on the index as it is")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from luoshi.accounts.models import User
    from luoshi.search import indexer
    from luoshi.search.models import SearchEntry
    from luoshi.search.query import search
    from luoshi.work.models import Task

    if "sqlite" in connection.vendor and "pristine" in str(connection.settings_dict["NAME"]):
        sys.exit("bench: refusing to write the pristine database; copy it first")
    call_command("migrate", verbosity=0)  # the copy may predate recent migrations
    print(f"engine: {connection.vendor}; tasks: {Task.objects.count()}")
    for run in () if args.no_rebuild else ("first", "again"):
        t = time.perf_counter()
        counts = indexer.rebuild()
        print(f"rebuild ({run}): {time.perf_counter() - t:.1f} s, {sum(counts.values())} entries {counts}")
    print(f"entries: {SearchEntry.objects.count()}")

    users = {
        "office": User.objects.filter(role=User.Role.OFFICE_ADMIN, is_active=True).first(),
        "unit": User.objects.filter(role=User.Role.UNIT_REPORTER, is_active=True).first(),
    }
    print(f"{'query':<24} {'user':<7} {'hits':>6} {'median ms':>10}")
    for q in QUERIES:
        for label, user in users.items():
            if user is None:
                continue
            times, total = [], 0
            for _ in range(args.repeat):
                if hasattr(user, "_luoshi_unit_ids"):
                    del user._luoshi_unit_ids
                t = time.perf_counter()
                results = search(user, q)
                for kind in results.counts:
                    list(results.entries.filter(kind=kind)[:10])
                times.append((time.perf_counter() - t) * 1000)
                total = results.total
            print(f"{q[:22]:<24} {label:<7} {total:>6} {statistics.median(times):>10.1f}")


if __name__ == "__main__":
    main()
