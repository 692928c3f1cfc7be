"""The corpus build on a Ray cluster: the stages of :mod:`dashboard.pipeline.stages`, their row
stages mapped over Parquet shards with Ray Data.

The driver reads the corpus (deduplication and near-duplicate detection need the
whole corpus), then runs the same :data:`~dashboard.pipeline.stages.STAGES` as the local
build with :class:`RayExecutor`: each row stage (the embedding text and content hash,
the embeddings, the per-article entity scan) runs as ``map_batches`` over shards of its
input rows, one stage function call per shard (the embeddings in an actor pool: each
worker loads the model once, on a GPU when the cluster has one); the stage's own
``combine`` joins the shards' results on the driver in row order (entity aliases are
merged over the whole corpus there). Shards start at multiples of the embedder's batch,
so each text is embedded in the same batch as in the local build. Topics are fitted on
the driver, and the store is published by the same stage as the local build's.

Corpus, output and scratch paths may be local or any fsspec URL (``s3://``, ``gs://``).
A remote output is built in a local folder and uploaded, ``manifest.json`` last.

Ray is an optional dependency (``requirements-ray.txt``), imported only when used.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.pipeline.build import BuildConfig, load_corpus
from dashboard.pipeline.embed import BUILTIN
from dashboard.pipeline.stages import (
    Build,
    BuildError,
    Context,
    RowStage,
    corpus_hash,
    cpu_seconds,
    run,
    timed,
)
from dashboard.storage.parts import PART_ROWS
from dashboard.storage.store import MANIFEST, build_lock, check_target

ROOT = Path(__file__).resolve().parents[2]
SHARD_ROWS = 2_000


def is_url(path: str | Path) -> bool:
    """Whether ``path`` names a remote fsspec location rather than a local path."""
    text = str(path)
    return "://" in text and not text.startswith("file://")


def fetch_corpus(corpus: Sequence[str | Path], into: Path) -> list[Path]:
    """Local paths of the corpus: remote files and folders are downloaded into ``into``."""
    from fsspec.core import url_to_fs

    local = []
    for item in corpus:
        if not is_url(item):
            local.append(Path(str(item).removeprefix("file://")))
            continue
        fs, path = url_to_fs(str(item))
        target = into / f"{len(local):03d}-{Path(path.rstrip('/')).name}"
        fs.get(path, str(target), recursive=fs.isdir(path))
        local.append(target)
    return local


def upload_store(local: Path, url: str) -> None:
    """Copy the store built at ``local`` to ``url``, ``manifest.json`` last (marks completion)."""
    from fsspec.core import url_to_fs

    fs, root = url_to_fs(url)
    root = root.rstrip("/")
    if fs.exists(f"{root}/{MANIFEST}"):
        fs.rm(f"{root}/{MANIFEST}")
    source = local.resolve()
    fs.makedirs(root, exist_ok=True)
    for path in sorted(p for p in source.rglob("*") if p.is_file() and p.name != MANIFEST):
        relative = path.relative_to(source)
        if relative.parent != Path("."):
            fs.makedirs(f"{root}/{relative.parent}", exist_ok=True)
        fs.put_file(str(path), f"{root}/{relative}")
    fs.put_file(str(source / MANIFEST), f"{root}/{MANIFEST}")


def partitions(rows: int, parts: int, multiple: int) -> list[range]:
    """``rows`` split into at most ``parts`` ranges, each starting at a multiple of ``multiple``.

    >>> [(r.start, r.stop) for r in partitions(300, 2, 64)]
    [(0, 192), (192, 300)]
    """
    size = -(-max(rows, 1) // parts)
    size = -(-size // multiple) * multiple
    return [range(start, min(start + size, rows)) for start in range(0, rows, size)]


def run_shards(batch: pd.DataFrame, stage: RowStage, loaded: object) -> pd.DataFrame:
    """The stage's result for each shard of the batch (a batch is one or more whole shards),
    pickled into one row per shard."""
    rows = []
    for shard, part in batch.groupby("shard", sort=True):
        part = part.sort_values("row").drop(columns=["shard", "row"])
        result = stage.apply(part.reset_index(drop=True), loaded)
        rows.append((int(shard), pickle.dumps(result)))
    return pd.DataFrame(rows, columns=["shard", "payload"])


class PartitionWorker:
    """A Ray Data actor for a row stage that loads a model: loads it once (on a GPU when Ray
    gave the worker one), then runs the stage on whole shards."""

    def __init__(self, stage: RowStage, config: BuildConfig) -> None:
        import ray

        self.stage = stage
        self.loaded = stage.setup(config)
        model = getattr(self.loaded, "_model", None)
        if ray.get_gpu_ids() and hasattr(model, "to"):  # sentence-transformers models
            model.to("cuda")

    def __call__(self, batch: pd.DataFrame) -> pd.DataFrame:
        """The stage's result for each shard of the batch, pickled into one row per shard."""
        return run_shards(batch, self.stage, self.loaded)


