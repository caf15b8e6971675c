"""The background job mechanism: claiming, running, retrying."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from luoshi import jobs
from luoshi.jobs.models import Job
from luoshi.jobs.runner import try_claim

pytestmark = pytest.mark.django_db

RAN: list = []


@jobs.handler("test.note")
def _note(job):
    RAN.append(job.payload["n"])


@jobs.handler("test.explode")
def _explode(job):
    raise RuntimeError("boom")


@pytest.fixture(autouse=True)
def _clear():
    RAN.clear()


def test_two_workers_claiming_the_same_job_never_both_get_it():
    job = jobs.enqueue("test.note", n=1)
    assert try_claim(job.pk, "worker-a") is True
    assert try_claim(job.pk, "worker-b") is False
    job.refresh_from_db()
    assert (job.state, job.worker, job.attempts) == ("running", "worker-a", 1)


def test_two_workers_claiming_in_turn_take_different_jobs():
    jobs.enqueue("test.note", n=1)
    jobs.enqueue("test.note", n=2)
    first, second = jobs.claim("worker-a"), jobs.claim("worker-b")
    assert first.pk != second.pk
    assert jobs.claim("worker-c") is None


def test_the_worker_runs_queued_jobs_in_order_and_marks_them_done():
    jobs.enqueue("test.note", n=1)
    jobs.enqueue("test.note", n=2)
    call_command("run_jobs", "--once")
    assert RAN == [1, 2]
    assert set(Job.objects.values_list("state", "progress")) == {("done", 100)}


def test_a_failing_job_is_retried_then_left_failed_with_its_error():
    job = jobs.enqueue("test.explode")
    assert jobs.drain() == job.max_attempts
    job.refresh_from_db()
    assert job.state == "failed" and job.attempts == job.max_attempts
    assert "boom" in job.error


def test_enqueueing_an_unknown_kind_is_refused():
    with pytest.raises(LookupError):
        jobs.enqueue("test.nobody-handles-this")
