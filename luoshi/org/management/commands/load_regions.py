"""manage.py load_regions [CSV]: upsert regions (GB/T 2260) from a CSV file."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from luoshi.org.regions import DEFAULT_PATH, load_regions


class Command(BaseCommand):
    help = "Create or update regions from a CSV (code,name,short_name,level,parent_code). Safe to re-run."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH), help="CSV file (default: the YRD regions)")

    def handle(self, *args, path: str, **options) -> None:
        try:
            created, updated = load_regions(path)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"regions: {created} created, {updated} updated")
