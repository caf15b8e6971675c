"""The second factor (等保 身份鉴别 d): an authenticator app's time-based codes, and recovery codes.

Built on django-otp, offline: a TOTPDevice holds the authenticator's key
(RFC 6238, 6 digits every 30 seconds, one step of clock drift either way, a
code never accepted twice); a StaticDevice holds the ten one-time recovery
codes, stored as salted hashes (a copy of the database does not give them
away) and deleted as each is used.

Who must have one: the three admin roles (security admin, audit admin, and
office staff, who run the system and its administration site), anyone with
the administration site or a superuser (access.holds_admin_rights), and
everyone when settings.LUOSHI_OTP_REQUIRED_FOR_ALL is set. Anyone else may
enrol; whoever has a confirmed authenticator is asked for a code after every
password sign-in (SecondFactorMiddleware), unless a remembered-device cookie
(off by default: LUOSHI_OTP_REMEMBER_DAYS) vouches for this browser.

Wrong codes go through the login throttle of luoshi.accounts.services,
counted per account on a counter of their own (address SECOND_FACTOR), so a
correct password does not clear them: slower after LOGIN_SLOWDOWN_AFTER
wrong codes, locked after LOGIN_LOCK_AFTER, lifted by the security admin's
"clear and unlock" like a password lock. django-otp's own throttle is off in
settings (one owner for the rule).

Enrolment, wrong codes, recovery-code use, new recovery codes and resets are
events in the log.
"""

from __future__ import annotations

import hashlib
import secrets
import time
import unicodedata
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass

import segno
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from luoshi import access
from luoshi.audit import security
from luoshi.audit.events import record

from . import services
from .models import User

# The address part of the throttle's key for wrong codes: a counter apart from the password's.
SECOND_FACTOR = "second-factor"
RECOVERY_CODES = 10
# 12 characters of base32 (60 bits), shown as xxxx-xxxx-xxxx.
RECOVERY_CODE_LENGTH = 12
REMEMBER_COOKIE = "luoshi_otp_device"
# The session key holding the key of an authenticator being enrolled.
PENDING_KEY = "luoshi_otp_pending_key"
# The session key holding the enrolment id (User.second_factor) the session was verified for.
SESSION_KEY = "luoshi_second_factor"
_REMEMBER_SALT = "luoshi.accounts.otp.remember"
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"


def required(user: User) -> bool:
    """Must `user` have a second factor? The admin roles, the administration site, superusers; or everyone by setting."""
    return bool(
        settings.LUOSHI_OTP_REQUIRED_FOR_ALL or access.holds_admin_rights(user) or user.is_superuser
    )


