"""`manage.py send_reminders [--date YYYY-MM-DD] [--dry-run]`: today's reminder digests.

Run it once a day from cron or a systemd timer (docs/reminders.md). Running it
again the same day sends nothing new; it only retries e-mails that failed.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from luoshi.supervision.digest import send_digests


class Command(BaseCommand):
    help = "Send each unit user one digest of what is due today (nothing when nothing is due)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to send for, YYYY-MM-DD (default: today)")
        parser.add_argument("--dry-run", action="store_true", help="list what would be sent; write and send nothing")

    def handle(self, *args, date, dry_run, **options):
        try:
            day = dt.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"--date must be YYYY-MM-DD, not {date!r}") from None
        result = send_digests(day, dry_run=dry_run)
        if dry_run:
            for username, messages in result.planned.items():
                self.stdout.write(f"{username}:")
                for message in messages:
                    self.stdout.write(f"  - {message}")
        verb = "would send" if dry_run else "sent"
        self.stdout.write(
            f"{result.date.isoformat()}: {verb} {result.digests} digests ({result.items} items), "
            f"e-mailed {result.emailed}, already sent {result.already_sent}, e-mail failed {result.failed}"
        )
        if result.failed:
            # A non-zero exit makes cron/systemd report it; the reminders are kept in-app.
            raise CommandError(f"{result.failed} e-mails failed; run again to retry them")
