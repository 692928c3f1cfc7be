"""The corpus build in this process: ingest, then the stages of :mod:`dashboard.pipeline.stages`.

Each stage is timed; the manifest records the timings, the peak memory, the corpus
hash, the configuration and the package versions. Embeddings of articles whose text
has not changed are taken from the previous build. :class:`LocalExecutor` runs the row
stages here: in one partition, or (the entity scan, and the embedding when the model
allows it) in forked slices.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.pipeline.forkpool import fork_map, slice_count
from dashboard.pipeline.stages import (
    Build,
    BuildConfig,
    BuildError,
    Context,
    RowStage,
    content_hashes,
    corpus_hash,
    cpu_seconds,
    load_corpus,
    peak_rss_mb,
    run,
    search_texts,
    timed,
)
from dashboard.storage.parts import PART_ROWS
from dashboard.storage.store import build_lock, check_target

__all__ = [
    "BuildConfig",
    "BuildError",
    "LocalExecutor",
    "build",
    "content_hashes",
    "load_corpus",
    "peak_rss_mb",
    "search_texts",
]

DEFAULT_CONFIG = BuildConfig()


@dataclass(frozen=True)
class LocalExecutor:
    """Runs row stages in this process: one partition, or ``workers`` forked slices for a
    stage that allows it when each slice has ``forkpool.SLICE_ROWS`` rows. A model stage forks only
    when its model is ``forkable``; each slice then loads a one-thread copy of it, and the
    slices start at the stage's ``multiple`` (the model's batch), so every row is computed
    in the same batch as in one partition."""

    workers: int = 1

    @property
    def beside(self) -> bool:
        """Whether the build may fork a step off to run beside it: with a second worker."""
        return self.workers > 1

    def part_rows(self, rows: int) -> int:
        """Parts of the store's articles table are ``PART_ROWS`` rows long."""
        return PART_ROWS

    def map(
        self, stage: RowStage, frame: pd.DataFrame, config: BuildConfig, loaded: Any = None
    ) -> Any:
        """``stage`` over ``frame``; ``loaded`` (else ``stage.setup(config)``) is its model."""
        loaded = stage.setup(config) if loaded is None else loaded
        forks = stage.fork and (not stage.model or getattr(loaded, "forkable", False))
        workers = slice_count(len(frame), self.workers) if forks else 1
        if workers == 1:
            return stage.combine([stage.apply(frame, loaded)], frame)
        step = -(-len(frame) // workers)
        step = -(-step // stage.multiple) * stage.multiple
        parts = [frame.iloc[i : i + step] for i in range(0, len(frame), step)]
        if stage.model:
            apply = partial(_apply_loaded, stage, replace(config, threads=1))
        else:
            apply = partial(stage.apply, loaded=loaded)
        return stage.combine(fork_map(apply, parts), frame)


def _apply_loaded(stage: RowStage, config: BuildConfig, partition: pd.DataFrame) -> Any:
    """A model stage on one partition, with a model of its own loaded by ``config``."""
    return stage.apply(partition, stage.setup(config))


def build(
    corpus: Sequence[Path],
    out: Path,
    config: BuildConfig = DEFAULT_CONFIG,
    *,
    mapping: dict[str, str] | None = None,
    log: Callable[[str], None] = print,
    wait: bool = False,
    on_read: Callable[[], None] | None = None,
    follow_links: bool = False,
    startup: float | None = None,
) -> dict:
    """Build the artifact store for ``corpus`` into ``out``; returns the manifest.

    Holds the build lock of ``out`` throughout, so two builds of one store never
    interleave; the previous build stays served until the new one is complete.
    ``on_read`` is called once the corpus files have been read and hashed (the
    dashboard removes uploaded files there). Symbolic links inside corpus folders are
    followed only with ``follow_links``. ``startup``, the seconds a process that runs only
    this build took to get here (its start and imports), is recorded with the stages'
    timings, and the process's CPU seconds so far with their CPU seconds.

    Raises:
        UnsafeTarget: when ``out`` is neither missing, empty nor a store, or overlaps the corpus.
        BuildError: when no article could be loaded.
        BuildBusy: when another build of ``out`` runs and ``wait`` is false.
    """
    out = check_target(out, corpus)
    with build_lock(out, wait=wait):
        return build_locked(
            corpus,
            Path(out),
            config,
            mapping=mapping,
            log=log,
            on_read=on_read,
            follow_links=follow_links,
            startup=startup,
        )


def build_locked(
    corpus: Sequence[Path],
    out: Path,
    config: BuildConfig,
    *,
    mapping: dict[str, str] | None,
    log: Callable[[str], None],
    on_read: Callable[[], None] | None = None,
    follow_links: bool = False,
    startup: float | None = None,
) -> dict:
    """The build itself; the caller holds the build lock of ``out``."""
    started, cpu_started = time.perf_counter(), cpu_seconds()
    timings: dict[str, float] = {} if startup is None else {"startup": round(startup, 3)}
    cpu: dict[str, float] = {} if startup is None else {"startup": round(cpu_started, 3)}
    with timed("ingest", timings, log, cpu):
        result, articles = load_corpus(corpus, mapping, log, follow_links, workers=config.threads)
        digest = corpus_hash(corpus)
    if on_read is not None:
        on_read()
    executor = LocalExecutor(config.threads)
    ctx = Context(
        Path(out),
        tuple(map(Path, corpus)),
        config,
        executor,
        log,
        timings,
        started,
        cpu=cpu,
        cpu_started=cpu_started,
    )
    return run(Build(result, articles, digest), ctx)
