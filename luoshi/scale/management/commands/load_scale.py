"""manage.py load_scale: a programme of a given size, for benchmarks (bench/web.py) and scale tests.

    manage.py load_scale --tasks 100000 --reports 1000000 --users 5000

Refuses a database that already holds tasks unless --force (which adds a
second programme beside the first, with its own names and accounts). The
same --seed and --today give the same rows.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from luoshi.scale.builder import ScaleError, Size, build


class Command(BaseCommand):
    help = "Build a large programme in bulk (tasks, reports, users, units, rounds, events) for benchmarks."

    def add_arguments(self, parser) -> None:
        d = Size()
        parser.add_argument("--tasks", type=int, default=d.tasks)
        parser.add_argument("--reports", type=int, default=d.reports, help="progress reports, versions included")
        parser.add_argument("--users", type=int, default=d.users)
        parser.add_argument("--units", type=int, default=None,
                            help="reporting units and bodies (default: one per 16 users, 20 to 300)")
        parser.add_argument("--rounds", type=int, default=d.rounds, help="monthly periods of the programme")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                            help="the day the programme has reached (default: today)")
        parser.add_argument("--password", default="Luoshi-scale-2026", help="every account's password")
        parser.add_argument("--force", action="store_true", help="add a programme to a database that has one")

    def handle(self, *args, **o) -> None:
        units = o["units"] or min(300, max(20, o["users"] // 16))
        if not (10 <= units <= 600) or o["tasks"] < 1 or o["users"] < 10 or o["reports"] < 0 or o["rounds"] < 2:
            raise CommandError("need 10–600 units, at least 1 task, 10 users and 2 rounds")
        size = Size(tasks=o["tasks"], reports=o["reports"], users=o["users"], units=units, rounds=o["rounds"])
        today = o["today"] or timezone.localdate()
        try:
            result = build(size, o["seed"], today, o["password"], force=o["force"])
        except ScaleError as exc:
            raise CommandError(str(exc)) from exc

        self.stdout.write(f"Built in {result.total_seconds:.1f} s (seed {o['seed']}, today {today})")
        for step, seconds in result.steps.items():
            self.stdout.write(f"  {step:<36} {seconds:8.1f} s")
        self.stdout.write("Rows written (table, rows, seconds spent writing):")
        for label, rows in sorted(result.rows.items(), key=lambda kv: -kv[1]):
            self.stdout.write(f"  {label:<36} {rows:>10,} {result.seconds[label]:8.1f} s")
        self.stdout.write(f"Large plan: {result.large_plan}")
        self.stdout.write(f"Busiest unit: {result.busiest_unit} ({result.busiest_tasks:,} tasks)")
        accounts = result.accounts
        self.stdout.write(f"Accounts (password {accounts.pop('password')}): "
                          + ", ".join(f"{role} {name}" for role, name in accounts.items()))
