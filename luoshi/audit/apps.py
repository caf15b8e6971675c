from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "luoshi.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        # Sign-ins, failed sign-ins and sign-outs go to the log (luoshi.audit.security),
        # and the chain check is a job kind of luoshi.jobs (luoshi.audit.tasks).
        from luoshi.audit import security, tasks  # noqa: F401

        security.connect()
