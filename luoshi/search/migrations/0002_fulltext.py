"""The engine's own full-text index beside search_searchentry (luoshi.search.backends)."""
from django.db import migrations

from luoshi.search import backends


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(backends.install, backends.uninstall)]
