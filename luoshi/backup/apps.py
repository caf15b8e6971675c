from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupConfig(AppConfig):
    # No models: `manage.py backup` and `manage.py restore` (luoshi.backup.archive, .restore).
    name = "luoshi.backup"
    label = "backup"
    verbose_name = _("Backup")
