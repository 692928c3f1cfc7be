"""Mapping a function over items in forked worker processes, running a function in a
forked worker while this process goes on, and slices of rows that such processes share."""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
Job = tuple[multiprocessing.process.BaseProcess, Connection]  # a forked process, its pipe


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
    jobs = _start([(function, item) for item in items])
    try:
        return [_result(process, receive) for process, receive in jobs]
    finally:
        for process, receive in jobs:
            _stop(process, receive)


def _start(calls: Sequence[tuple[Callable[[Item], Result], Item]]) -> list[Job]:
    """One forked process per ``(function, item)``, each sending its result on a pipe; the
    parent's garbage collected and its objects frozen before the forks."""
    context = multiprocessing.get_context("fork")
    jobs: list[Job] = []
    gc.collect()
    gc.freeze()
    try:
        for function, item in calls:
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_run, args=(function, item, send), daemon=True)
            process.start()
            send.close()
            jobs.append((process, receive))
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
    try:
        outcome: tuple[bool, object] = (True, function(item))
    except Exception as err:  # raised again in the parent
        outcome = (False, err)
    try:
        send.send(outcome)
    except Exception as err:  # an exception or result that cannot be pickled
        send.send((False, RuntimeError(f"a forked worker's result could not be sent: {err!r}")))
    send.close()


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
        self.job = _start([(_call, function)])[0]

    def result(self) -> Result:
        """The function's return value (its exception raised here); ends the process."""
        try:
            return _result(*self.job)
        finally:
            self.close()

    def close(self) -> None:
        """End the process, whatever it is doing."""
        _stop(*self.job)


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
