"""manage.py rebuild_search_index: index every searchable object again (idempotent, batched)."""
from django.core.management.base import BaseCommand

from luoshi.search import indexer


class Command(BaseCommand):
    help = "Write every search entry again and drop entries whose object is gone."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=indexer.BATCH)

    def handle(self, *args, batch: int, **options):
        counts = indexer.rebuild(batch=batch, log=self.stdout.write if options["verbosity"] > 1 else None)
        self.stdout.write(f"search index: {sum(counts.values())} entries")
