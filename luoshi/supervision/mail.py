"""Reminder e-mails: one message per user, in the user's language and script.

The SMTP server is the one in settings (LUOSHI_EMAIL_*). Sending happens after
the reminders are committed, so a mail server that is down never loses an
in-app reminder; the caller records the failure and may retry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from luoshi.lib.text import to_simplified, to_traditional


def in_script(text: str, language: str) -> str:
    """Stored text in the reader's script, as the `zh` template filter shows it."""
    if language == "zh-hant":
        return to_traditional(text)
    if language == "zh-hans":
        return to_simplified(text)
    return text


def day(value: dt.date) -> str:
    """A date as the active language writes it in prose (2026年4月10日)."""
    return date_format(value, "DATE_FORMAT")


def reminders_url() -> str:
    """Absolute link to the reminders page when the site's address is configured, else ""."""
    base = getattr(settings, "LUOSHI_SITE_URL", "") or ""
    return base.rstrip("/") + reverse("supervision:reminder_list") if base else ""


def compose(user, subject: str, intro: str, sections: Sequence[tuple[str, Sequence[str]]]) -> EmailMessage:
    """A plain-text message: greeting, intro, numbered items under headings, link, footer.

    Call inside translation.override(user.language).
    """
    lines = [_("%(name)s:") % {"name": in_script(str(user), user.language)}, "", intro, ""]
    for heading, items in sections:
        if not items:
            continue
        lines.append(heading)
        lines.extend(f"{n}. {text}" for n, text in enumerate(items, 1))
        lines.append("")
    url = reminders_url()
    if url:
        lines += [_("See all reminders: %(url)s") % {"url": url}, ""]
    lines.append(_("This message was sent by Luoshi. Please do not reply to it."))
    return EmailMessage(subject=subject, body="\n".join(lines), to=[user.email])


def send(messages: Sequence[EmailMessage]) -> int:
    """Send over one SMTP connection; raises on failure (the caller records it)."""
    if not messages:
        return 0
    with get_connection(fail_silently=False) as connection:
        return connection.send_messages(list(messages)) or 0


def language_of(user) -> str:
    return getattr(user, "language", None) or settings.LANGUAGE_CODE


def override(user):
    return translation.override(language_of(user))
