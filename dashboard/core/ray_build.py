"""The corpus build on a Ray cluster: the local build's stages, sharded with Ray Data.

The driver reads the corpus (deduplication and near-duplicate detection need the
whole corpus) and writes its articles as Parquet shards; Ray Data then runs, as
``map_batches`` stages over the shards: the embedding text and content hash of each
article, the embeddings (an actor pool: each worker loads the model once, on a GPU
when the cluster has one) and the per-article entity scan (reduced on the driver,
where aliases are merged over the whole corpus, exactly as the local build does).
Topics are fitted on the driver (on a sample above ``BuildConfig.topic_fit_sample``),
and the store, its similarity index included, is written by the local build's own
:func:`~dashboard.core.build.write_build`, so both engines make the same artifacts.

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
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.core.build import (
    BuildConfig,
    BuildError,
    content_hashes,
    load_corpus,
    reusable_embeddings,
    stage,
    topic_options,
    write_build,
)
from dashboard.core.embed import BUILTIN, document_text, load_embedder
from dashboard.core.store import MANIFEST, build_lock, check_target
from dashboard.core.topics import fit_topics

ROOT = Path(__file__).resolve().parents[2]
SHARD_ROWS = 2_000
BATCH_ROWS = 256


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


def write_shards(articles: pd.DataFrame, scratch: str, shards: int) -> tuple[object, str]:
    """Write ``row, id, title, body, tags`` as Parquet shards; returns (pyarrow fs, folder)."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from fsspec.core import url_to_fs
    from pyarrow.fs import FSSpecHandler, PyFileSystem

    fs, root = url_to_fs(scratch)
    fs.makedirs(root, exist_ok=True)
    frame = pd.DataFrame(
        {
            "row": np.arange(len(articles), dtype=np.int64),
            "id": articles["id"].astype(str),
            "title": articles["title"].fillna("").astype(str),
            "body": articles["body"].fillna("").astype(str),
            "tags": [
                list(t) if isinstance(t, list | tuple | np.ndarray) else []
                for t in articles["tags"]
            ]
            if "tags" in articles
            else [[] for _ in range(len(articles))],
        }
    )
    for i, part in enumerate(np.array_split(np.arange(len(frame)), shards)):
        table = pa.Table.from_pandas(frame.iloc[part], preserve_index=False)
        pq.write_table(table, f"{root}/part-{i:05d}.parquet", filesystem=fs)
    return PyFileSystem(FSSpecHandler(fs)), root


def prepare_batch(batch: pd.DataFrame, embedder: str) -> pd.DataFrame:
    """The text each article is embedded by and its content hash (same as the local build)."""
    texts = [document_text(t, b) for t, b in zip(batch["title"], batch["body"], strict=True)]
    return pd.DataFrame(
        {"row": batch["row"], "text": texts, "content_hash": content_hashes(texts, embedder)}
    )


class EmbedWorker:
    """A Ray Data actor: loads the embedder once, then embeds batches of ``row, text``."""

    def __init__(self, name: str, threads: int) -> None:
        import ray

        self.embedder = load_embedder(name, threads)
        model = getattr(self.embedder, "_model", None)
        if ray.get_gpu_ids() and hasattr(model, "to"):  # sentence-transformers models
            model.to("cuda")

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Unit-length float32 vectors of the batch's texts, keyed by row."""
        return {"row": batch["row"], "vector": self.embedder.embed_documents(list(batch["text"]))}


def scan_batch(batch: pd.DataFrame) -> pd.DataFrame:
    """Per-article entity counts of a batch, pickled into one row (merged on the driver)."""
    from dashboard.core.entities import scan_articles

    texts = (batch["title"] + " . " + batch["body"]).tolist()
    tags = [list(t) if t is not None else [] for t in batch["tags"]]
    per_article, surfaces = scan_articles(list(zip(texts, tags, strict=True)))
    payload = pickle.dumps((batch["row"].tolist(), per_article, dict(surfaces)))
    return pd.DataFrame({"first_row": [int(batch["row"].min())], "payload": [payload]})


class NerWorker:
    """A Ray Data actor running the optional transformers NER backend on batches."""

    def __init__(self, model: str) -> None:
        from dashboard.core import ner

        self.model = model
        self.extract = ner.extract_mentions

    def __call__(self, batch: pd.DataFrame) -> pd.DataFrame:
        """Mention rows of the batch's articles, with the article's ``row``."""
        found = self.extract(batch, self.model)
        rows = dict(zip(batch["id"], batch["row"], strict=True))
        return found.assign(row=found["article_id"].map(rows).astype("int64"))


