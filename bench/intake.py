"""Benchmark of luoshi.intake on one core: documents/s and characters/s, beside jieba alone.

    .venv/bin/python bench/intake.py [--docs 1500] [--corpus ../shared/corpus]

The development reports and the key-task lists are replicated to --docs documents (copies differ
in trailing whitespace, so no cache can help) and run through ``extract`` in this process.
In the same run jieba segments the same texts (lcut over all, posseg over a sample), so the cost
of a segmenter is visible next to the pipeline's. The library itself never imports jieba.
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
    ap.add_argument("--posseg-sample", type=int, default=50)
    ap.add_argument("--no-jieba", action="store_true")
    args = ap.parse_args()

    docs = replicate(load_corpus(args.corpus.resolve()), max(1, args.docs))
    total_bytes = sum(len(d) for d in docs)
    elapsed, cpu, chars, per_doc = bench_extract(docs)
    dps = len(docs) / elapsed
    print(f"intake.extract: {len(docs)} documents, {total_bytes / 1e6:.2f} MB, {elapsed:.2f} s wall, {cpu:.2f} s CPU")
    print(f"  {dps:,.0f} documents/s, {chars / elapsed:,.0f} characters/s (one process, one core, wall clock)")
    # on a shared machine wall time includes waiting for the core; CPU time is this process's work
    print(f"  {len(docs) / cpu:,.0f} documents/s, {chars / cpu:,.0f} characters/s (CPU time)")
    per_doc.sort()
    print(f"  per document: median {statistics.median(per_doc) * 1e3:.2f} ms, "
          f"p95 {per_doc[int(0.95 * (len(per_doc) - 1))] * 1e3:.2f} ms, max {per_doc[-1] * 1e3:.2f} ms")
    print(f"  target >= {TARGET_DOCS_PER_S} documents/s: {'met' if dps >= TARGET_DOCS_PER_S else 'NOT met'}")

    if not args.no_jieba:
        texts = [d.decode("utf-8-sig", errors="replace") for d in docs]
        lcut, posseg, n = bench_jieba(texts, args.posseg_sample)
        jchars = sum(len(t) for t in texts)
        print(f"jieba.lcut alone: {len(texts) / lcut:,.0f} documents/s, {jchars / lcut:,.0f} characters/s")
        pchars = sum(len(t) for t in texts[:n])
        print(f"jieba.posseg.lcut alone ({n} documents): {n / posseg:,.0f} documents/s, "
              f"{pchars / posseg:,.0f} characters/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
