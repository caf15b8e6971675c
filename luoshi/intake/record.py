"""The extraction record ``luoshi.extract/1`` (documented in docs/extract.schema.json)."""
from __future__ import annotations

import datetime as dt
from typing import Any

SCHEMA = "luoshi.extract/1"
FORMATS = ("txt", "html", "docx", "pdf")
SCRIPTS = ("hans", "hant", "mixed")


def new_record(
    *,
    path: str,
    encoding: str,
    script: str,
    sha256: str,
    fmt: str,
    title: str,
    subtitle: str,
    published: dt.date | None,
    boilerplate: list[str],
    text: str,
    text_simplified: str,
    meetings: list[dict[str, Any]],
    warnings: list[str],
    kind: str = "meeting_report",
    readers: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Assemble a record; keys in a fixed order so JSON output is stable and diffable."""
    return {
        "schema": SCHEMA,
        "source": {"path": path, "encoding": encoding, "script": script, "sha256": sha256, "format": fmt},
        "title": title,
        "subtitle": subtitle,
        "published": published.isoformat() if published else None,
        "boilerplate": boilerplate,
        "text": text,
        "text_simplified": text_simplified,
        "kind": kind,
        "readers": readers or {},
        "meetings": meetings,
        "warnings": warnings,
    }