def authenticator(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator, if they have enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def enrolled(user: User) -> bool:
    """Has `user` an authenticator? Read from the user row (User.second_factor): no query."""
    return bool(user.second_factor)


def is_verified(request: HttpRequest) -> bool:
    """Has this session passed the second factor of the user's current enrolment?"""
    user = request.user
    return enrolled(user) and secrets.compare_digest(request.session.get(SESSION_KEY, ""), user.second_factor)


def mark_verified(request: HttpRequest) -> None:
    """This session has passed the second factor (a code, a recovery code or a remembered device)."""
    request.session[SESSION_KEY] = request.user.second_factor


def _set_enrolment(user: User, value: str) -> None:
    user.second_factor = value
    user.save(update_fields=["second_factor"])


# --- enrolment ---------------------------------------------------------------


def pending_authenticator(request: HttpRequest) -> TOTPDevice:
    """The authenticator the enrolment page shows, not saved until a code confirms it.

    Its key waits in the session, so reloading the page shows the same QR code
    and merely looking at the page writes nothing.
    """
    key = request.session.get(PENDING_KEY)
    try:
        unhexlify(key or "")
    except ValueError:
        key = None
    if not key:
        key = default_key()
        request.session[PENDING_KEY] = key
    return TOTPDevice(user=request.user, name=TOTP_NAME, key=key, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The key as an authenticator app takes it typed in: base32, in groups of four."""
    key = b32encode(unhexlify(device.key)).decode().rstrip("=")
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG QR code, markup to embed in the page.

    segno writes colours as SVG attributes, never a style attribute, so the
    page's Content-Security-Policy (no inline style) holds.
    """
    return segno.make(device.config_url, error="m").svg_inline(
        scale=4, border=2, dark="#000", light="#fff", title="otpauth", svgclass="otp-qr", lineclass=None,
    )


@dataclass
class Enrolled:
    device: TOTPDevice
    recovery_codes: list[str]


def confirm(request: HttpRequest, device: TOTPDevice, code: str) -> Enrolled | None:
    """Confirm the pending `device` with a code from the app: saved, and the session is verified.

    Returns the enrolment with its fresh recovery codes (shown once), or None
    for a wrong code (counted like any wrong code).
    """
    user = request.user
    if not _allowed(user)[0]:
        return None
    if not _matches(device, normalize_code(code)):
        _wrong_code(request)
        return None
    with transaction.atomic():
        # One authenticator per account.
        TOTPDevice.objects.filter(user=user).delete()
        device.confirmed = True
        device.save()
        _set_enrolment(user, secrets.token_hex(16))
        codes = _new_recovery_codes(user)
        record(user, "user.otp_enrolled", user, {"device": device.name, "address": security.address(request)})
    request.session.pop(PENDING_KEY, None)
    services.note_success(user.get_username(), SECOND_FACTOR)
    mark_verified(request)
    return Enrolled(device, codes)


def _matches(device: TOTPDevice, code: str) -> bool:
    """Does `code` match the unsaved `device` now? As django-otp's verify_token, without saving anything."""
    if not code.isdigit():
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not totp.verify(int(code), device.tolerance, device.last_t + 1):
        return False
    # The step is used: the same code will not sign in right after enrolment.
    device.last_t = totp.t()
    return True


# --- recovery codes ----------------------------------------------------------


def _hash(user: User, code: str) -> str:
    # Salted with the account, cut to the 16 characters django-otp keeps: enough
    # against guessing (online guessing goes through the throttle).
    return hashlib.sha256(f"{user.pk}:{code}".encode()).hexdigest()[:16]


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o, 1/l
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(alphabet) for _ in range(RECOVERY_CODE_LENGTH))
        codes.append("-".join(raw[i:i + 4] for i in range(0, RECOVERY_CODE_LENGTH, 4)))
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=_hash(user, normalize_code(code))) for code in codes]
    )
    return codes


def regenerate_recovery_codes(user: User) -> list[str]:
    """Replace every recovery code of `user` by ten new ones (returned, to be shown once)."""
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        record(user, "user.otp_recovery_codes_renewed", user, {"count": len(codes)})
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user).count()


# --- verification ------------------------------------------------------------


def normalize_code(code: str) -> str:
    """Full-width digits and letters folded, spaces and dashes dropped, lower case."""
    folded = unicodedata.normalize("NFKC", code or "")
    return "".join(c for c in folded if c.isalnum()).lower()


@dataclass
class Outcome:
    ok: bool
    wait: int = 0  # seconds before another code is taken (throttled or locked)
    recovery: bool = False  # a recovery code was used up


def _allowed(user: User) -> tuple[bool, int]:
    return services.check_allowed(user.get_username(), SECOND_FACTOR)


def wait_seconds(user: User) -> int:
    """Seconds before `user` may try another code (0: now)."""
    allowed, wait = _allowed(user)
    return 0 if allowed else wait


def _wrong_code(request: HttpRequest) -> None:
    user = request.user
    row = services.note_failure(user.get_username(), SECOND_FACTOR)
    security.account_event(
        "auth.otp_failed", user.get_username(), actor=user, request=request, failures=row.failures
    )


