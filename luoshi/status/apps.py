from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from luoshi.lib import sqlite


class StatusConfig(AppConfig):
    name = "luoshi.status"
    label = "status"
    verbose_name = _("Task status")

    def ready(self) -> None:
        # Saves that bypass the write services (the admin, fixtures) still keep
        # the status right: see luoshi.status.signals.
        from luoshi.status import signals

        signals.connect()
        # The planner's statistics for new tables and indexes (SQLite; luoshi.lib.sqlite).
        post_migrate.connect(sqlite.after_migrate, sender=self, dispatch_uid="luoshi.lib.sqlite.after_migrate")
