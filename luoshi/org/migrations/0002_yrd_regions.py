"""Seed the Yangtze River Delta regions (4 province-level members, 40 prefecture cities).

Uses the historical Region model; the reverse keeps the rows because other
tables may already point at them.
"""

from django.db import migrations


def load(apps, schema_editor):
    from luoshi.org.regions import DEFAULT_PATH, read_regions_csv, upsert_regions

    upsert_regions(apps.get_model("org", "Region"), read_regions_csv(DEFAULT_PATH))


class Migration(migrations.Migration):

    dependencies = [
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
