"""Tests for dashboard.pipeline.forkpool: items reach the forked processes with the fork."""

from __future__ import annotations

import os

import pytest

from dashboard.pipeline.forkpool import Chunks, Forked, fork_map, fork_two_steps, slice_count


def test_items_are_inherited_not_pickled_and_results_keep_their_order() -> None:
    # Lambdas cannot be pickled: they reach the workers only with the fork.
    items = [lambda: os.getpid(), lambda: "b", lambda: 3]
    pids, second, third = fork_map(lambda make: make(), items)
    assert (second, third) == ("b", 3) and pids != os.getpid()


def _fail(item: int) -> int:
    if item == 2:
        raise ValueError(f"bad item {item}")
    return item


def test_a_workers_exception_is_raised_here() -> None:
    with pytest.raises(ValueError, match="bad item 2"):
        fork_map(_fail, [1, 2])


def test_a_worker_that_dies_raises_rather_than_waiting() -> None:
    with pytest.raises(ChildProcessError, match="exit code 7"):
        fork_map(lambda item: os._exit(7) if item else item, [0, 1])


def test_a_forked_step_that_dies_raises_rather_than_waiting() -> None:
    with pytest.raises(ChildProcessError, match="exit code 9"):
        Forked(lambda: os._exit(9)).result()


def _starts(chunks: Chunks) -> list[int]:
    return [part.start for part in chunks.take()]


def test_shared_slices_go_each_to_one_process_and_cover_the_rows() -> None:
    chunks = Chunks.of(1_000, 7)
    forked = Forked(lambda: _starts(chunks))  # takes slices while this process does too
    here = _starts(chunks)
    there = forked.result()
    assert sorted(here + there) == list(range(0, 1_000, 7))  # none twice, none missed
    assert [part.stop for part in Chunks.of(10, 4).take()] == [4, 8, 10]


def _first(item: int) -> tuple[int, tuple[int, int]]:
    """Send the item squared; keep it and this process's id."""
    return item * item, (item, os.getpid())


def _second(kept: tuple[int, int], shared: int) -> tuple[int, int]:
    """The kept item plus the shared value, and this process's id."""
    item, pid = kept
    return item + shared, pid


def test_two_steps_share_what_the_first_steps_sent_in_the_same_processes() -> None:
    results = fork_two_steps(_first, sum, _second, [1, 2, 3])
    assert [value for value, _ in results] == [15, 16, 17]  # 1 + 4 + 9 added to each item
    pids = [pid for _, pid in results]
    assert len(set(pids)) == 3 and os.getpid() not in pids  # kept within each process
    assert fork_two_steps(_first, sum, _second, [5]) == [(30, os.getpid())]  # one: here


def _second_fails(kept: tuple[int, int], shared: int) -> int:
    if kept[0] == 2:
        raise ValueError(f"bad second step {shared}")
    return shared


def test_either_steps_exception_or_death_is_raised_here() -> None:
    with pytest.raises(ValueError, match="bad item 2"):
        fork_two_steps(lambda item: (_fail(item), item), sum, _second, [1, 2])
    with pytest.raises(ValueError, match="bad second step 5"):
        fork_two_steps(_first, sum, _second_fails, [1, 2])
    with pytest.raises(ChildProcessError, match="exit code 8"):
        fork_two_steps(_first, sum, lambda kept, _: os._exit(8) if kept[0] else 0, [0, 1])


def test_an_add_of_about_a_thousand_articles_is_cut_into_two_slices() -> None:
    """``add`` of 1,000 records (995 new after de-duplication) embeds them in two forked
    one-thread slices, not in one process of two threads (which spin); the demo's 405
    articles stay in one process, and one worker never forks."""
    assert slice_count(995, 2) == 2
    assert slice_count(405, 2) == 1
    assert slice_count(995, 1) == 1
