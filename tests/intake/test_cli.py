"""The real ``luoshi extract`` command, run as a subprocess: output formats, order, failures."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from .iohelpers import REPORT_HANS, REPORT_HANT, ROOT, cli, make_docx, make_pdf

SCHEMA = json.loads((ROOT / "docs" / "extract.schema.json").read_text(encoding="utf-8"))


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {
        "hans.txt": REPORT_HANS.encode("utf-8"),
        "hant.txt": REPORT_HANT.encode("big5"),
        "gb.txt": REPORT_HANS.encode("gb18030"),
        "plan.docx": make_docx(["临江市2024年重点工作分工", "会议要求,各部门要抓好落实。"]),
        "empty.txt": b"",
        "binary.txt": b"\x00\x01\x02\xff" * 100,
        "cut.docx": make_docx(["临江市会议", "会议要求,要抓好落实。"])[:300],
        "scan.pdf": make_pdf(["x"], text=False),
        "app.html": b"<html><body><script>var x = 1;</script></body></html>",
    }
    paths = {}
    for name, data in out.items():
        p = tmp_path / name
        p.write_bytes(data)
        paths[name] = p
    return paths


def test_jsonl_records_validate(files: dict[str, Path]) -> None:
    proc = cli("extract", str(files["hans.txt"]), str(files["hant.txt"]), "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""
    lines = proc.stdout.decode("utf-8").splitlines()
    assert len(lines) == 2
    records = [json.loads(line) for line in lines]
    for record in records:
        jsonschema.validate(record, SCHEMA)
    assert records[0]["source"]["path"].endswith("hans.txt")
    assert records[1]["title"] == "臨江市召開防汛工作專題會議"
    assert "臨江" in lines[1]  # ensure_ascii=False


def test_failures_are_one_line_each_and_others_continue(files: dict[str, Path]) -> None:
    order = ["empty.txt", "hans.txt", "binary.txt", "cut.docx", "gb.txt", "scan.pdf", "app.html", "plan.docx"]
    proc = cli("extract", *(str(files[n]) for n in order), "--format", "jsonl")
    assert proc.returncode == 2
    err = proc.stderr.decode("utf-8").splitlines()
    assert err == [
        f"luoshi: {files['empty.txt']}: empty file",
        f"luoshi: {files['binary.txt']}: binary file, not text",
        f"luoshi: {files['cut.docx']}: truncated or corrupt .docx",
        f"luoshi: {files['scan.pdf']}: PDF has no text layer (scanned?)",
        f"luoshi: {files['app.html']}: HTML has no article text",
    ]
    assert "Traceback" not in proc.stderr.decode("utf-8")
    paths = [json.loads(line)["source"]["path"] for line in proc.stdout.decode("utf-8").splitlines()]
    assert paths == [str(files[n]) for n in ("hans.txt", "gb.txt", "plan.docx")]


def test_missing_file(tmp_path: Path) -> None:
    proc = cli("extract", str(tmp_path / "nope.txt"))
    assert proc.returncode == 2
    assert proc.stderr.decode().strip() == f"luoshi: {tmp_path / 'nope.txt'}: no such file"


def test_jobs_keep_input_order(files: dict[str, Path], tmp_path: Path) -> None:
    names = []
    for i in range(12):
        p = tmp_path / f"doc{i:02d}.txt"
        p.write_bytes((REPORT_HANS if i % 2 else REPORT_HANT).encode("utf-8"))
        names.append(str(p))
    names.insert(5, str(files["empty.txt"]))
    proc = cli("extract", *names, "--format", "jsonl", "--jobs", "2")
    assert proc.returncode == 2
    assert proc.stderr.decode().strip() == f"luoshi: {files['empty.txt']}: empty file"
    paths = [json.loads(line)["source"]["path"] for line in proc.stdout.decode().splitlines()]
    assert paths == [n for n in names if not n.endswith("empty.txt")]
    assert cli("extract", *names[:3], "--format", "jsonl", "--jobs", "0").returncode == 0


def test_stdin_and_published() -> None:
    proc = cli("extract", "-", "--format", "json", "--published", "2024-03-06", stdin=REPORT_HANS.encode("gb18030"))
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert record["source"]["path"] == "-"
    assert record["source"]["encoding"] == "gb18030"
    assert record["published"] == "2024-03-06"


def test_json_array_for_many(files: dict[str, Path]) -> None:
    proc = cli("extract", str(files["hans.txt"]), str(files["gb.txt"]), "--format", "json")
    assert proc.returncode == 0
    assert [r["source"]["encoding"] for r in json.loads(proc.stdout)] == ["utf-8", "gb18030"]


def test_table(files: dict[str, Path]) -> None:
    proc = cli("extract", str(files["hant.txt"]), "--format", "table")
    assert proc.returncode == 0
    out = proc.stdout.decode("utf-8")
    assert "title:    臨江市召開防汛工作專題會議" in out
    assert "[txt, big5, hant]" in out
    assert "meeting" in out


def test_usage_errors() -> None:
    assert cli("extract", "x.txt", "--published", "March").returncode == 2
    assert cli("extract", "x.txt", "--jobs", "-1").returncode == 2
    assert cli().returncode == 2
