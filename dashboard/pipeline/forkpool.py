"""Mapping a function over items in forked worker processes, or running a function in a
forked worker while this process goes on."""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.pool import Pool
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


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
    context = multiprocessing.get_context("fork")
    jobs: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []
    gc.collect()
    gc.freeze()
    try:
        for item in items:
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_run, args=(function, item, send), daemon=True)
            process.start()
            send.close()
            jobs.append((process, receive))
    finally:
        gc.unfreeze()
    try:
        return [_result(process, receive) for process, receive in jobs]
    finally:
        for process, receive in jobs:
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


_TASKS: list[Callable[[], object]] = []  # what the worker forked next runs first


def _first() -> object:
    """In a :class:`Forked` worker: the task it inherited at the fork."""
    return _TASKS[0]()


class Forked(Generic[Result]):
    """``function()`` running in a forked worker from its creation on; :meth:`result`
    waits for it. The worker inherits ``function`` with the fork (nothing is pickled on
    the way there) and sees this process as it was then."""

    def __init__(self, function: Callable[[], Result]) -> None:
        _TASKS[:] = [function]
        gc.collect()
        gc.freeze()
        try:
            self.pool: Pool = multiprocessing.get_context("fork").Pool(1)
        finally:
            gc.unfreeze()
            _TASKS.clear()
        self.pending = self.pool.apply_async(_first)

    def result(self) -> Result:
        """The function's return value (its exception raised here); ends the worker."""
        try:
            return self.pending.get()
        finally:
            self.close()

    def close(self) -> None:
        """End the worker, whatever it is doing."""
        self.pool.terminate()
        self.pool.join()
