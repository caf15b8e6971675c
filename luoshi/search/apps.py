from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """One search box across the programme (docs/search.md)."""

    name = "luoshi.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        # Every save and delete of an indexed kind keeps its entry current
        # (luoshi.search.signals), in the transaction of the write.
        from luoshi.search import signals

        signals.connect()
