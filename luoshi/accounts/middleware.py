"""Activate the language a signed-in user chose; hold a user whose password must change at the change page."""

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation

from . import passwords


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class PasswordChangeMiddleware:
    """Send a user whose password must change to the change page until it has.

    "Must" is a reset or a new account (someone else chose the password) or an
    expired password (luoshi.accounts.passwords.must_change). Signing out
    and the language switch stay reachable; static files are served before
    this runs (whitenoise).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and passwords.must_change(user):
            allowed = {reverse("password_change"), reverse("logout"), reverse("set_language_pref")}
            if request.path not in allowed:
                return HttpResponseRedirect(reverse("password_change"))
        return self.get_response(request)
