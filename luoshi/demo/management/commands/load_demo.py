"""manage.py load_demo: load the sample programme and print the demo accounts.

Safe to re-run: only what is missing is created (see luoshi.demo.builder).
The plenary and its plan come from a sample report read and confirmed
through the intake flow; the first run lists the corrections its review made.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from luoshi.demo import content
from luoshi.demo.builder import DemoError, build


class Command(BaseCommand):
    help = "Load the sample programme (Jiangsu YRD leading group, 2026) and print the demo accounts."

    def handle(self, *args, **options) -> None:
        try:
            result = build()
        except DemoError as exc:
            raise CommandError(str(exc)) from exc

        if result.total:
            self.stdout.write(f"Sample data: {result.total} rows created")
            for label, count in sorted(result.created.items()):
                self.stdout.write(f"  {label:<28} {count:>4}")
        else:
            self.stdout.write("Sample data already loaded: 0 rows created")
        if result.corrections:
            # The sample report went through the intake; this is what the office corrected in its reading.
            self.stdout.write("")
            self.stdout.write(f"Review of the sample report: {len(result.corrections)} corrections to the reading")
            for note in result.corrections:
                self.stdout.write(f"  - {note}")

        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password for all: {content.PASSWORD})")
        rows = [("username", "name", "role", "unit")]
        for user in result.personas:
            rows.append((user.username, user.display_name, user.role,
                         str(user.organization.short_name or user.organization.name) if user.organization else "—"))
        widths = [max(_width(row[i]) for row in rows) for i in range(3)]
        for row in rows:
            cells = [row[i] + " " * (widths[i] - _width(row[i])) for i in range(3)]
            self.stdout.write("  " + "  ".join([*cells, row[3]]))


def _width(text: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
