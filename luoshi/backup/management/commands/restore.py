"""manage.py restore ARCHIVE: check the archive, put the database and files back, verify the audit chain."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from luoshi.backup.archive import BackupError
from luoshi.backup.restore import restore


class Command(BaseCommand):
    help = ("Restore a backup archive made by `manage.py backup`: every checksum is checked first, a database "
            "that holds data is replaced only with --force, and the audit chain is verified at the end.")

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--force", action="store_true", help="Replace a database that already holds data.")

    def handle(self, *args, archive, force=False, **options):
        try:
            done = restore(Path(archive), force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        m = done.manifest
        self.stdout.write(f"restored the {m.vendor} database of {m.created} (Luoshi {m.version}) "
                          f"and {done.files} file(s)")
        if not done.check.ok:
            raise CommandError(f"the audit chain does not verify after the restore: {done.check.message}")
        self.stdout.write(f"audit: {done.check.message}")
