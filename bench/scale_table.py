"""Markdown tables of bench/web.py's --json files, for docs/performance.md.

    .venv/bin/python bench/scale_table.py var/bench/base-10k-sqlite.json var/bench/base-10k-pg.json

One table per file: per page p50 / p95 at concurrency 1, server CPU per request, requests/s at
concurrency 8 (— where skipped as too slow), response size and worker RSS; then the submissions.

    .venv/bin/python bench/scale_table.py --cpu before.json after.json

One table of server CPU per request, a column per file (pages matched by name), to compare runs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def table(path: Path) -> str:
    data = json.loads(path.read_text())
    facts = data["facts"]
    lines = [
        f"**{data['engine']}** — {facts['plan_tasks']:,}-task plan, unit reporter of {facts['unit_tasks']:,} tasks"
        + (f"; load average {data['load'][0]:.1f} → {data['load'][1]:.1f} on 2 cores" if "load" in data else ""),
        "",
        "| page | as | p50 ms | p95 ms | server CPU ms | req/s at 8 | KB | worker RSS MB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for p in data["pages"]:
        rps = f"{p['rps8']:.1f}" if p["n8"] else "—"
        rss = " / ".join(f"{mb:.0f}" for mb in p["rss"])
        # Runs before the per-process count could see a PostgreSQL backend close mid-page.
        cpu = f"{p['cpu'] * 1000:,.0f}" if p["cpu"] > 0 else "n/a"
        errors = f" ({p['errors']} errors)" if p["errors"] else ""
        lines.append(f"| {p['name']}{errors} | {p['role']} | {p['p50'] * 1000:,.0f} | {p['p95'] * 1000:,.0f} | "
                     f"{cpu} | {rps} | {p['size'] / 1024:,.0f} | {rss} |")
    s = data["submissions"]
    lines += ["", f"Submissions at 8 clients: **{s['per_second']:.1f}/s** ({s['submitted']} submitted, POST p50 "
              f"{s['post_p50'] * 1000:,.0f} ms, p95 {s['post_p95'] * 1000:,.0f} ms, server CPU "
              f"{s.get('cpu', 0) * 1000:,.0f} ms per submission), failed {s['failed']}, **lost {s['lost']}**."]
    return "\n".join(lines)


def cpu_table(paths: list[Path]) -> str:
    runs = [json.loads(p.read_text()) for p in paths]
    names = list(dict.fromkeys(p["name"] for run in runs for p in run["pages"]))
    lines = ["| page | " + " | ".join(p.stem for p in paths) + " |", "| --- |" + " ---: |" * len(paths)]
    for name in names:
        cells = []
        for run in runs:
            page = next((p for p in run["pages"] if p["name"] == name), None)
            cells.append(f"{page['cpu'] * 1000:,.0f} ms" if page and page["cpu"] > 0 else "—")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    cells = [f"{run['submissions'].get('cpu', 0) * 1000:,.0f} ms" for run in runs]
    lines.append("| a submission (form + POST) | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--cpu"]:
        print(cpu_table([Path(p) for p in sys.argv[2:]]))
    else:
        print("\n\n".join(table(Path(p)) for p in sys.argv[1:]))
