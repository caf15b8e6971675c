"""Activate the language a signed-in user chose; hold a signed-in user at the second factor until
the session has passed it; hold a user whose password must change at the change page."""

from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation

from . import otp, passwords


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class SecondFactorMiddleware:
    """No page for a signed-in user until this session has passed the second factor, if they have one
    or must have one (luoshi.accounts.otp).

    A user with an authenticator goes to the code page (a valid remembered-device
    cookie passes for it); one who must have a second factor and has none goes to
    enrolment. Only those two pages, signing out and the language switch stay
    reachable; static files are served before this runs (whitenoise). A
    session that passed holds the user's enrolment id (otp.is_verified), so the
    check costs no query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not otp.is_verified(request):
            redirect_to = self._held(request, user)
            if redirect_to is not None:
                return redirect_to
        return self.get_response(request)

    def _held(self, request, user):
        enrolled = otp.enrolled(user)
        if not enrolled and not otp.required(user):
            return None
        if enrolled and otp.REMEMBER_COOKIE in request.COOKIES:
            device = otp.authenticator(user)
            if device is not None and otp.remembered(request, device):
                otp.mark_verified(request)
                return None
        target = reverse("otp_verify" if enrolled else "otp_enrol")
        allowed = {target, reverse("logout"), reverse("set_language_pref"), reverse("set_language")}
        if request.path in allowed:
            return None
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return HttpResponseRedirect(f"{target}?{query}" if query else target)


class PasswordChangeMiddleware:
    """Send a user whose password must change to the change page until it has.

    "Must" is a reset or a new account (someone else chose the password) or an
    expired password (luoshi.accounts.passwords.must_change). Signing out
    and the language switch stay reachable; static files are served before
    this runs (whitenoise). Runs after SecondFactorMiddleware: the second
    factor comes first, and its pages stay reachable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and passwords.must_change(user):
            allowed = {
                reverse("password_change"), reverse("logout"), reverse("set_language_pref"),
                reverse("otp_verify"), reverse("otp_enrol"),
            }
            if request.path not in allowed:
                return HttpResponseRedirect(reverse("password_change"))
        return self.get_response(request)
