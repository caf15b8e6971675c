from django.core.management.base import BaseCommand

from luoshi.jobs.runner import loop


class Command(BaseCommand):
    help = "Run queued background jobs (intake reading, bulk work). Start one or more beside the web server."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run what is queued now, then exit.")
        parser.add_argument("--sleep", type=float, default=1.0, help="Seconds to wait when the queue is empty.")
        parser.add_argument("--stale-minutes", type=int, default=30,
                            help="Requeue jobs left running this long by a worker that died.")

    def handle(self, *args, once=False, sleep=1.0, stale_minutes=30, **options):
        ran = loop(sleep=sleep, once=once, stale_minutes=stale_minutes)
        if once:
            self.stdout.write(f"ran {ran} job(s)")
