"""Mapping a function over items in forked worker processes, or running one function in a
forked process while this one goes on.

The workers inherit the function and its items at the fork: nothing is pickled on the
way there (a slice of a large frame, or a model, would be), only their results on the way
back.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Sequence
from functools import partial
from multiprocessing.pool import Pool
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_TASKS: list[Callable[[], object]] = []  # what the workers forked next will run, by index


def _run(index: int) -> object:
    """The inherited task ``index``, in a worker."""
    return _TASKS[index]()


def _pool(tasks: list[Callable[[], object]]) -> Pool:
    """A pool of one forked worker per task, each task to run by its index.

    The parent's garbage is collected and its objects frozen before the fork: a worker
    once crashed collecting garbage it had inherited (objects of other libraries'
    threads), and the pool then waited for it for ever.
    """
    _TASKS[:] = tasks
    gc.collect()
    gc.freeze()
    try:
        return multiprocessing.get_context("fork").Pool(len(tasks))
    finally:
        gc.unfreeze()
        _TASKS.clear()


def fork_map(function: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    """``function`` over ``items``, one forked worker per item, results in item order."""
    with _pool([partial(function, item) for item in items]) as pool:
        return pool.map(_run, range(len(items)), chunksize=1)


class Forked(Generic[Result]):
    """``function()`` running in a forked worker from its creation on; :meth:`result`
    waits for it. The worker sees this process as it was at the fork."""

    def __init__(self, function: Callable[[], Result]) -> None:
        self.pool = _pool([function])
        self.pending = self.pool.apply_async(_run, (0,))

    def result(self) -> Result:
        """The function's return value (its exception raised here); ends the worker."""
        try:
            return self.pending.get()
        finally:
            self.pool.terminate()
            self.pool.join()
