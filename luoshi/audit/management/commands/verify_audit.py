"""manage.py verify_audit: walk the event log's hash chain and name the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from luoshi.audit import chain, tasks
from luoshi.audit.models import ChainHead, Event


class Command(BaseCommand):
    help = ("Verify the audit event chain (hashes, MACs, sequence, head) from the first event to the last; "
            "exits non-zero and names the first broken link when one is.")

    def add_arguments(self, parser):
        parser.add_argument("--seal-unsealed", action="store_true",
                            help="First chain events written outside the application (a bulk load) that you know "
                                 "to be genuine. Never after a suspected intrusion.")

    def handle(self, *args, seal_unsealed=False, **options):
        if seal_unsealed:
            self.stdout.write(f"sealed {chain.seal_unsealed(Event, ChainHead)} event(s)")
        result = tasks.check()
        if chain.guarded() is False:
            self.stderr.write("warning: the trigger that refuses changes to sealed events is missing")
        if not result.ok:
            raise CommandError(result.message)
        self.stdout.write(result.message)
