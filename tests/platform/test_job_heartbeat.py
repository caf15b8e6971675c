"""A job stuck on a worker that died or hangs is put back while the other workers run, not
only when one restarts (issue 10 item 9): the running worker stamps a heartbeat, and every
worker's loop sweeps for jobs whose heartbeat stopped."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import time_machine
from django.db import OperationalError

from luoshi import jobs
from luoshi.jobs.models import Job
from luoshi.jobs.runner import heartbeat, loop, requeue_stale, worker_name

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
RAN: list = []


@jobs.handler("test.heartbeat.note")
def _note(job):
    RAN.append(job.worker)


CLOCK: list = []


@jobs.handler("test.heartbeat.long")
def _long(job):
    CLOCK[0].shift(job.payload["seconds"])
    RAN.append("long")


@pytest.fixture(autouse=True)
def _clear():
    RAN.clear()
    CLOCK.clear()


@pytest.fixture
def timeout(settings):
    settings.LUOSHI_JOB_STALE_SECONDS = 300
    return dt.timedelta(seconds=300)


@pytest.mark.django_db
def test_a_job_whose_worker_stopped_beating_is_run_by_a_worker_already_running(timeout, settings):
    settings.LUOSHI_JOB_HEARTBEAT_SECONDS = 0  # sweep between every two jobs
    with time_machine.travel(START, tick=False) as clock:
        stuck = jobs.enqueue("test.heartbeat.note")
        assert jobs.claim("dead-host:1").pk == stuck.pk  # …and that worker dies mid-job
        # A running worker: when it starts the stuck job is fresh and left alone; while it
        # works on a long job the dead worker's heartbeat goes stale.
        jobs.enqueue("test.heartbeat.long", seconds=timeout.total_seconds() + 1)
        CLOCK.append(clock)
        assert loop(once=True) == 2
    stuck.refresh_from_db()
    assert (stuck.state, stuck.attempts) == (Job.State.DONE, 2)
    assert RAN == ["long", worker_name()]


@pytest.mark.django_db
def test_within_the_timeout_a_running_job_is_left_to_its_worker(timeout):
    with time_machine.travel(START, tick=False) as clock:
        job = jobs.enqueue("test.heartbeat.note")
        jobs.claim("slow-host:1")
        clock.shift(timeout.total_seconds() - 1)
        assert loop(once=True) == 0
    job.refresh_from_db()
    assert (job.state, job.worker) == (Job.State.RUNNING, "slow-host:1")


@pytest.mark.django_db
def test_a_long_job_that_keeps_beating_is_not_taken_from_its_worker(timeout):
    with time_machine.travel(START, tick=False) as clock:
        job = jobs.enqueue("test.heartbeat.note")
        jobs.claim("busy-host:1")
        clock.shift(3600)  # started an hour ago…
        Job.objects.filter(pk=job.pk).update(heartbeat=START + dt.timedelta(seconds=3500))  # …beat just now
        assert requeue_stale() == 0
    job.refresh_from_db()
    assert (job.state, job.worker) == (Job.State.RUNNING, "busy-host:1")


@pytest.mark.django_db
def test_a_job_that_has_used_its_attempts_is_failed_not_put_back_forever(timeout):
    with time_machine.travel(START, tick=False) as clock:
        job = jobs.enqueue("test.heartbeat.note")
        Job.objects.filter(pk=job.pk).update(attempts=job.max_attempts - 1)
        jobs.claim("dead-host:1")
        clock.shift(timeout.total_seconds() + 1)
        assert requeue_stale() == 1
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "heartbeat" in job.error


@pytest.mark.django_db
def test_a_worker_that_lost_its_job_to_the_sweep_does_not_overwrite_the_new_run():
    job = jobs.enqueue("test.heartbeat.note")
    mine = jobs.claim("slow-host:1")
    Job.objects.filter(pk=job.pk).update(worker="other-host:2")  # swept and taken meanwhile
    jobs.run_one(mine)
    job.refresh_from_db()
    assert (job.state, job.worker) == (Job.State.RUNNING, "other-host:2")


def test_the_running_worker_stamps_the_heartbeat_while_the_handler_works(transactional_db):
    job = jobs.enqueue("test.heartbeat.note")
    job = jobs.claim("live-host:1")
    first = job.heartbeat
    seen = first
    with heartbeat(job, interval=0.02):
        # The handler's side: wait (up to 10 s) until the beat thread's stamp shows.
        deadline = time.monotonic() + 10
        while seen == first and time.monotonic() < deadline:
            time.sleep(0.05)
            try:
                seen = Job.objects.values_list("heartbeat", flat=True).get(pk=job.pk)
            except OperationalError:  # SQLite's shared in-memory test database, briefly locked
                pass
    assert seen > first
