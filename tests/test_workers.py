"""How many worker processes a comparison starts: cores, as far as the memory limit leaves room."""

import math
import os
import time
from operator import itemgetter

import pytest

from smote_core import _workers
from smote_core._workers import (MEMORY_ENV, RESERVE_MIB, WORKER_MIB, dearest_first, memory_limit_mib,
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
    stopped = dearest_first(time.sleep, {i: (0.05,) for i in range(40)}, n_jobs=2)
    next(stopped)  # a check that a Streamlit rerun stops after its first result
    beside = dearest_first(pow, {i: (i, 2) for i in range(30)}, n_jobs=2)
    first = next(beside)
    stopped.close()  # joblib's Parallel killed its shared workers here, and the check beside it failed
    assert dict([first, *beside]) == {i: i * i for i in range(30)}
    assert list(dearest_first(pow, {"only": (2, 10)}, n_jobs=2)) == [("only", 1024)]


def test_every_result_comes_with_its_key_and_errors_reach_the_caller():
    cubes = {i: (i, 3) for i in range(10)}
    assert dict(dearest_first(pow, cubes, n_jobs=None)) == dict(dearest_first(pow, cubes, n_jobs=2)) \
        == {i: i**3 for i in range(10)}
    with pytest.raises(ValueError, match="math domain error"):
        list(dearest_first(math.sqrt, {"fine": (4,), "negative": (-1,)}, n_jobs=2))


def _run_and_note(order, key, pause):
    order.append(key)
    time.sleep(pause)


def test_the_dearest_kind_of_task_starts_first_once_it_is_timed():
    order, seconds = [], {}
    tasks = {(kind, i): (order, (kind, i), pause) for i in range(3) for kind, pause in (("quick", 0), ("slow", 0.02))}
    list(dearest_first(_run_and_note, tasks, n_jobs=None, kind=itemgetter(0), seconds=seconds))
    # one of each kind to time them, in the given order; then the slow ones, which took longer
    assert order == [("quick", 0), ("slow", 0), ("slow", 1), ("slow", 2), ("quick", 1), ("quick", 2)]
    assert len(seconds["slow"]) == len(seconds["quick"]) == 3 and min(seconds["slow"]) > max(seconds["quick"])
    order.clear()
    list(dearest_first(_run_and_note, tasks, n_jobs=None, kind=itemgetter(0), seconds=seconds))
    assert [kind for kind, _ in order] == ["slow"] * 3 + ["quick"] * 3  # timed by the earlier call


def test_tasks_in_workers_are_timed_where_they_ran():
    seconds = {}
    found = dict(dearest_first(time.sleep, {("nap", i): (0.05,) for i in range(4)}, n_jobs=2, kind=itemgetter(0),
                               seconds=seconds))
    assert set(found) == {("nap", i) for i in range(4)} and len(seconds["nap"]) == 4
    assert all(0.05 <= s < 5 for s in seconds["nap"])


def test_started_workers_serve_the_first_comparison_without_a_new_pool():
    _workers.start_workers(2)
    pool = _workers._pool(2)
    started = set(pool._processes)
    assert len(started) == 2  # both workers up before any comparison asked for them
    pids = set(dict(dearest_first(os.getpid, {i: () for i in range(20)}, n_jobs=2)).values())
    assert _workers._pool(2) is pool and pids <= started


def test_no_workers_start_where_the_folds_run_in_this_process(monkeypatch):
    monkeypatch.setattr(_workers, "_pools", {})
    _workers.start_workers(None)
    _workers.start_workers(1)
    assert _workers._pools == {}


def _pool_uses_psutil() -> bool:
    from joblib.externals.loky import process_executor
    return process_executor._USE_PSUTIL


def test_workers_watch_their_memory_instead_of_collecting_garbage_every_second():
    assert set(dict(dearest_first(_pool_uses_psutil, {i: () for i in range(4)}, n_jobs=2)).values()) == {True}
