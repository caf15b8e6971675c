from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatusConfig(AppConfig):
    name = "luoshi.status"
    label = "status"
    verbose_name = _("Task status")

    def ready(self) -> None:
        # Saves that bypass the write services (the admin, fixtures) still keep
        # the status right: see luoshi.status.signals.
        from luoshi.status import signals

        signals.connect()
