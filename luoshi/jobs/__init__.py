"""Background jobs: `enqueue(kind, **payload)` and handlers registered with `@handler(kind)`.

    from luoshi import jobs

    @jobs.handler("ingest.read")
    def read(job): ...

    jobs.enqueue("ingest.read", document=42)

Workers run `manage.py run_jobs`; tests and the demo call `jobs.drain()`.
"""

from luoshi.jobs.runner import claim, drain, enqueue, handler, run_one

__all__ = ["claim", "drain", "enqueue", "handler", "run_one"]
