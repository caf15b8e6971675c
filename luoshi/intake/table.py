"""A readable plain-text summary of one record (the CLI's ``--format table``)."""
from __future__ import annotations

from typing import Any

_MAX_DIRECTIVES = 3


def _short(text: str, n: int = 70) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _date(value: Any) -> str:
    if isinstance(value, dict):
        text, iso = value.get("text") or "", value.get("value") or ""
        return f"{text} ({iso})" if text and iso else text or iso
    return str(value or "")


def format_table(record: dict[str, Any]) -> str:
    src = record.get("source") or {}
    out = [f"== {src.get('path', '-')}  [{src.get('format', '?')}, {src.get('encoding', '?')}, "
           f"{src.get('script', '?')}]  published: {record.get('published') or '-'}"]
    out.append(f"title:    {record.get('title') or '-'}")
    if record.get("subtitle"):
        out.append(f"subtitle: {record['subtitle']}")
    out.append(f"text:     {len(record.get('text') or '')} characters, "
               f"{len(record.get('boilerplate') or [])} boilerplate lines removed")
    meetings = record.get("meetings") or []
    if not meetings:
        out.append("meetings: none found")
    for n, m in enumerate(meetings, 1):
        head = " · ".join(x for x in (m.get("body"), m.get("session"), m.get("kind"), _date(m.get("date")),
                                      m.get("format")) if x)
        out.append(f"meeting {n}: {head or '-'}")
        venues = m.get("venues") or []
        if venues:
            out.append("  venues:  " + "; ".join(
                (v.get("name", "") + (" (main)" if v.get("is_main") else "")) for v in venues))
        people = m.get("people") or []
        if people:
            out.append(f"  people ({len(people)}):")
            for p in people:
                posts = "、".join(p.get("posts") or [])
                roles = ",".join(p.get("roles") or [])
                venue = f" @{p['venue']}" if p.get("venue") else ""
                out.append(f"    {p.get('name', '?')}" + (f"  {posts}" if posts else "") + f"  [{roles}]{venue}")
        for item in m.get("agenda") or []:
            out.append(f"  agenda:  {item.get('kind', '?')}: {_short(item.get('text', ''))}")
        directives = m.get("directives") or []
        out.append(f"  directives: {len(directives)}")
        for d in directives[:_MAX_DIRECTIVES]:
            units = ""
            if d.get("lead") or d.get("support"):
                units = f"  (lead: {'、'.join(d.get('lead') or [])}; support: {'、'.join(d.get('support') or [])})"
            area = f"[{d['area']}] " if d.get("area") else ""
            out.append(f"    - {area}{_short(d.get('text', ''))}{units}")
        if len(directives) > _MAX_DIRECTIVES:
            out.append(f"    … {len(directives) - _MAX_DIRECTIVES} more")
        for c in m.get("commitments") or []:
            out.append(f"  commitment: {c.get('party', '?')}: {_short(c.get('text', ''))}")
    warnings = record.get("warnings") or []
    for w in warnings:
        out.append(f"warning:  {_short(w, 100)}")
    return "\n".join(out) + "\n"
