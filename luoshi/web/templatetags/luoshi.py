"""Template helpers shared by every app's pages."""

from django import template
from django.utils.translation import get_language

from luoshi.lib.text import to_simplified, to_traditional

register = template.Library()


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
