"""Mapping a function over items in forked worker processes (in one step, or in two with
something shared between them), running a function in a forked worker while this process
goes on, and slices of rows that such processes share."""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
Sent = TypeVar("Sent")
Kept = TypeVar("Kept")
Shared = TypeVar("Shared")
Job = tuple[multiprocessing.process.BaseProcess, Connection]  # a forked process, its pipe
# Rows a forked slice of a frame is worth its process's start for. Under 2 x 500 rows the
# embed stage ran in one process of two threads, which spin: an add of 995 new articles took
# 27.3-27.8 s wall and 35.5-35.8 s of CPU to embed them, against 12.9 s and 16.9 s in two
# forked one-thread slices (2026-11-30, load 1-2).
SLICE_ROWS = 400


def slice_count(rows: int, workers: int) -> int:
    """Into how many forked slices ``rows`` rows are cut with ``workers`` workers: one per
    worker while each slice keeps ``SLICE_ROWS`` rows, and 1 (no fork) below that."""
    return max(1, min(workers, rows // SLICE_ROWS))


def fork_map(function: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    """``function`` over ``items``, one forked process per item, results in item order.

    The function and its item reach each process with the fork itself (its memory, shared
    until written), never pickled: a slice of a large frame costs nothing to hand over. Only
    the results come back, pickled through a pipe; an exception raised by ``function`` is
    raised here, and a process that ends without a result (killed) raises
    ``ChildProcessError`` rather than waiting for ever.

    The parent's garbage is collected and its objects frozen before the fork: a worker
    once crashed collecting garbage it had inherited (objects of other libraries'
    threads), and the fork does not copy the pages the collector would otherwise touch.
    """
    return ForkedMap(function, items).results()


def fork_two_steps(
    first: Callable[[Item], tuple[Sent, Kept]],
    combine: Callable[[list[Sent]], Shared],
    second: Callable[[Kept, Shared], Result],
    items: Sequence[Item],
) -> list[Result]:
    """Two steps over ``items`` in the same forked processes, one per item, with what the
    first steps send combined in between; results in item order.

    Each process runs ``first(item)``, which returns what it sends back and what it keeps;
    once every process has sent, ``combine`` of the sent values (in item order) is sent to
    each, which returns ``second(kept, shared)``. What a process keeps between the steps
    never travels. With one item, both steps run in this process. Items, exceptions and
    dying processes are handled as in :func:`fork_map`.
    """
    if len(items) <= 1:
        firsts = [first(item) for item in items]
        shared = combine([sent for sent, _ in firsts])
        return [second(kept, shared) for _, kept in firsts]
    jobs = _start([(partial(_two_steps, first, second), item) for item in items], duplex=True)
    try:
        shared = combine([_result(process, pipe) for process, pipe in jobs])
        for _, pipe in jobs:
            pipe.send(shared)
        return [_result(process, pipe) for process, pipe in jobs]
    finally:
        for process, pipe in jobs:
            _stop(process, pipe)


def _start(
    calls: Sequence[tuple[Callable[[Item, Connection], None], Item]], duplex: bool = False
) -> list[Job]:
    """One forked process per ``(function, item)``, each running ``function(item, pipe)``
    (a pipe it sends on, or talks through when ``duplex``); the parent's garbage collected
    and its objects frozen before the forks."""
    context = multiprocessing.get_context("fork")
    jobs: list[Job] = []
    gc.collect()
    gc.freeze()
    try:
        for function, item in calls:
            mine, theirs = context.Pipe(duplex=duplex)
            process = context.Process(target=function, args=(item, theirs), daemon=True)
            process.start()
            theirs.close()
            jobs.append((process, mine))
    finally:
        gc.unfreeze()
    return jobs


def _stop(process: multiprocessing.process.BaseProcess, receive: Connection) -> None:
    """End a forked process, whatever it is doing, and close its pipe."""
    receive.close()
    if process.is_alive():
        process.terminate()
    process.join()


def _run(function: Callable[[Item], Result], item: Item, send: Connection) -> None:
    """In the forked process: send ``(True, result)``, or ``(False, exception)``."""
    _send(send, _outcome(function, item))
    send.close()


def _two_steps(
    first: Callable[[Item], tuple[Sent, Kept]],
    second: Callable[[Kept, Shared], Result],
    item: Item,
    pipe: Connection,
) -> None:
    """In the forked process: send the first step's value, wait for the shared value, then
    send the second step's result (an exception in either step is sent instead)."""
    ok, value = _outcome(first, item)
    _send(pipe, (ok, value[0] if ok else value))
    try:
        shared = pipe.recv() if ok else None
    except EOFError:  # the parent gave up (another process failed)
        ok = False
    if ok:
        _send(pipe, _outcome(partial(second, value[1]), shared))
    pipe.close()


def _outcome(function: Callable[[Item], Result], item: Item) -> tuple[bool, object]:
    """``(True, function(item))``, or ``(False, the exception it raised)``."""
    try:
        return True, function(item)
    except Exception as err:  # raised again in the parent
        return False, err


def _send(pipe: Connection, outcome: tuple[bool, object]) -> None:
    """Send an outcome; one that cannot be pickled is sent as an exception."""
    try:
        pipe.send(outcome)
    except Exception as err:  # an exception or result that cannot be pickled
        pipe.send((False, RuntimeError(f"a forked worker's result could not be sent: {err!r}")))


def _result(process: multiprocessing.process.BaseProcess, receive: Connection) -> Result:
    """The result a forked process sends; its exception raised here."""
    try:
        ok, value = receive.recv()
    except EOFError:
        process.join()
        raise ChildProcessError(
            f"a forked worker ended without a result (exit code {process.exitcode})"
        ) from None
    if not ok:
        raise value
    return value


def _call(function: Callable[[], Result]) -> Result:
    """``function()``, as a forked process of :class:`Forked` runs it."""
    return function()


class Forked(Generic[Result]):
    """``function()`` running in a forked process from its creation on; :meth:`result`
    waits for it. The process inherits ``function`` with the fork (nothing is pickled on
    the way there) and sees this process as it was then; it ends as those of
    :func:`fork_map` do (an exception raised here, ``ChildProcessError`` if it is killed)."""

    def __init__(self, function: Callable[[], Result]) -> None:
        self.job = _start([(partial(_run, _call), function)])[0]

    def result(self) -> Result:
        """The function's return value (its exception raised here); ends the process."""
        try:
            return _result(*self.job)
        finally:
            self.close()

    def close(self) -> None:
        """End the process, whatever it is doing."""
        _stop(*self.job)


class ForkedMap(Generic[Result]):
    """:func:`fork_map` started at its creation: the processes run while this process goes
    on, and :meth:`results` waits for them (in item order, as :func:`fork_map` gives them)."""

    def __init__(self, function: Callable[[Item], Result], items: Sequence[Item]) -> None:
        self.jobs = _start([(partial(_run, function), item) for item in items])

    def results(self) -> list[Result]:
        """The function's results (an exception raised here); ends the processes."""
        try:
            return [_result(process, receive) for process, receive in self.jobs]
        finally:
            self.close()

    def close(self) -> None:
        """End the processes, whatever they are doing."""
        for process, receive in self.jobs:
            _stop(process, receive)


@dataclass(frozen=True)
class Chunks:
    """The slices of ``rows`` rows, ``size`` rows each, that this process and the processes
    it forks after making them take in turn, each slice once: whichever is free takes the
    next, so they end within one slice of each other however long each was busy before."""

    rows: int
    size: int
    taken: Any  # the rows handed out so far, in memory the forked processes share

    @classmethod
    def of(cls, rows: int, size: int) -> Chunks:
        """``rows`` rows in slices of ``size`` (at least 1), none taken yet."""
        return cls(rows, max(1, size), multiprocessing.get_context("fork").Value("q", 0))

    def take(self) -> Iterator[slice]:
        """The next slices not taken by any process, until none is left."""
        while True:
            with self.taken.get_lock():
                start = self.taken.value
                self.taken.value = min(self.rows, start + self.size)
            if start >= self.rows:
                return
            yield slice(start, min(self.rows, start + self.size))
