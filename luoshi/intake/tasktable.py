"""A key-task table written out as text, one cell a line (a web page's table, copied).

    1                      ← the row's number, alone on its line
    加强季度数据监测,确保…   ← the task
    1-2月,全市…            ← other cells (进展情况, 备注 …)
    市发改委                ← the unit cell, last

The header row (序号 / 内容与要求 / 进展情况 / 责任单位) is often lost with the page chrome,
so rows are found by their numbers (1, 2, 3 … each alone on a line) and read by position: the
first cell after the number is the task, the last is its units when it reads as a list of
units and nothing else. When the header is there, its columns (``tasklist.json``
``columns``, the vocabulary the spreadsheet import uses too) say which cell is which.
"""

from __future__ import annotations

import re

from . import lexicon
from .sentences import matching_text
from .unitnotes import Note, is_collective, parse_note

_NUMBER = re.compile(r"^\d{1,3}[.、]?$")
_EDGE = " \t|│"  # a cell printed as `1 |` (the page drew the table's rules as characters)


def _trim(s: str, a: int, b: int) -> tuple[int, int]:
    while a < b and s[a] in _EDGE:
        a += 1
    while b > a and s[b - 1] in _EDGE:
        b -= 1
    return a, b


def _column_key(header: str) -> str | None:
    from .tasklist import column_key

    return column_key(header)


def _whole_units(s: str, note: Note) -> bool:
    """The note reads as a list of unit names (局/委/办/政府 … or collective), not as text."""
    units = note.lead + note.support
    suffix = re.compile("(?:" + lexicon.org_suffix_re().pattern + ")$")
    whole = [u for u in units if suffix.search(s[u[0] : u[1]]) or is_collective(s[u[0] : u[1]])]
    # most units end in an organisation word (海关, 人行 may not); none is a sentence
    return len(whole) * 2 > len(units) and all(b - a <= 30 for a, b in units)


def read_rows(s: str, lines: list[tuple[int, int]], first_leads: bool) -> list[tuple[int, int, Note]]:
    """(task start, task end, note) of each row of a table written one cell a line."""
    cells_of = [_trim(s, a, b) for a, b in lines]
    starts: list[int] = []  # line index of each row's number: 1, 2, 3 … in order
    for i, (a, b) in enumerate(cells_of):
        if _NUMBER.match(s[a:b]) and int(s[a:b].rstrip(".、")) == len(starts) + 1:
            starts.append(i)
    if len(starts) < 2:
        return []
    header = _header(s, cells_of, starts[0])
    out = []
    for k, first in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(cells_of)
        cells = [c for c in cells_of[first + 1 : end] if c[1] > c[0]]
        if len(cells) < 2:
            continue
        read = _by_header(s, cells, header[1:], first_leads) if header and len(cells) == len(header) - 1 else None
        if read is None:
            # the units are the last cell that reads as unit names (a deadline or a leader's
            # name may come after them)
            for k in range(len(cells) - 1, -1, -1):
                ca, cb = cells[k]
                if "。" in s[ca:cb] or cb - ca > 80:
                    continue
                note = parse_note(s, ca, cb, first_leads=first_leads, default="resp")
                if _whole_units(s, note):
                    # the task is the first other cell (the units may come before it too)
                    task = next((c for j, c in enumerate(cells) if j != k), None)
                    if task is not None:
                        read = (task, note)
                    break
            if read is None:
                continue
        (ta, tb), note = read
        if note:
            out.append((ta, tb, note))
    return out


_CELL_SEP = re.compile(r"\t|\|| {2,}")


def _cells(s: str, a: int, b: int) -> list[tuple[int, int]]:
    """Cells of a line of a table pasted as text (tabs, | or runs of spaces between cells)."""
    out, start = [], a
    for m in _CELL_SEP.finditer(s, a, b):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, b))
    out = [(x, y) for x, y in ((x + len(s[x:y]) - len(s[x:y].lstrip()), y - len(s[x:y]) + len(s[x:y].rstrip()))
                               for x, y in out)]
    # a row written | a | b | has empty cells at its ends
    while out and out[0][0] >= out[0][1]:
        out.pop(0)
    while out and out[-1][0] >= out[-1][1]:
        out.pop()
    return out


def read_delimited(s: str, lines: list[tuple[int, int]], first_leads: bool) -> list[tuple[int, int, Note]]:
    """Rows of a table pasted as text with a header line (序号<TAB>重点任务<TAB>牵头单位 …)."""
    out: list[tuple[int, int, Note]] = []
    header: list[str] | None = None
    for a, b in lines:
        if not _CELL_SEP.search(s, a, b):
            continue  # a section row (一、稳增长) or text around the table
        cells = _cells(s, a, b)
        keys = [_column_key(s[x:y]) for x, y in cells]
        if len(cells) >= 3 and all(keys) and ({"task", "content"} & set(keys)) \
                and ({"lead", "responsible", "support"} & set(keys)):
            header = keys  # type: ignore[assignment]
            continue
        if header is None:
            continue
        if len(cells) != len(header):
            # a row whose empty cells left no gap: read it only when its units are last
            continue
        read = _by_header(s, cells, header, first_leads)
        if read is not None and read[1]:
            (ta, tb), note = read
            out.append((ta, tb, note))
    return out


def _header(s: str, lines: list[tuple[int, int]], first_row: int) -> list[str] | None:
    """The column keys of the header lines right above the first row, if they are there."""
    keys: list[str] = []
    i = first_row - 1
    while i >= 0:
        key = _column_key(matching_text(s[lines[i][0] : lines[i][1]], None))
        if key is None:
            break
        keys.insert(0, key)
        i -= 1
    return keys if keys and keys[0] == "number" and len(keys) >= 3 else None


def _by_header(s: str, cells: list[tuple[int, int]], header: list[str],
               first_leads: bool) -> tuple[tuple[int, int], Note] | None:
    by_key = dict(zip(header, cells, strict=True))
    task = by_key.get("content") or by_key.get("task")
    if task is None:
        return None
    note = Note()
    has_lead = "lead" in by_key
    for key, default in (("lead", "lead"), ("responsible", "support" if has_lead else "resp"),
                         ("support", "support")):
        if key in by_key:
            a, b = by_key[key]
            part = parse_note(s, a, b, first_leads=first_leads, default=default)
            note.lead.extend(part.lead)
            note.support.extend(u for u in part.support if u not in note.lead)
            note.first_leads = note.first_leads or part.first_leads
    if "due" in by_key:
        note.deadline = by_key["due"]
    return task, note
