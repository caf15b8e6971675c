"""Words for what the import reports, in the reader's language.

The reader (luoshi.work.spreadsheet) and the import service record a code
and its parameters; the stored report stays language-neutral and each reader
sees it in the language they chose.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from luoshi.work.spreadsheet import SheetError

MESSAGES = {
    # fatal: nothing was imported
    "not_xlsx": _("The file could not be read as an Excel workbook (.xlsx). Save it as .xlsx and upload it again."),
    "no_header": _("No header row was found in the first %(rows)s rows of any sheet. Expected a row of column "
                   "headings such as %(expected)s, in Simplified or Traditional characters."),
    "too_many_rows": _("The sheet “%(name)s” has %(rows)s rows; at most %(max)s can be imported at once."),
    "no_rows": _("The header row was found (row %(row)s), but no task rows below it could be read."),
    "no_title": _("The sheet has no title row; enter a title for the new plan."),
    # a row not imported
    "no_task_text": _("The row has no task text (重点任务 or 具体内容)."),
    "duplicate_number": _("序号 “%(id)s” is already used by row %(row)s; this row was not imported."),
    "number_too_long": _("序号 is longer than 64 characters."),
    # a row imported with something left out
    "due_not_a_date": _("The deadline “%(text)s” is not a date; it is kept in the task description."),
    "unit_unknown": _("“%(name)s” is not in the directory of units; the task was imported without it and the "
                      "name is kept in its description."),
    "unit_collective": _("“%(name)s” refers to several units, not one; it is kept in the task description."),
    "unit_ambiguous": _("“%(name)s” matches %(count)s units in the directory; assign the right one on the task "
                        "page."),
}


def describe(code: str, params: dict[str, Any] | None = None) -> str:
    template = MESSAGES.get(code)
    if template is None:
        return code
    return str(template) % (params or {}) if params else str(template)


def describe_error(error: SheetError) -> str:
    return describe(error.code, error.params) or gettext("The file could not be imported.")


def with_reasons(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Report entries with their `reason` worded for the current reader."""
    return [{**entry, "reason": describe(entry.get("code", ""), entry.get("params"))} for entry in entries]
