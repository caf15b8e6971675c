"""luoshi.intake — documents in, ``luoshi.extract/1`` records out.

A plain Python library (no Django): bytes of a .txt/.html/.docx/.pdf report in either script and
any common Chinese encoding go in; a record with the clean text, its Simplified fold, title,
boilerplate and the meetings found by the rules half comes out. See docs/intake.md.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from .errors import DEFAULT_LIMITS, IntakeError, Limits
from .pipeline import extract
from .record import SCHEMA

__all__ = ["SCHEMA", "DEFAULT_LIMITS", "IntakeError", "Limits", "extract", "extract_path", "read_input"]


def read_input(path: str | os.PathLike[str], limits: Limits | None = None) -> bytes:
    """The bytes of a file (``-`` is stdin), refusing more than ``limits.max_bytes``."""
    import sys

    limits = limits or DEFAULT_LIMITS
    try:
        if str(path) == "-":
            data = sys.stdin.buffer.read(limits.max_bytes + 1)
        else:
            p = Path(path)
            if p.is_dir():
                raise IntakeError("is a directory")
            with p.open("rb") as fh:
                data = fh.read(limits.max_bytes + 1)
    except IntakeError:
        raise
    except FileNotFoundError as exc:
        raise IntakeError("no such file") from exc
    except PermissionError as exc:
        raise IntakeError("permission denied") from exc
    except OSError as exc:
        raise IntakeError(f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > limits.max_bytes:
        raise IntakeError(f"file too large (over {limits.max_bytes} bytes)")
    return data


def extract_path(path: str | os.PathLike[str], published: dt.date | None = None,
                 limits: Limits | None = None) -> dict[str, Any]:
    """Read and extract one file (``-`` is stdin); ``source.path`` is the path as given."""
    return extract(read_input(path, limits), str(path), published, limits)
