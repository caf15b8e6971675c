from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The sample programme (`manage.py load_demo`); no models of its own."""

    name = "luoshi.demo"
    label = "demo"
    verbose_name = "Demo"
