"""Pages of the second factor: enrol an authenticator, give a code after signing in, manage one's own
factor (new recovery codes, reset with a current code); the security admin's reset of someone else's.

The rules and the writes are in luoshi.accounts.otp; SecondFactorMiddleware
sends a signed-in user here until the session has passed the second factor.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from luoshi import access

from . import otp, requests
from .manage_views import _filed, access_user
from .otp_forms import CodeForm, EnrolForm, VerifyForm


def _next(request: HttpRequest) -> str:
    """Where to go once the second factor is done: the `next` asked for, if it is on this site, else home."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url("home")


def _wait_message(wait: int) -> str:
    return ngettext(
        "Too many wrong codes: try again in %(seconds)d second.",
        "Too many wrong codes: try again in %(seconds)d seconds.",
        wait,
    ) % {"seconds": wait}


def _refused(form, outcome: otp.Outcome) -> None:
    if outcome.wait:
        form.add_error("code", _wait_message(outcome.wait))
    else:
        form.add_error("code", _("This code is not right, or has been used already."))


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the authenticator app, or a recovery code."""
    user = request.user
    if otp.is_verified(request):
        return HttpResponseRedirect(_next(request))
    device = otp.authenticator(user)
    if device is None:
        # Nothing to verify with: enrol if it is required, else nothing stands in the way.
        return redirect(f"{resolve_url('otp_enrol')}?{request.GET.urlencode()}" if otp.required(user) else _next(request))
    code = otp.demo_code(user)
    # In demo mode the persona's code is filled in: signing in stays two clicks.
    form = VerifyForm(request.POST or None, initial={"code": code}, remember_days=otp.remember_days())
    if request.method == "POST" and form.is_valid():
        outcome = otp.check_code(request, form.cleaned_data["code"])
        if outcome.ok:
            if outcome.recovery:
                left = otp.recovery_codes_left(user)
                messages.warning(request, ngettext(
                    "You signed in with a recovery code: %(left)d is left. Make new ones on your two-step verification page.",
                    "You signed in with a recovery code: %(left)d are left. Make new ones on your two-step verification page.",
                    left,
                ) % {"left": left})
            response = HttpResponseRedirect(_next(request))
            if form.cleaned_data.get("remember"):
                otp.remember(response, request, device)
            return response
        _refused(form, outcome)
    return render(request, "accounts/otp_verify.html", {
        "form": form,
        "next": _next(request),
        "demo_code": code,
    }, status=400 if form.is_bound else 200)


@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator: scan the QR code or type the key, then confirm with a code from the app."""
    user = request.user
    if otp.authenticator(user) is not None:
        # One authenticator per account: another one replaces it only after a reset.
        return redirect("otp_settings" if otp.is_verified(request) else "otp_verify")
    device = otp.pending_authenticator(request)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enrolled = otp.confirm(request, device, form.cleaned_data["code"])
        if enrolled is not None:
            # Shown once, in this response: never stored in clear, never in a message cookie.
            return render(request, "accounts/otp_codes.html", {
                "codes": enrolled.recovery_codes, "next": _next(request), "enrolled": True,
            })
        _refused(form, otp.Outcome(False, wait=otp.wait_seconds(user)))
    return render(request, "accounts/otp_enrol.html", {
        "form": form,
        "qr": otp.qr_svg(device),
        "secret": otp.secret_text(device),
        "required": otp.required(user),
        "next": _next(request),
    }, status=400 if form.is_bound else 200)


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    """One's own second factor: whether it is set up, recovery codes left, new codes, reset."""
    user = request.user
    device = otp.authenticator(user)
    return render(request, "accounts/otp_settings.html", {
        "device": device,
        "required": otp.required(user),
        "codes_left": otp.recovery_codes_left(user) if device else 0,
        "reset_form": CodeForm(),
    })


@require_POST
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Ten new recovery codes replace the old ones (the session has passed the second factor: the middleware)."""
    if otp.authenticator(request.user) is None:
        return redirect("otp_settings")
    codes = otp.regenerate_recovery_codes(request.user)
    return render(request, "accounts/otp_codes.html", {"codes": codes, "next": resolve_url("otp_settings")})


@require_POST
@login_required
def reset_own(request: HttpRequest) -> HttpResponse:
    """Remove one's own authenticator, proven with a current code; a required factor is enrolled again at once."""
    user = request.user
    form = CodeForm(request.POST)
    if otp.authenticator(user) is not None and form.is_valid():
        outcome = otp.reset_own(request, form.cleaned_data["code"])
        if outcome.ok:
            messages.success(request, _("Two-step verification has been removed from your account."))
            return redirect("otp_enrol" if otp.required(user) else "otp_settings")
        _refused(form, outcome)
    device = otp.authenticator(user)
    return render(request, "accounts/otp_settings.html", {
        "device": device,
        "required": otp.required(user),
        "codes_left": otp.recovery_codes_left(user) if device else 0,
        "reset_form": form,
    }, status=400)


@require_POST
@login_required
def manage_reset(request: HttpRequest, username: str) -> HttpResponse:
    """The security admin removes someone's second factor: an ordinary account at once, an admin or
    office-staff account through a request another security admin approves (four eyes)."""
    account = access_user(request, username)
    if not access.can(request.user, "account.change_alone", account):
        access.require(request.user, "account.request", account)
        return _filed(request, requests.file_otp_reset(request.user, account))
    otp.reset(request.user, account, "admin")
    if otp.required(account):
        message = _("Two-step verification of %(username)s was reset: they set it up again at the next sign-in.")
    else:
        message = _("Two-step verification of %(username)s was reset.")
    messages.success(request, message % {"username": account.username})
    return redirect("manage:user_edit", username=account.username)
