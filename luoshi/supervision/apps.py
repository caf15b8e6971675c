from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "luoshi.supervision"
    label = "supervision"
    verbose_name = _("Supervision")

    def ready(self) -> None:
        # Registers the daily digest as a job kind with luoshi.jobs.
        from luoshi.supervision import digest  # noqa: F401
