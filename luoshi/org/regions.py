"""Loading the region table (GB/T 2260 codes) from a CSV file.

The CSV has the columns code,name,short_name,level,parent_code. Rows are
upserted by code, parents before children, so the loader can run on every
deploy and on a table edited by hand: it never deletes, and a second run
with the same file changes nothing.

`upsert_regions` takes the model class so the data migration can pass the
historical model from `apps.get_model`; keep this module free of a top-level
import of luoshi.org.models for that reason.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "regions_yrd.csv"

# Where in the tree each level sits; parents must be written first.
_LEVEL_ORDER = {"province": 0, "prefecture": 1, "county": 2}


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    short_name: str
    level: str
    parent_code: str


def read_regions_csv(path: Path | str = DEFAULT_PATH) -> list[RegionRow]:
    """The rows of a region CSV, parents first; raises ValueError on a malformed row."""
    rows: list[RegionRow] = []
    seen: set[str] = set()
    # utf-8-sig: the file may have been saved from a spreadsheet with a BOM.
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for lineno, raw in enumerate(csv.DictReader(fh), start=2):
            row = RegionRow(
                code=(raw.get("code") or "").strip(),
                name=(raw.get("name") or "").strip(),
                short_name=(raw.get("short_name") or "").strip(),
                level=(raw.get("level") or "").strip(),
                parent_code=(raw.get("parent_code") or "").strip(),
            )
            if not (len(row.code) == 6 and row.code.isascii() and row.code.isdigit()):
                raise ValueError(f"{path}:{lineno}: code {row.code!r} is not six digits")
            if row.code in seen:
                raise ValueError(f"{path}:{lineno}: code {row.code} appears twice")
            if row.level not in _LEVEL_ORDER:
                raise ValueError(f"{path}:{lineno}: unknown level {row.level!r}")
            if not row.name:
                raise ValueError(f"{path}:{lineno}: empty name")
            seen.add(row.code)
            rows.append(row)
    rows.sort(key=lambda r: (_LEVEL_ORDER[r.level], r.code))
    return rows


def upsert_regions(region_model: Any, rows: list[RegionRow]) -> tuple[int, int]:
    """Create or update each row by code; returns (created, updated).

    A row whose stored values already match is neither created nor updated, so
    the counts say what a run really changed.
    """
    created = updated = 0
    by_code: dict[str, Any] = {}
    for row in rows:
        parent = None
        if row.parent_code:
            parent = by_code.get(row.parent_code) or region_model.objects.filter(code=row.parent_code).first()
            if parent is None:
                raise ValueError(f"region {row.code}: parent {row.parent_code} is neither in the file nor stored")
        wanted = {"name": row.name, "short_name": row.short_name, "level": row.level, "parent": parent}
        region = region_model.objects.filter(code=row.code).first()
        if region is None:
            region = region_model.objects.create(code=row.code, **wanted)
            created += 1
        elif any(getattr(region, field) != value for field, value in wanted.items()):
            for field, value in wanted.items():
                setattr(region, field, value)
            region.save()
            updated += 1
        by_code[row.code] = region
    return created, updated


def load_regions(path: Path | str = DEFAULT_PATH) -> tuple[int, int]:
    """Load a region CSV into the Region table in one transaction; returns (created, updated)."""
    from django.db import transaction

    from luoshi.org.models import Region

    rows = read_regions_csv(path)
    with transaction.atomic():
        return upsert_regions(Region, rows)
