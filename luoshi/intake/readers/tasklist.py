"""Key-task lists (分工方案, 重点工作责任分解): numbered tasks with lead and supporting units.

The grammar lives in ``luoshi.intake.tasklist`` (shared with the spreadsheet import); this
module only fits it to the genre seam. A text is a key-task list when the grammar finds tasks
with unit notes in it, so detection is a full read whose result is kept for ``read``.
"""
from __future__ import annotations

from .. import tasklist as grammar

KIND = "key_task_list"


def _parsed(doc) -> dict | None:
    if "tasklist" not in doc.memo:
        quick = getattr(grammar, "detect", None)
        # a cheap look first, where the grammar offers one: most documents are not lists
        if quick is not None and quick(doc.s) <= 0:
            doc.memo["tasklist"] = None
        else:
            doc.memo["tasklist"] = grammar.read_tasklist(doc.text, doc.s, doc.sentences, doc.published,
                                                          title=doc.title,
                                                          page_lines=getattr(doc, "boilerplate", ()))
    return doc.memo["tasklist"]


def detect(doc) -> float:
    return 1.0 if _parsed(doc) is not None else 0.0


def read(doc) -> tuple[list[dict], list[str]]:
    meeting = _parsed(doc)
    if meeting is None:
        return [], ["not a key-task list"]
    warnings = [] if meeting.get("body") else ["key-task list: no issuing body found"]
    return [meeting], warnings
