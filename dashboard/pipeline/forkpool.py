"""Mapping a function over items in forked worker processes."""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def fork_map(function: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    """``function`` over ``items``, one forked worker per item, results in item order.

    The parent's garbage is collected and its objects frozen before the fork: a worker
    once crashed collecting garbage it had inherited (objects of other libraries'
    threads), and the pool then waited for it for ever.
    """
    gc.collect()
    gc.freeze()
    try:
        pool = multiprocessing.get_context("fork").Pool(len(items))
    finally:
        gc.unfreeze()
    with pool:
        return pool.map(function, items)
