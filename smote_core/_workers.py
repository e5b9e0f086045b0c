"""The worker processes a comparison trains its folds in, and how many it may start: one a core, as far as
memory leaves room.

The cross-validation engine trains its folds in worker processes (threads do not help: a small fit is
mostly Python holding the interpreter's lock). Each worker holds its own numpy, pandas and scikit-learn,
about 220 MiB resident (measured with two workers beside a 230 MiB parent), so a machine or container with
little memory -- Streamlit Community Cloud gives an app about 1 GB -- trains the folds one after another in
the calling process instead.

The workers are one pool of this module's own (:func:`dearest_first`), shared by every comparison in the
process and never killed. joblib's ``Parallel`` kills its shared workers when one of its result generators
is abandoned -- a Streamlit rerun stopping a check midway -- and a check running beside it (the next run,
another visitor's) then failed with "the executor underlying Parallel has been shutdown".

The pool watches each worker's memory with psutil (a dependency for this alone): without it, loky runs a
full garbage collection in every worker once a second, 70-85 ms each with scikit-learn loaded, about 7% of
a check's time.
"""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import FIRST_COMPLETED, wait
from importlib import import_module
from pathlib import Path
from typing import Callable, Iterator

from joblib import effective_n_jobs
from joblib.externals.loky import ProcessPoolExecutor
from joblib.externals.loky.process_executor import BrokenProcessPool, ShutdownExecutorError
from sklearn import config_context, get_config
from threadpoolctl import ThreadpoolController

# Resident memory a worker process costs, with a margin, and what the calling process keeps for itself
# (the dashboard's server is held to 800 MiB: benchmarks/memory.py).
WORKER_MIB = 300
RESERVE_MIB = 1024
# Overrides the memory limit found (MiB): to see what a smaller machine would do, or to hold a service in.
MEMORY_ENV = "SMOTE_LAB_MEMORY_MIB"
_CGROUP_LIMITS = (Path("/sys/fs/cgroup/memory.max"), Path("/sys/fs/cgroup/memory/memory.limit_in_bytes"))
# An idle worker leaves after this many seconds (and is started again when work comes).
IDLE_SECONDS = 300
_pools: dict = {}
_pools_lock = threading.Lock()
_controllers: list = []


def memory_limit_mib() -> float:
    """The memory this process may use, in MiB: the smallest of ``SMOTE_LAB_MEMORY_MIB``, the container's
    limit (cgroup v2 or v1) and the machine's physical memory."""
    limits = [os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20]
    for path in _CGROUP_LIMITS:
        text = path.read_text().strip() if path.is_file() else "max"
        if text.isdigit():
            limits.append(int(text) / 2**20)
    if os.environ.get(MEMORY_ENV):
        limits.append(float(os.environ[MEMORY_ENV]))
    return min(limits)