def check_code(request: HttpRequest, code: str) -> Outcome:
    """Take a code from the authenticator or a recovery code for the signed-in user; verify the session on success."""
    user = request.user
    allowed, wait = _allowed(user)
    if not allowed:
        return Outcome(False, wait=wait)
    code = normalize_code(code)
    with transaction.atomic():
        # Locked, so two requests with the same code cannot both pass (django-otp
        # refuses a code of a step already used, once the first has saved it).
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
        matched = device is not None and code.isdigit() and device.verify_token(code)
    if matched:
        services.note_success(user.get_username(), SECOND_FACTOR)
        mark_verified(request)
        return Outcome(True)
    recovery = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None and recovery is not None and len(code) == RECOVERY_CODE_LENGTH:
        with transaction.atomic():
            if recovery.verify_token(_hash(user, code)):
                security.account_event(
                    "auth.otp_recovery_used", user.get_username(), actor=user, request=request,
                    left=recovery.token_set.count(),
                )
                used = True
            else:
                used = False
        if used:
            services.note_success(user.get_username(), SECOND_FACTOR)
            mark_verified(request)
            return Outcome(True, recovery=True)
    _wrong_code(request)
    return Outcome(False, wait=wait_seconds(user))


def demo_code(user: User) -> str | None:
    """In demo mode only: the code the persona's authenticator shows now (or the next one, if now's is used)."""
    if not settings.LUOSHI_DEMO:
        return None
    device = authenticator(user)
    if device is None:
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    now = totp.t()
    step = max(now, device.last_t + 1)
    if step > now + device.tolerance:
        return None
    totp.time = device.t0 + step * device.step
    return f"{totp.token():0{device.digits}d}"


# --- reset -------------------------------------------------------------------


def reset(actor: User, account: User, via: str, request_code: str | None = None) -> int:
    """Remove `account`'s authenticator and recovery codes; record user.otp_reset. Returns how many devices went.

    `via`: "self" (the owner, with a current code), "admin" (the security
    admin, for an ordinary account) or "request" (an approved four-eyes
    request). Sessions verified by the old authenticator lose their
    verification at their next request (User.second_factor is cleared), and a
    remembered-device cookie no longer matches.
    """
    with transaction.atomic():
        totp, _ = TOTPDevice.objects.filter(user=account).delete()
        static, _ = StaticDevice.objects.filter(user=account).delete()
        _set_enrolment(account, "")
        changes = {"via": via}
        if request_code:
            changes["request"] = request_code
        record(actor, "user.otp_reset", account, changes)
    return totp + static


def reset_own(request: HttpRequest, code: str) -> Outcome:
    """The owner resets their own second factor, proving it with a current code (or a recovery code)."""
    outcome = check_code(request, code)
    if outcome.ok:
        reset(request.user, request.user, "self")
        request.session.pop(SESSION_KEY, None)
    return outcome


# --- remembered device -------------------------------------------------------


def _fingerprint(device: TOTPDevice) -> str:
    # Binds the cookie to this key: a reset makes a new device with a new key.
    return hashlib.sha256(f"{device.persistent_id}:{device.key}".encode()).hexdigest()[:32]


def remember_days() -> int:
    return max(0, settings.LUOSHI_OTP_REMEMBER_DAYS)


def remember(response: HttpResponse, request: HttpRequest, device: TOTPDevice) -> None:
    """Set the signed remembered-device cookie (only when LUOSHI_OTP_REMEMBER_DAYS > 0)."""
    days = remember_days()
    if not days:
        return
    value = signing.dumps({"u": request.user.pk, "d": _fingerprint(device)}, salt=_REMEMBER_SALT)
    response.set_cookie(
        REMEMBER_COOKIE, value, max_age=days * 86400, path="/",
        secure=settings.SESSION_COOKIE_SECURE or request.is_secure(), httponly=True, samesite="Lax",
    )


def remembered(request: HttpRequest, device: TOTPDevice) -> bool:
    """Does this browser carry a valid remembered-device cookie for this user and this authenticator?"""
    days = remember_days()
    raw = request.COOKIES.get(REMEMBER_COOKIE)
    if not days or not raw:
        return False
    try:
        value = signing.loads(raw, salt=_REMEMBER_SALT, max_age=days * 86400)
    except signing.BadSignature:
        return False
    return (
        isinstance(value, dict) and value.get("u") == request.user.pk
        and secrets.compare_digest(str(value.get("d", "")), _fingerprint(device))
    )


# --- demo --------------------------------------------------------------------


def enrol_demo(user: User) -> bool:
    """Give a demo persona a confirmed authenticator unless it has one (load_demo). True if one was made."""
    if TOTPDevice.objects.filter(user=user).exists():
        return False
    TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=True)
    _set_enrolment(user, secrets.token_hex(16))
    return True
