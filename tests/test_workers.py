"""How many worker processes a comparison starts: cores, as far as the memory limit leaves room."""

import math
import os
import time

import pytest

from smote_core import _workers
from smote_core._workers import (MEMORY_ENV, RESERVE_MIB, WORKER_MIB, memory_limit_mib, ordered_results,
                                 worker_processes)


@pytest.fixture
def cores(monkeypatch):
    def set_cores(n):
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(n)))
    return set_cores


def test_a_container_limit_and_the_override_bound_the_memory(tmp_path, monkeypatch):
    limit = tmp_path / "memory.max"
    limit.write_text(str(1536 * 2**20))
    unlimited = tmp_path / "v1_limit"
    unlimited.write_text("max")
    monkeypatch.setattr(_workers, "_CGROUP_LIMITS", (limit, unlimited, tmp_path / "absent"))
    monkeypatch.delenv(MEMORY_ENV, raising=False)
    assert memory_limit_mib() == 1536
    monkeypatch.setenv(MEMORY_ENV, "900")
    assert memory_limit_mib() == 900


def test_workers_follow_the_cores_and_the_memory(cores, monkeypatch):
    monkeypatch.setattr(_workers, "_CGROUP_LIMITS", ())
    cores(2)
    monkeypatch.setenv(MEMORY_ENV, str(RESERVE_MIB + 2 * WORKER_MIB))
    assert worker_processes() == 2
    cores(8)
    assert worker_processes() == 2  # room for two workers only
    monkeypatch.setenv(MEMORY_ENV, "1024")  # Streamlit Community Cloud: the folds run in the app's process
    assert worker_processes() is None
    monkeypatch.setenv(MEMORY_ENV, str(RESERVE_MIB + 16 * WORKER_MIB))
    cores(1)
    assert worker_processes() is None  # one core: nothing to run beside


def test_a_comparison_stopped_midway_leaves_the_workers_to_the_one_beside_it():
    stopped = ordered_results(time.sleep, [(0.05,)] * 40, n_jobs=2)
    next(stopped)  # a check that a Streamlit rerun stops after its first result
    beside = ordered_results(pow, [(i, 2) for i in range(30)], n_jobs=2)
    first = next(beside)
    stopped.close()  # joblib's Parallel killed its shared workers here, and the check beside it failed
    assert [first, *beside] == [i * i for i in range(30)]
    assert list(ordered_results(pow, [(2, 10)], n_jobs=2)) == [1024]


def test_results_come_in_order_and_errors_reach_the_caller():
    assert list(ordered_results(pow, [(i, 3) for i in range(10)], n_jobs=None)) == [i**3 for i in range(10)]
    with pytest.raises(ValueError, match="math domain error"):
        list(ordered_results(math.sqrt, [(4,), (-1,)], n_jobs=2))


def test_started_workers_serve_the_first_comparison_without_a_new_pool():
    _workers.start_workers(2)
    pool = _workers._pool(2)
    started = set(pool._processes)
    assert len(started) == 2  # both workers up before any comparison asked for them
    pids = set(ordered_results(os.getpid, [()] * 20, n_jobs=2))
    assert _workers._pool(2) is pool and pids <= started


def test_no_workers_start_where_the_folds_run_in_this_process(monkeypatch):
    monkeypatch.setattr(_workers, "_pools", {})
    _workers.start_workers(None)
    _workers.start_workers(1)
    assert _workers._pools == {}