def worker_processes() -> int | None:
    """Worker processes for a comparison: one a core this process may run on, as many as
    :func:`memory_limit_mib` holds beyond :data:`RESERVE_MIB` at :data:`WORKER_MIB` each; None (the
    folds one after another in this process) when that is fewer than two."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    room = int((memory_limit_mib() - RESERVE_MIB) // WORKER_MIB)
    workers = min(cores, room)
    return workers if workers >= 2 else None


def dearest_first(function: Callable, tasks: dict, n_jobs: int | None, *, kind: Callable = lambda key: key,
                  seconds: dict | None = None) -> Iterator[tuple]:
    """``(key, function(*task))`` for every ``key: task`` of ``tasks``, each run on one thread under this
    thread's scikit-learn configuration, in ``n_jobs`` worker processes (joblib's meaning: -1 for every
    core) or one after another here when ``n_jobs`` is None or 1; yielded as they finish.

    The task started next is always the one expected to take longest (longest processing time first,
    Graham, 1969), so that a long task does not start last while the other workers sit idle: a check
    whose five folds of one slow sampler came last left one of two workers idle for half a second a
    drawing. Tasks of one ``kind(key)`` are expected to cost alike: first one task of every kind not yet
    timed (in the given order), then kinds started but not yet timed, then the dearest timed kind, by the
    mean seconds its tasks took in their worker. ``seconds`` (kind -> list of seconds) keeps those times
    and is updated in place: pass the same dict to later calls so that they start well informed. The
    schedule never changes a result, only when it arrives.

    A caller that stops reading early (an exception, a Streamlit rerun) starts no further task and
    cancels those queued; those already running finish in their worker and are dropped. The workers stay
    up for the next comparison, and for any other running beside this one.
    """
    config = get_config()
    seconds = {} if seconds is None else seconds
    pending, started = list(tasks), set()
    n_workers = 1 if n_jobs is None else effective_n_jobs(n_jobs)

    def next_key():
        def rank(position):
            times = seconds.get(kind(pending[position]))
            if times:
                return 2, -sum(times) / len(times), position
            return int(kind(pending[position]) in started), 0.0, position
        key = pending.pop(min(range(len(pending)), key=rank))
        started.add(kind(key))
        return key

    def record(key, outcome):
        result, took = outcome
        seconds.setdefault(kind(key), []).append(took)
        return key, result

    if n_workers == 1:
        while pending:
            key = next_key()
            yield record(key, _timed(function, tasks[key], config))
        return
    running = {}
    try:
        while pending or running:
            while pending and len(running) <= n_workers:  # one queued beyond the busy workers: none waits here
                key = next_key()
                running[_submitted(n_workers, [(_timed, function, tasks[key], config)])[0]] = key
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in [f for f in running if f in finished]:
                yield record(running.pop(future), future.result())
    finally:
        for future in running:
            future.cancel()


def start_workers(n_jobs: int | None, module: str = "smote_core.crossval") -> None:
    """Start the pool's ``n_jobs`` workers (joblib's meaning) and import ``module`` in them, and return when
    that is done, so that a first comparison does not wait for it (about 2 s a worker on two busy cores).
    Nothing happens when the folds would run in this process (``n_jobs`` None or 1).

    One import is sent for every worker; the pool starts them all at once and each takes the next, so every
    worker imports unless one finishes an import before another has started (the import takes seconds, a
    start a fraction of one)."""
    n_workers = 1 if n_jobs is None else effective_n_jobs(n_jobs)
    if n_workers > 1:
        for future in _submitted(n_workers, [(_imported, module)] * n_workers):
            future.result()


def _imported(module: str) -> str:
    import_module(module)
    return module


def _submitted(n_workers: int, calls: list) -> list:
    """``calls`` (each a callable and its arguments) submitted to the pool of ``n_workers`` workers; a pool
    broken by a worker that died under an earlier comparison is replaced first."""
    try:
        return [_pool(n_workers).submit(*call) for call in calls]
    except (BrokenProcessPool, ShutdownExecutorError):
        return [_pool(n_workers, fresh=True).submit(*call) for call in calls]


def _pool(n_workers: int, fresh: bool = False) -> ProcessPoolExecutor:
    with _pools_lock:
        if fresh or n_workers not in _pools:
            _pools[n_workers] = ProcessPoolExecutor(max_workers=n_workers, timeout=IDLE_SECONDS)
        return _pools[n_workers]


def _timed(function: Callable, task: tuple, config: dict) -> tuple:
    """``function(*task)`` on one thread under ``config``, and the seconds it took."""
    start = time.perf_counter()
    with config_context(**config), _thread_pools().limit(limits=1):
        return function(*task), time.perf_counter() - start


def _thread_pools() -> ThreadpoolController:
    """This process's native thread pools (BLAS, OpenMP), found once: looking for them reads the process's
    memory map, 6 ms a time, which was 7% of a small check when done for every task. Found when the first
    task runs, after numpy, SciPy and scikit-learn have loaded theirs."""
    if not _controllers:
        _controllers.append(ThreadpoolController())
    return _controllers[0]
