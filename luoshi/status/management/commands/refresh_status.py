"""`manage.py refresh_status [--date YYYY-MM-DD] [--all]`: move every task's light to today.

Run it once a day, just after midnight and before `send_reminders`, from the
same cron job or systemd timer (docs/reminders.md). Running it again the same
day changes nothing: only rows computed for another day are touched.

On SQLite it then brings the query planner's statistics up to date where they
are missing or stale (luoshi.lib.sqlite: the daily `PRAGMA optimize`); most
days nothing needs it and the check costs a COUNT per table.
"""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from luoshi.lib.sqlite import update_statistics
from luoshi.status.maintain import refresh_all, refresh_day


class Command(BaseCommand):
    help = "Move each task's stored light to today (overdue, at risk, expected percent), in batches."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to compute for, YYYY-MM-DD (default: today)")
        parser.add_argument("--all", action="store_true",
                            help="recompute every task from its reports too (after a bulk load or a change of "
                                 "the LUOSHI_LIGHT_* settings)")
        parser.add_argument("--batch", type=int, default=2000, help="rows per transaction (default 2000)")

    def handle(self, *args, date, all, batch, **options):
        try:
            day = dt.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"--date must be YYYY-MM-DD, not {date!r}") from None
        day = day or timezone.localdate()
        started = time.monotonic()
        if all:
            n = refresh_all(day, batch)
            self.stdout.write(f"recomputed {n} tasks in {time.monotonic() - started:.1f} s")
        else:
            relit, created = refresh_day(day, batch)
            self.stdout.write(f"{day.isoformat()}: relit {relit} tasks, created {created} missing rows "
                              f"in {time.monotonic() - started:.1f} s")
        started = time.monotonic()
        analyzed = update_statistics(connection)
        if analyzed:
            what = "every table" if analyzed == ["*"] else ", ".join(analyzed)
            self.stdout.write(f"planner statistics: analyzed {what} in {time.monotonic() - started:.1f} s")
