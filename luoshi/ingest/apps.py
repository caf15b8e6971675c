from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestConfig(AppConfig):
    name = "luoshi.ingest"
    label = "ingest"
    verbose_name = _("Intake and review")

    def ready(self) -> None:
        # Registers the job handlers (reading a document) with luoshi.jobs.
        from luoshi.ingest import tasks  # noqa: F401
