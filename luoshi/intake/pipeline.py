"""bytes → record: format → decode → clean → headline → script fold → rules (meetings).

Every foreseeable failure is an IntakeError; anything else escaping the stages is a bug in the
intake, reported as an IntakeError too (with the exception type) so one bad document never
takes down a batch.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from . import names
from .boilerplate import is_body_line, split_boilerplate
from .clean import pdf_join_threshold, rejoin_broken, remove_pinyin, remove_spam, strip_ws
from .errors import DEFAULT_LIMITS, IntakeError, Limits
from .formats import read_source
from .headline import (
    find_headlines,
    find_published,
    headline_over_lead,
    is_headline_like,
    rejoin_spaces,
    split_run_in,
    strip_title_prefix,
    strip_trailing_chrome,
    with_subheadline,
)
from .readers import read_document
from .record import new_record
from .script import detect_script, to_simplified
from .tasklist import column_key


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise IntakeError after ``seconds`` (SIGALRM; only on the main thread of a Unix process).

    Elsewhere (worker threads, Windows) there is no alarm and the caller's own timeout — the
    CLI's process pool — is the guard.
    """
    usable = (seconds and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def on_alarm(_signum, _frame):
        raise IntakeError(f"timed out after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def extract(data: bytes, filename: str = "-", published: dt.date | None = None,
            limits: Limits | None = None) -> dict[str, Any]:
    """Read one document and return its ``luoshi.extract/1`` record. Raises IntakeError."""
    limits = limits or DEFAULT_LIMITS
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise IntakeError("input is not bytes")
    data = bytes(data)
    with deadline(limits.timeout):
        try:
            return _extract(data, filename, published, limits)
        except IntakeError:
            raise
        except RecursionError as exc:
            raise IntakeError("document nested too deeply") from exc
        except MemoryError as exc:
            raise IntakeError("out of memory reading the document") from exc
        except Exception as exc:  # a bug: report it on one line rather than crash the batch
            raise IntakeError(f"internal error ({type(exc).__name__}: {exc})") from exc


def _extract(data: bytes, filename: str, published: dt.date | None, limits: Limits) -> dict[str, Any]:
    source = read_source(data, filename, limits)
    warnings = list(source.warnings)
    lines = [strip_ws(line) for line in source.lines]
    lines = [line for line in lines if line]
    if not lines:
        raise IntakeError("no text in the document")

    keep, drop = split_boilerplate(lines)

    # spam injected into article lines is cut; a line that was nothing but spam is boilerplate
    clean_lines: list[str] = []
    kept_at: list[int] = []  # index in ``lines`` of each clean line
    dropped_at = set(drop)
    for i in keep:
        line = lines[i]
        cleaned, removed = remove_spam(line)
        if removed:
            warnings.append("removed injected text: " + " | ".join(removed))
            cleaned = strip_ws(cleaned)
            if not any(ch.isalnum() for ch in cleaned):
                dropped_at.add(i)
                continue
        clean_lines.append(cleaned)
        kept_at.append(i)

    # a headline may carry one comma (某某会议召开,某某主持) and so look like running text; it is
    # still the headline when the page prints its byline (dropped as boilerplate) right under it,
    # or when the next line opens the report with its dateline
    under_byline = {k: lines[i + 1] for k, i in enumerate(kept_at) if i + 1 in dropped_at}
    first_body = next((i for i, line in enumerate(clean_lines) if is_body_line(line)
                       and not (i in under_byline and len(line) <= 50 and is_headline_like(line))
                       and not (i + 1 < len(clean_lines) and headline_over_lead(line, clean_lines[i + 1]))),
                      len(clean_lines))
    if first_body == len(clean_lines) and len(clean_lines) > 1:
        # a text without punctuation has no sentence to start the body: the first long
        # line after the headline does (only short lines can be sub-headlines there)
        first_body = next((i for i in range(1, len(clean_lines)) if len(clean_lines[i]) >= 30),
                          len(clean_lines))
    # a share label glued to the headline line (某某会议召开分享到:) is not part of it
    # (not the bar closing a cell of a table written one cell a line: 序号 | / 重点任务 | …)
    cells = _table_cells(clean_lines[:first_body + 1])
    clean_lines[:first_body] = [line if i in cells else strip_trailing_chrome(line)
                                for i, line in enumerate(clean_lines[:first_body])]
    title_i, merged, subtitles, masthead = find_headlines(clean_lines, first_body, under_byline)
    # the header of a table written one cell a line (序号 / 重点工作任务 / 主要责任单位 / …) looks
    # like short sub-headlines; it is the table's, and the task-list reader needs it
    header_cells = _table_header_lines(clean_lines[:first_body])
    subtitles = [i for i in subtitles if i not in header_cells]
    if title_i in header_cells:
        title_i, merged = None, []
    if title_i is None and first_body < len(clean_lines) and (run_in := split_run_in(clean_lines[first_body])):
        # the headline printed at the start of the first paragraph, without a line break
        clean_lines[first_body:first_body + 1] = list(run_in)
        title_i, merged, subtitles, masthead = first_body, [], [], []
        first_body += 1
    title = subtitle = ""
    headline_idx: set[int] = set(masthead)
    dropped_at |= {kept_at[i] for i in masthead}
    boilerplate = [lines[i] for i in sorted(dropped_at)]  # in page order
    if title_i is not None:
        title = strip_title_prefix(rejoin_spaces(remove_pinyin("".join(clean_lines[i] for i in [title_i, *merged]))))
        subtitle = " ".join(rejoin_spaces(remove_pinyin(clean_lines[i])) for i in subtitles)
        headline_idx |= {title_i, *merged, *subtitles}
        # a page that prints its headline twice: the copy is not article text either
        headline_idx |= {i for i in range(first_body) if clean_lines[i] == clean_lines[title_i]
                         or with_subheadline(clean_lines[title_i], clean_lines[i])}
    header = [clean_lines[i] for i in range(first_body) if i not in headline_idx]
    body_lines = [remove_pinyin(line) for i, line in enumerate(clean_lines) if i not in headline_idx]
    body_lines = [line for line in body_lines if line]
    min_len = pdf_join_threshold(body_lines) if source.format == "pdf" else 40
    if any(p in line for line in body_lines for p in "。，,；;！？!?"):
        # (a text without any punctuation breaks its lines where its sentences end)
        body_lines = rejoin_broken(body_lines, min_len)
    text = "\n".join(body_lines)
    simplified = to_simplified(text)
    script = detect_script(text, simplified) if text else detect_script(title)

    if published is None:
        published = find_published(boilerplate, header, body_lines)

    reading = read_document(text, simplified, published, title, boilerplate)
    warnings.extend(reading.warnings)
    return new_record(
        path=filename,
        encoding=source.encoding,
        script=script,
        sha256=hashlib.sha256(data).hexdigest(),
        fmt=source.format,
        title=title,
        subtitle=subtitle,
        published=published,
        boilerplate=boilerplate,
        text=text,
        text_simplified=simplified,
        kind=reading.kind,
        readers=_readers(reading),
        meetings=reading.meetings,
        warnings=warnings,
    )


def _table_header_lines(lines: list[str]) -> set[int]:
    """Lines in a run of three or more that each name a column of a key-task table (序号,
    重点任务, 牵头单位, 配合单位, 完成时限 …), one of them the number or a unit column:
    the header of a table written one cell a line (heldout 分解表 pages)."""
    out: set[int] = set()
    run: list[tuple[int, str]] = []
    for i, line in enumerate([*lines, ""]):
        # (cells ending in a bar are a piped table's, which the reader finds by its bars)
        bare = 0 < len(line.strip()) <= 12 and not line.rstrip().endswith(("|", "│"))
        key = column_key(line.strip()) if bare else None
        if key is not None:
            run.append((i, key))
            continue
        keys = {k for _i, k in run}
        if len(run) >= 3 and ("number" in keys or keys & {"lead", "support", "responsible"}):
            out.update(j for j, _k in run)
        run = []
    return out


def _table_cells(lines: list[str]) -> set[int]:
    """Lines in a run of four or more that each end in a bar: cells of a table written one
    cell a line, whose bar is part of the table, not page chrome."""
    out: set[int] = set()
    run: list[int] = []
    for i, line in enumerate([*lines, ""]):
        if line.rstrip().endswith(("|", "│")):
            run.append(i)
            continue
        if len(run) >= 4:
            out.update(run)
        run = []
    return out


def _readers(reading) -> dict[str, Any]:
    """Which reader produced what: the genre (with every genre's score) and the name source."""
    return {"genre": reading.kind, "genre_scores": reading.scores, "names": names.backend()}
