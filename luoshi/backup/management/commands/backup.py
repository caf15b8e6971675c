"""manage.py backup: the database and the uploaded files in one checksummed archive."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from luoshi.backup.archive import BackupError, backup


class Command(BaseCommand):
    help = ("Write a backup archive (database, uploaded files, manifest with SHA-256 checksums) into --output. "
            "Safe while the server runs. The audit key and the secret key are not in it: back them up apart.")

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(Path(settings.VAR_DIR) / "backups"),
                            help="Folder for the archive (default: $LUOSHI_VAR_DIR/backups).")

    def handle(self, *args, output, **options):
        try:
            path = backup(Path(output))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(str(path))
