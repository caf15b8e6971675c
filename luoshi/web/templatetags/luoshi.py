"""Template helpers shared by every app's pages."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from luoshi.lib.text import to_simplified, to_traditional
from luoshi.work.progress import Light, Status

register = template.Library()

# The names of the derived task states (红黄绿灯) as the office says them.
LIGHT_LABELS = {
    Status.NOT_STARTED: _("Not started"),
    Status.ON_TRACK: _("On track"),
    Status.AT_RISK: _("At risk"),
    Status.OVERDUE: _("Overdue"),
    Status.DONE: _("Done"),
}


@register.filter
def zh(value):
    """Show stored text in the reader's script: Traditional for zh-hant, Simplified otherwise.

    Stored text keeps the source's script; OpenCC converts whole phrases, so a
    Traditional reader never sees the conversion slips of a badly converted source.
    Autoescaping still applies to the result.
    """
    if value is None:
        return ""
    text = str(value)
    lang = (get_language() or "").lower()
    if lang == "zh-hant":
        return to_traditional(text)
    if lang == "zh-hans":
        return to_simplified(text)
    return text


@register.filter
def light_label(status: str) -> str:
    """The translated name of a light status ("on_track" → 正常推进)."""
    return str(LIGHT_LABELS.get(status, status))


@register.simple_tag
def light(value: Light | None, label: bool = True) -> str:
    """A coloured dot (and the state's name) for a task's Light; the reason shows on hover.

    {% light lights|get:task.pk %} — the reason is user-influenced text (a
    reported risk), so it goes through format_html and the `zh` filter.
    """
    if value is None:
        return ""
    name = light_label(value.status)
    return format_html(
        '<span class="light-badge {}" title="{}"><span class="light {}"></span>{}</span>',
        value.status, zh(value.reason), value.status, name if label else "",
    )


@register.filter
def get(mapping, key):
    """mapping[key] in a template, None when absent (lights by task id)."""
    if mapping is None:
        return None
    return mapping.get(key)