def merge_scans(parts: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """The mention frame from the per-batch scans, reduced in row order over the corpus."""
    from dashboard.core.entities import mention_frame
    from dashboard.core.gazetteer import gazetteer

    per_article: list[object] = [None] * len(ids)
    surfaces: dict[object, Counter] = defaultdict(Counter)
    for payload in parts.sort_values("first_row")["payload"]:
        rows, articles, found = pickle.loads(payload)
        for row, article in zip(rows, articles, strict=True):
            per_article[row] = article
        for key, counter in found.items():
            surfaces[key].update(counter)
    return mention_frame(ids, per_article, surfaces, gazetteer())


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
    started = time.perf_counter()
    scratch = scratch or (
        f"{out.rstrip('/')}.shards-{uuid.uuid4().hex[:8]}" if is_url(out) else str(tmp / "shards")
    )
    owns_ray = False
    try:
        # Read before Ray starts: a corpus with nothing to load fails fast, and reading (links
        # skipped and named unless followed) is the local build's own.
        with stage("ingest", timings, log):
            local_corpus = fetch_corpus(corpus, tmp / "corpus")
            result, articles = load_corpus(local_corpus, mapping, log, follow_links)
            shards = max(2 * workers, -(-len(articles) // SHARD_ROWS))
            filesystem, shard_dir = write_shards(articles, scratch, shards)
        owns_ray = connect(address, workers * config.threads)
        resources = ray.cluster_resources()
        # The built-in embedders run on CPUs; a sentence-transformers model takes a GPU each.
        on_gpu = config.embedder not in BUILTIN and resources.get("GPU", 0) >= workers
        gpus = 1 if on_gpu else 0
        source = ray.data.read_parquet(shard_dir, filesystem=filesystem)

        with stage("prepare", timings, log):
            prepared_ds = source.map_batches(
                prepare_batch, batch_format="pandas", fn_kwargs={"embedder": config.embedder}
            ).materialize()
            prepared = prepared_ds.select_columns(["row", "text", "content_hash"]).to_pandas()
        prepared = prepared.sort_values("row", ignore_index=True)
        texts, hashes = prepared["text"].tolist(), prepared["content_hash"].tolist()

        with stage("embed", timings, log):
            embedder = load_embedder(config.embedder, config.threads)
            cached = {} if is_url(out) else reusable_embeddings(local_out, hashes)
            vectors = np.empty((len(texts), embedder.dim), dtype=np.float32)
            filled = np.zeros(len(texts), dtype=bool)
            for row, digest in enumerate(hashes):
                if digest in cached:
                    vectors[row], filled[row] = cached[digest], True
            reused = int(filled.sum())
            todo = prepared_ds
            if cached:
                skip = set(cached)
                todo = prepared_ds.filter(lambda r: r["content_hash"] not in skip)
            if not filled.all():
                embedded = todo.select_columns(["row", "text"]).map_batches(
                    EmbedWorker,
                    batch_size=BATCH_ROWS,
                    batch_format="numpy",
                    fn_constructor_kwargs={"name": config.embedder, "threads": config.threads},
                    compute=ray.data.ActorPoolStrategy(size=workers),
                    num_cpus=config.threads,
                    num_gpus=gpus,
                )
                for batch in embedded.iter_batches(batch_format="numpy", batch_size=None):
                    vectors[batch["row"]], filled[batch["row"]] = batch["vector"], True
        if not filled.all():
            raise BuildError(f"{int((~filled).sum())} articles came back without an embedding")

        with stage("topics", timings, log):
            topics = fit_topics(texts, vectors, embedder, topic_options(config))

        with stage("entities", timings, log):
            mentions = _entities(source, articles, config, workers)

        return write_build(
            local_out,
            local_corpus,
            config,
            result=result,
            articles=articles,
            hashes=hashes,
            vectors=vectors,
            reused=reused,
            embedder=embedder,
            topics=topics,
            mentions=mentions,
            timings=timings,
            started=started,
            log=log,
            extra={
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
                    "shards": shards,
                },
            },
        )
    finally:
        _remove(scratch)
        if owns_ray:
            ray.shutdown()


def _entities(source, articles: pd.DataFrame, config: BuildConfig, workers: int) -> pd.DataFrame:
    """Entity mentions over the shards: the optional NER model, else the built-in scan."""
    import ray

    if config.ner_model:
        found = source.map_batches(
            NerWorker,
            batch_format="pandas",
            fn_constructor_kwargs={"model": config.ner_model},
            compute=ray.data.ActorPoolStrategy(size=workers),
        ).to_pandas()
        found = found.sort_values("row", kind="stable").drop(columns="row")
        return found.reset_index(drop=True)
    parts = source.map_batches(scan_batch, batch_format="pandas", batch_size=BATCH_ROWS * 4)
    return merge_scans(parts.to_pandas(), articles["id"].tolist())


def _remove(folder: str) -> None:
    """Delete the scratch shards, local or remote."""
    if not is_url(folder):
        shutil.rmtree(folder, ignore_errors=True)
        return
    from fsspec.core import url_to_fs

    fs, root = url_to_fs(folder)
    if fs.exists(root):
        fs.rm(root, recursive=True)
