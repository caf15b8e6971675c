"""Loading of the intake's own data files (luoshi/intake/data/clutter_*.txt), once per process."""
from __future__ import annotations

import functools
from importlib import resources


@functools.cache
def data_lines(name: str) -> tuple[str, ...]:
    """Non-empty lines of a data file, without comments (lines starting with '#')."""
    text = resources.files("luoshi.intake").joinpath("data", name).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        out.append(line.strip())
    return tuple(out)


@functools.cache
def common_chars() -> frozenset[str]:
    return frozenset("".join(data_lines("clutter_common_chars.txt")))
