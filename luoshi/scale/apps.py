from django.apps import AppConfig


class ScaleConfig(AppConfig):
    """A programme of any size for benchmarks (`manage.py load_scale`); no models of its own."""

    name = "luoshi.scale"
    label = "scale"
    verbose_name = "Scale"
