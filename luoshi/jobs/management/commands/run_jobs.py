from django.core.management.base import BaseCommand

from luoshi.jobs.runner import loop


class Command(BaseCommand):
    help = "Run queued background jobs (intake reading, bulk work). Start one or more beside the web server."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run what is queued now, then exit.")
        parser.add_argument("--sleep", type=float, default=1.0, help="Seconds to wait when the queue is empty.")

    def handle(self, *args, once=False, sleep=1.0, **options):
        # Jobs left by a worker that died are put back after LUOSHI_JOB_STALE_SECONDS without
        # a heartbeat, by whichever worker sweeps first (luoshi/jobs/runner.py).
        ran = loop(sleep=sleep, once=once)
        if once:
            self.stdout.write(f"ran {ran} job(s)")
