"""Sign in, sign out, change one's own password, and the user's language preference."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import passwords
from .actions import change_own_password
from .forms import LanguageForm, LoginForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"


class LogoutView(auth_views.LogoutView):
    # Django's LogoutView already answers GET with 405: a link or an <img> on
    # another page must not be able to sign anyone out.
    pass


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    """Every user's own password: the old one, then a new one that passes the policy (passwords.py)."""
    user = request.user
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        change_own_password(user, form.cleaned_data["new_password1"])
        # The new hash would end this session too; keep it, end the others.
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        return redirect("home")
    return render(request, "accounts/password_change.html", {
        "form": form,
        "forced": user.must_change_password,
        "expired": passwords.expired(user),
    }, status=400 if form.is_bound else 200)


@require_POST
@login_required
def set_language_pref(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors.as_text())
    language = form.cleaned_data["language"]
    user = request.user
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    translation.activate(language)
    response = HttpResponseRedirect(_safe_next(request, form.cleaned_data["next"]))
    # The cookie keeps the choice for the login page after signing out.
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax",
    )
    return response


def _safe_next(request: HttpRequest, candidate: str) -> str:
    """The page to go back to: the posted `next`, else the referrer, if it is on this site."""
    for url in (candidate, request.META.get("HTTP_REFERER", "")):
        if url and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return url
    return resolve_url("home")
