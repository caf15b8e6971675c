"""Run a document reader in a child process whose memory is capped (RLIMIT_AS).

PDF and .docx readers (pdfminer, python-docx/lxml) build structures many times larger than the
file; the counters of ``bounded.py`` stop decompression bombs, but not, say, a .docx of a few MB
whose XML is millions of empty paragraphs. So the reader runs in a forked child whose address
space may grow by ``Limits.reader_memory`` only: past it, allocation fails in the child
(MemoryError), the child reports ``document expands past N MB in memory`` and ends, and the
calling process — the CLI worker or the web job worker, both of which call ``extract`` — never
holds more than the reader's result (the text lines).

The child is a plain ``os.fork`` that leaves with ``os._exit``: no atexit handlers, no flush of
the parent's buffered output, no touching of inherited database connections. The parent's
deadline (SIGALRM in ``pipeline.deadline``) interrupts the wait; the child is then killed.
Where fork or RLIMIT_AS do not exist (Windows), or ``reader_memory`` is 0, the reader runs
in-process and only the counters guard it.
"""
from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Callable
from typing import TypeVar

from .bounded import mb
from .errors import IntakeError

try:
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

T = TypeVar("T")
_in_child = False


def available() -> bool:
    return hasattr(os, "fork") and resource is not None and hasattr(resource, "RLIMIT_AS")


def _address_space() -> int:
    """This process's virtual size in bytes (0 when unknown): the child's starting point."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _cap_memory(extra: int) -> None:
    base = _address_space()
    if not base:
        return  # no /proc: the child still isolates the reader, without a cap
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    want = base + extra
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    if soft == resource.RLIM_INFINITY or want < soft:
        resource.setrlimit(resource.RLIMIT_AS, (want, hard))


def run_capped(reader: Callable[..., T], *args: object, memory: int, timeout: float = 0.0) -> T:
    """``reader(*args)`` in a child process with ``memory`` bytes of address space to spare.

    The child's IntakeError is raised here with the same reason; running out of memory there
    is ``document expands past N MB in memory``; a crash of the child (a C library that aborts
    on a failed allocation) is an IntakeError too. Runs in-process when ``memory`` is 0, when
    fork is missing, or when already inside a capped child. ``timeout`` (seconds, 0 = none) is
    the child's own alarm, for callers whose deadline cannot interrupt the wait (a thread).
    """
    if memory <= 0 or _in_child or not available():
        return reader(*args)
    limit = f"document expands past {mb(memory)} MB in memory, refused"
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child; its outcome is tested from the parent
        _child(rfd, wfd, reader, args, memory, limit, timeout)
    chunks: list[bytes] = []
    finished = False
    try:
        os.close(wfd)
        while chunk := os.read(rfd, 1 << 20):
            chunks.append(chunk)
        finished = True
    finally:
        os.close(rfd)
        if not finished:  # interrupted (the deadline): the child must not outlive the document
            _kill(pid)
    _pid, status = os.waitpid(pid, 0)
    payload = b"".join(chunks)
    if not payload:
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGALRM:
            raise IntakeError(f"timed out after {timeout:g} s")
        if os.WIFSIGNALED(status):
            raise IntakeError(f"document reader crashed (signal {os.WTERMSIG(status)}), "
                              f"possibly past {mb(memory)} MB in memory")
        raise IntakeError("document reader ended without a result")
    kind, value = pickle.loads(payload)
    if kind == "ok":
        return value
    raise IntakeError(value)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    """Linux: the child is killed if its parent dies (a CLI worker killed by the pool)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _child(rfd: int, wfd: int, reader: Callable, args: tuple, memory: int, limit: str,
           timeout: float) -> None:  # pragma: no cover - runs in the child
    global _in_child
    code = 0
    try:
        _in_child = True
        os.close(rfd)
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # ^C in the CLI ends the child too
        signal.signal(signal.SIGALRM, signal.SIG_DFL)  # the alarm ends the child, reported by the parent
        signal.setitimer(signal.ITIMER_REAL, timeout + 1.0 if timeout > 0 else 0)
        _die_with_parent()
        _cap_memory(memory)
        try:
            result: tuple[str, object] = ("ok", reader(*args))
            payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = pickle.dumps(("error", limit))
        except IntakeError as exc:
            payload = pickle.dumps(("error", str(exc)))
        except RecursionError:
            payload = pickle.dumps(("error", "document nested too deeply"))
        except Exception as exc:  # a bug in a reader: one line, as the pipeline reports it
            payload = pickle.dumps(("error", f"internal error ({type(exc).__name__}: {exc})"))
        view = memoryview(payload)
        while view:
            view = view[os.write(wfd, view):]
    except BaseException:
        code = 1
    finally:
        os._exit(code)
