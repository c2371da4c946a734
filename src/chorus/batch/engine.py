"""The distributed engine, Dask distributed, imported only when a batch runs.

`cluster()` gives a connected `distributed.Client`: to an existing scheduler when given its
address (that is how a batch runs past one machine: start `dask scheduler` somewhere and
`dask worker ADDRESS` on every machine, each with chorus-news installed), otherwise to a
LocalCluster of `workers` processes of one thread each (chorus's per-article work is pure
Python, so threads would share one GIL).
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import ConfigError

__all__ = ["CONNECT_TIMEOUT", "INSTALL_HINT", "cluster", "in_order", "peak_mb", "require_dask", "threads", "worker_peaks_mb"]

INSTALL_HINT = "chorus batch needs pip install 'chorus-news[batch]'"
# How long to keep trying to reach a scheduler given by address.
CONNECT_TIMEOUT = "20s"


def require_dask() -> Any:
    """The `distributed` module, or ConfigError saying how to install it."""
    try:
        import distributed
    except ImportError:
        raise ConfigError(INSTALL_HINT) from None
    return distributed


@contextmanager
def cluster(workers: int = 2, scheduler: str | None = None) -> Iterator[Any]:
    """A Dask client: to the scheduler at `scheduler`, or to a new local cluster of `workers` processes."""
    distributed = require_dask()
    if workers < 1:
        raise ConfigError(f"--workers must be at least 1, got {workers}")
    local = None
    try:
        if scheduler is not None:
            try:
                client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as e:
                raise ConfigError(f"{scheduler}: cannot reach the Dask scheduler: {e}") from None
        else:
            local = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                             dashboard_address=":0", silence_logs=logging.ERROR)
            client = distributed.Client(local)
    except BaseException:
        if local is not None:
            local.close()
        raise
    try:
        _check_workers(client, scheduler)
        yield client
    finally:
        client.close()
        if local is not None:
            local.close()


def _chorus_version() -> str:
    import chorus

    return chorus.__version__


def _check_workers(client: Any, scheduler: str | None) -> None:
    """Every worker must run this chorus: a worker without it fails every task, far from here."""
    import chorus

    if not client.nthreads():
        try:
            client.wait_for_workers(1, timeout=60)
        except TimeoutError:
            raise ConfigError(f"{scheduler}: no Dask worker has joined this scheduler in 60 s") from None
    try:
        versions = client.run(_chorus_version)
    except ImportError:
        raise ConfigError(f"{scheduler}: a Dask worker has no chorus; install chorus-news {chorus.__version__} "
                          "on every worker") from None
    other = {v for v in versions.values() if v != chorus.__version__}
    if other:
        raise ConfigError(f"{scheduler}: Dask workers run chorus {', '.join(sorted(other))}, this is "
                          f"{chorus.__version__}; install the same version everywhere")


def threads(client: Any) -> int:
    """Worker threads in the cluster (at least 1)."""
    return max(1, sum(client.nthreads().values()))


def in_order(client: Any, fn: Callable[..., Any], items: Iterable[Any], *args: Any, window: int) -> Iterator[Any]:
    """`fn(item, *args)` for each item on the cluster, results yielded in the order of `items`.

    At most `window` tasks are out at a time, so the input is read and the results held no
    faster than the client uses them.
    """
    pending: deque[Any] = deque()
    for item in items:
        pending.append(client.submit(fn, item, *args, pure=False))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def peak_mb() -> float:
    """The peak resident memory of this process so far, in MB.

    On Linux from VmHWM, which starts afresh when a program starts: getrusage's ru_maxrss keeps the
    size of the process that forked it, so a small child of a large parent would report the parent.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, kB elsewhere


def worker_peaks_mb(client: Any) -> list[float]:
    """The peak resident memory of each worker process so far, in MB."""
    try:
        return sorted(client.run(peak_mb).values())
    except Exception:  # noqa: BLE001 - a figure for the report only; never fail a finished run for it
        return []
