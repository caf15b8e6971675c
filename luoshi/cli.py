"""The ``luoshi`` command. Subcommands: ``extract`` (more may be added beside it).

    luoshi extract FILE... [--format table|json|jsonl] [--published YYYY-MM-DD] [--jobs N]

Never a traceback: a file that cannot be read gives one line ``luoshi: FILE: reason`` on stderr
and the others continue; the exit status is 2 if any file failed, else 0.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Any

PROG = "luoshi"


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from exc
    if n < 0:
        raise argparse.ArgumentTypeError("--jobs must be 0 (all cores) or more")
    return n


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Luoshi (落实) command line.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    ex = sub.add_parser("extract", help="read meeting reports and key-task lists into luoshi.extract/1 records",
                        description="Read documents (.txt .html .docx .pdf; '-' is stdin) and print records.")
    ex.add_argument("files", nargs="+", metavar="FILE")
    ex.add_argument("--format", choices=("table", "json", "jsonl"), default=None,
                    help="table (default on a terminal), json (pretty) or jsonl (one record a line, default otherwise)")
    ex.add_argument("--published", type=_date, default=None, metavar="YYYY-MM-DD",
                    help="publication date of the documents (otherwise found in the byline, if any)")
    ex.add_argument("--jobs", type=_jobs, default=1, metavar="N",
                    help="worker processes (default 1; 0 = all cores); output stays in input order")
    ex.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                    help="time limit per document (default 30)")
    ex.add_argument("--max-bytes", type=int, default=None, metavar="N", help="input size limit (default 10 MB)")
    ex.set_defaults(func=cmd_extract)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (| head): stop quietly, and keep Python from complaining at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from luoshi.intake import Limits
    from luoshi.intake.runner import run_files

    fmt = args.format or ("table" if sys.stdout.isatty() else "jsonl")
    limits_kwargs: dict[str, Any] = {}
    if args.timeout is not None:
        limits_kwargs["timeout"] = max(0.0, args.timeout)
    if args.max_bytes is not None:
        limits_kwargs["max_bytes"] = max(1, args.max_bytes)
    limits = Limits(**limits_kwargs)
    jobs = args.jobs or (os.cpu_count() or 1)
    if "-" in args.files:
        jobs = 1  # stdin belongs to this process
    failed = 0
    first = True
    if fmt == "json" and len(args.files) > 1:
        sys.stdout.write("[\n")
    results: Iterator[tuple[str, dict | None, str | None]] = run_files(
        args.files, args.published, limits, jobs, progress=sys.stderr.isatty())
    for path, record, error in results:
        if error is not None:
            failed += 1
            print(f"{PROG}: {path}: {error}", file=sys.stderr, flush=True)
            continue
        if fmt == "jsonl":
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif fmt == "json":
            text = json.dumps(record, ensure_ascii=False, indent=2)
            if len(args.files) > 1:
                text = ("" if first else ",\n") + "\n".join("  " + line for line in text.splitlines())
            sys.stdout.write(text + ("" if len(args.files) > 1 else "\n"))
        else:
            from luoshi.intake.table import format_table

            sys.stdout.write(("" if first else "\n") + format_table(record))
        first = False
        sys.stdout.flush()
    if fmt == "json" and len(args.files) > 1:
        sys.stdout.write("\n]\n")
    return 2 if failed else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
