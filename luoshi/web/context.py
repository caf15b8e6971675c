from django.conf import settings


def luoshi(request):
    return {"LUOSHI_DEMO": getattr(settings, "LUOSHI_DEMO", False)}