class RayExecutor:
    """Runs row stages as Ray Data ``map_batches`` over Parquet shards written to ``scratch``:
    tasks for a stage without a model, an actor pool of ``workers`` for one with a model."""

    def __init__(self, scratch: str, workers: int, threads: int, gpus: int) -> None:
        self.scratch, self.workers, self.threads, self.gpus = scratch, workers, threads, gpus
        self.calls = 0

    @property
    def beside(self) -> bool:
        """Never: the cluster's driver forks nothing off."""
        return False

    def part_rows(self, rows: int) -> int:
        """One part of the store's articles table per worker (``PART_ROWS`` rows at most), as
        the workers of a partitioned write would write them."""
        return min(PART_ROWS, max(1, -(-rows // self.workers)))

    def shards(self, rows: int, multiple: int = 1) -> list[range]:
        """The row ranges a frame of ``rows`` rows is sharded into."""
        return partitions(rows, max(2 * self.workers, -(-rows // SHARD_ROWS)), multiple)

    def map(self, stage: RowStage, frame: pd.DataFrame, config: BuildConfig, loaded=None):
        """``stage`` over shards of ``frame``; ``loaded`` is not used (workers load their own).

        Raises:
            BuildError: when a shard's result did not come back exactly once.
        """
        import ray

        ranges = self.shards(len(frame), stage.multiple)
        folder = f"{self.scratch.rstrip('/')}/{self.calls:02d}-{stage.name}"
        self.calls += 1
        filesystem, root = write_shards(frame[list(stage.needs)], folder, ranges)
        source = ray.data.read_parquet(root, filesystem=filesystem)
        options = {"batch_size": None, "batch_format": "pandas"}
        if stage.model:  # read first: the actors then have the cluster's CPUs to themselves
            done = source.materialize().map_batches(
                PartitionWorker,
                fn_constructor_kwargs={"stage": stage, "config": config},
                compute=ray.data.ActorPoolStrategy(size=self.workers),
                num_cpus=self.threads,
                num_gpus=self.gpus if stage.gpu else 0,
                **options,
            )
        else:
            kwargs = {"stage": stage, "loaded": stage.setup(config)}
            done = source.map_batches(run_shards, fn_kwargs=kwargs, **options)
        done = done.to_pandas()
        if sorted(done["shard"]) != list(range(len(ranges))):
            raise BuildError(f"the {stage.name} stage returned shards {sorted(done['shard'])}")
        results = [pickle.loads(p) for p in done.sort_values("shard")["payload"]]
        return stage.combine(results, frame)


def write_shards(frame: pd.DataFrame, folder: str, ranges: list[range]) -> tuple[object, str]:
    """Write ``frame`` with its ``row`` and ``shard`` numbers as one Parquet file per range;
    returns (pyarrow filesystem, folder)."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from fsspec.core import url_to_fs
    from pyarrow.fs import FSSpecHandler, PyFileSystem

    fs, root = url_to_fs(folder)
    fs.makedirs(root, exist_ok=True)
    for shard, rows in enumerate(ranges):
        part = frame.iloc[rows.start : rows.stop].reset_index(drop=True)
        part = part.assign(row=np.arange(rows.start, rows.stop, dtype=np.int64), shard=shard)
        table = pa.Table.from_pandas(part, preserve_index=False)
        pq.write_table(table, f"{root}/part-{shard:05d}.parquet", filesystem=fs)
    return PyFileSystem(FSSpecHandler(fs)), root


def connect(address: str | None, cpus: int) -> bool:
    """Join the cluster at ``address`` or start a local one; True when this call started Ray."""
    import ray

    # Ray's driver would replace builtins.print on its first progress bar, and numba then
    # fails to compile UMAP's neighbour search (above 4,096 articles) in this process.
    os.environ.setdefault("RAY_TQDM_PATCH_PRINT", "0")
    if ray.is_initialized():
        return False
    if address is None:
        ray.init(  # a Ray of this machine alone: nothing listens beyond loopback
            num_cpus=cpus,
            include_dashboard=False,
            _node_ip_address="127.0.0.1",
            runtime_env={"env_vars": {"PYTHONPATH": str(ROOT)}},
        )
    else:
        ray.init(address=address)
    return True


def build_ray(
    corpus: Sequence[str | Path],
    out: str | Path,
    config: BuildConfig | None = None,
    *,
    address: str | None = None,
    workers: int = 2,
    scratch: str | None = None,
    mapping: dict[str, str] | None = None,
    log: Callable[[str], None] = print,
    wait: bool = False,
    follow_links: bool = False,
) -> dict:
    """Build the artifact store for ``corpus`` into ``out`` on a Ray cluster; returns the manifest.

    Args:
        corpus: Files or folders, local or fsspec URLs.
        out: Store folder, local (published atomically under the build lock) or a URL.
        config: As for the local build (default ``BuildConfig()``); ``threads`` is per
            embedding worker.
        address: ``None`` starts a local Ray on this machine; ``"auto"`` or
            ``"ray://host:port"`` joins a running cluster (or an already connected one).
        workers: Embedding actors (each loads the model once) and stage parallelism.
        scratch: Where the Parquet shards go; on a multi-node cluster a location every
            node reads (e.g. ``s3://bucket/tmp``). Default: beside a remote ``out``, or a
            local temporary folder.
        mapping: Column mapping override, as for the local build.
        log: Where progress lines go.
        wait: Queue behind a running build of a local ``out`` instead of failing.
        follow_links: Follow symbolic links inside local corpus folders, as the local
            build does (by default they are skipped, and named in the ingest warnings).

    Raises:
        UnsafeTarget: when a local ``out`` is neither missing, empty nor a store, or
            overlaps the corpus.
        BuildError: when no article could be loaded.
        BuildBusy: when another build of a local ``out`` runs and ``wait`` is false.
    """
    config = config or BuildConfig()
    if not is_url(out):
        out = check_target(Path(out), corpus)
    with tempfile.TemporaryDirectory(prefix="marsad-ray-") as tmp:
        local_out = Path(tmp) / "store" if is_url(out) else Path(out)
        with build_lock(local_out, wait=wait):
            manifest = _build(
                corpus,
                str(out),
                local_out,
                Path(tmp),
                config,
                address,
                workers,
                scratch,
                mapping,
                log,
                follow_links,
            )
        if is_url(out):
            upload_store(local_out, str(out))
    return manifest


def _build(
    corpus: Sequence[str | Path],
    out: str,
    local_out: Path,
    tmp: Path,
    config: BuildConfig,
    address: str | None,
    workers: int,
    scratch: str | None,
    mapping: dict[str, str] | None,
    log: Callable[[str], None],
    follow_links: bool = False,
) -> dict:
    """The Ray build; the caller holds the build lock of ``local_out``."""
    import ray

    timings: dict[str, float] = {}
    cpu: dict[str, float] = {}  # this driver's CPU seconds, not the workers'
    started, cpu_started = time.perf_counter(), cpu_seconds()
    scratch = scratch or (
        f"{out.rstrip('/')}.shards-{uuid.uuid4().hex[:8]}" if is_url(out) else str(tmp / "shards")
    )
    owns_ray = False
    try:
        # Read before Ray starts: a corpus with nothing to load fails fast, and reading (links
        # skipped and named unless followed) is the local build's own.
        with timed("ingest", timings, log, cpu):
            local_corpus = fetch_corpus(corpus, tmp / "corpus")
            result, articles = load_corpus(local_corpus, mapping, log, follow_links)
            digest = corpus_hash(local_corpus)
        owns_ray = connect(address, workers * config.threads)
        resources = ray.cluster_resources()
        # The built-in embedders run on CPUs; a sentence-transformers model takes a GPU each.
        on_gpu = config.embedder not in BUILTIN and resources.get("GPU", 0) >= workers
        gpus = 1 if on_gpu else 0
        executor = RayExecutor(scratch, workers, config.threads, gpus)
        extra = {
            "engine": "ray",
            "corpus": [str(c) for c in corpus],
            "ray": {
                "address": address or "local",
                "workers": workers,
                "threads_per_worker": config.threads,
                "gpus_per_worker": gpus,
                "nodes": len([n for n in ray.nodes() if n.get("Alive")]),
                "cluster_cpus": resources.get("CPU", 0),
                "cluster_gpus": resources.get("GPU", 0),
                "shards": len(executor.shards(len(articles))),
            },
        }
        ctx = Context(
            local_out,
            tuple(local_corpus),
            config,
            executor,
            log,
            timings,
            started,
            extra,
            cpu=cpu,
            cpu_started=cpu_started,
        )
        return run(Build(result, articles, digest), ctx)
    finally:
        _remove(scratch)
        if owns_ray:
            ray.shutdown()


def _remove(folder: str) -> None:
    """Delete the scratch shards, local or remote."""
    if not is_url(folder):
        shutil.rmtree(folder, ignore_errors=True)
        return
    from fsspec.core import url_to_fs

    fs, root = url_to_fs(folder)
    if fs.exists(root):
        fs.rm(root, recursive=True)
