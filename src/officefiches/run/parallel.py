"""Jobs in worker processes, stopped cleanly on every path out.

- The run's state reaches each worker once, through the pool's initializer: inherited under `fork`
  (Linux, no copy), pickled under `spawn` (Windows, macOS) or `forkserver`.
- Workers ignore Ctrl-C (the parent stops them; no traceback from each worker when a terminal
  sends SIGINT to the whole process group); on SIGTERM they remove the file they were writing and
  exit without a word; they exit when their parent dies, even by `kill -9` (they never outlive it
  holding stdout). The build removes whatever temporary file a killed worker still left.
- On every exit path (done, Ctrl-C, SIGTERM, an error) the pool is shut down: pending work
  cancelled, workers terminated and joined. A worker killed by the system (out of memory) breaks
  the pool: the unfinished jobs then run one at a time in a one-worker pool, so that a job that
  kills its worker again is known for sure, reported as failed, and the others go on.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

from officefiches import resources
from officefiches.run.jobs import Job, JobResult, RunState, run_job

WORKER_DIED = (
    "un processus de travail s'est arrêté brutalement (mémoire insuffisante ?) ; "
    "relancez avec moins de processus (--jobs 1)"
)

_STATE: RunState | None = None  # in a worker: the run's state, set by the initializer
_IN_JOB = False  # in a worker: a job is running (SIGTERM then unwinds it to remove its file)


def start_method(requested: str | None = None) -> str:
    """`fork` where it is the platform's safe default (Linux: the data are shared, not copied),
    else the platform's own (`spawn` on Windows and macOS)."""
    available = multiprocessing.get_all_start_methods()
    if requested:
        if requested not in available:
            raise ValueError(f"start method {requested!r} not available here: {available}")
        return requested
    if sys.platform.startswith("linux") and "fork" in available:
        return "fork"
    return multiprocessing.get_start_method(allow_none=False)


def run_all(
    jobs: Sequence[Job],
    state: RunState,
    processes: int,
    on_result: Callable[[JobResult], None],
    method: str | None = None,
) -> None:
    """Run every job (in `processes` workers when more than one) and hand each result to
    `on_result` in the calling process, as they finish."""
    if processes <= 1 or len(jobs) <= 1:
        with fewer_collections():
            for job in jobs:
                on_result(run_job(job, state))
        return
    remaining = _run_pool(jobs, state, min(processes, len(jobs)), on_result, method)
    while remaining:
        # One worker, jobs in order: when the pool breaks, the first unfinished job is the one
        # that was running.
        remaining = _run_pool(remaining, state, 1, on_result, method)
        if remaining:
            culprit = remaining.pop(0)
            on_result(JobResult(label=culprit.label, error=WORKER_DIED))


def _run_pool(jobs, state, processes, on_result, method) -> list[Job]:
    """Run `jobs` in one pool; return those left unfinished because the pool broke."""
    context = multiprocessing.get_context(start_method(method))
    pool = ProcessPoolExecutor(
        max_workers=processes, mp_context=context, initializer=_init_worker, initargs=(state,)
    )
    pending = {}
    try:
        pending = {pool.submit(_run_in_worker, job): job for job in jobs}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                job = pending.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool:
                    pending[future] = job
                    return [j for j in jobs if j in pending.values()]  # in submission order
                except Exception as error:  # noqa: BLE001 - e.g. a result that cannot be sent back
                    result = JobResult(job.label, error=f"erreur interne ({error})")
                on_result(result)
        pool.shutdown(wait=True)
        return []
    finally:
        _stop(pool)


def _stop(pool: ProcessPoolExecutor, grace: float = 5.0) -> None:
    """Cancel what has not started, terminate the workers, wait for them (a worker still there
    after `grace` seconds, all workers together, is killed)."""
    # The executor has no public list of its workers before Python 3.14 (terminate_workers()).
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + grace
    for process in processes:
        process.join(timeout=max(0.0, deadline - time.monotonic()))
    for process in processes:
        if process.is_alive():
            process.kill()
            process.join(timeout=5)


GC_THRESHOLD = 20_000  # objects allocated between two young collections (Python's: 700)


def collect_less() -> None:
    """Fewer garbage collections while documents are written. A document allocates millions of
    short-lived objects (XML elements, cells, strings) freed by their reference counts, and
    Python's collector, started every 700 allocations, walked them for a tenth of a build's CPU;
    what the run's state holds (inherited from the parent) is set aside from the collections.
    A worker stays so: it ends with the run."""
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


@contextmanager
def fewer_collections() -> Iterator[None]:
    """`collect_less` within the block, then the collector as it was (the calling process goes
    on after the run)."""
    threshold = gc.get_threshold()
    collect_less()
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


@contextmanager
def preloading_writers(template) -> Iterator[None]:
    """Within: the writers load in a thread (writers.preload), while the block runs; at its
    end they are loaded, before any worker starts. A failure there is left to the documents,
    which load the same again and say what fails."""
    loading = threading.Thread(target=_preload_writers, args=(template,), daemon=True)
    loading.start()
    try:
        yield
    finally:
        loading.join()


def _preload_writers(template) -> None:
    from officefiches import writers

    try:
        writers.preload(template)
        import officefiches.readback.fiche  # noqa: F401  (a rebuild reads the team's work back)
    except Exception:  # noqa: BLE001, S110  (see preloading_writers)
        pass


def _init_worker(state: RunState) -> None:
    global _STATE
    _STATE = state
    collect_less()
    resources.use_texts(state.write.texts)  # a spawned worker starts without the parent's
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    sys.unraisablehook = _exit_if_stopped
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with_parent, args=(parent.sentinel,), daemon=True).start()


class _Stopped(SystemExit):
    """SIGTERM in a worker: unwinds the job (its temporary file is removed), no traceback."""


def _stop_worker(signum, frame) -> None:
    if _IN_JOB:
        raise _Stopped(128 + signum)
    # Idle: leave at once, skipping the exit handlers (they may wait on a queue the parent no
    # longer reads).
    os._exit(128 + signum)


def _exit_if_stopped(unraisable, default=sys.__unraisablehook__) -> None:
    # A stop that lands in a callback Python runs for itself (a weak reference's, an object's
    # __del__, during a garbage collection) cannot unwind the job: Python would print it as
    # « Exception ignored » and go on. Leave at once instead: the parent removes what the job
    # left (atomic.remove_leftovers) as after any stopped job.
    if isinstance(unraisable.exc_value, _Stopped):
        os._exit(unraisable.exc_value.code)
    default(unraisable)


def _exit_with_parent(sentinel) -> None:
    from multiprocessing.connection import wait as wait_for

    wait_for([sentinel])  # returns when the parent process has ended, however it ended
    os._exit(1)


def _run_in_worker(job: Job) -> JobResult:
    global _IN_JOB
    _IN_JOB = True
    try:
        return run_job(job, _STATE)
    except _Stopped as stop:
        # Exit now: the executor would catch SystemExit, send it back and wait for more work.
        os._exit(stop.code)
    finally:
        _IN_JOB = False
