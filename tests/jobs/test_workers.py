"""Whether the worker process named on a job is still alive."""

import os
import socket
import subprocess
from datetime import UTC, datetime

from django.utils import timezone

from jobs.workers import worker_is_gone, worker_name

HOST = socket.gethostname()


def test_a_worker_is_named_by_host_and_process():
    assert worker_name() == f"{HOST}:{os.getpid()}"


def test_a_process_that_exited_is_gone():
    child = subprocess.Popen(["true"])
    child.wait()
    assert worker_is_gone(f"{HOST}:{child.pid}", since=timezone.now())


def test_a_live_process_that_took_the_job_is_not_gone():
    assert not worker_is_gone(worker_name(), since=timezone.now())
    assert not worker_is_gone(worker_name())


def test_a_live_process_that_started_after_the_job_was_taken_reused_the_number():
    long_ago = datetime(2001, 1, 1, tzinfo=UTC)
    assert worker_is_gone(worker_name(), since=long_ago)


def test_nothing_is_known_about_another_host_or_a_malformed_name():
    assert not worker_is_gone("another-host:1", since=timezone.now())
    assert not worker_is_gone(f"{HOST}:not-a-pid")
    assert not worker_is_gone("")
