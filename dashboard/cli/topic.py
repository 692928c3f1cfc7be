"""Topic commands beside the main CLI: assign new articles to a built store's topics.

``python -m dashboard.cli.topic assign --store DIR --corpus FILE [--out CSV]`` reads the
corpus like a build does, assigns every article to the store's existing topics with the
saved model (no refit; a refit is a new ``python -m dashboard build``) and writes
``id, published_at, outlet, title, topic, label`` as CSV.

Seed keyword lists for guided topics are read with :func:`read_seed_topics`: one topic a
line, its seed words separated by commas or spaces (``#`` starts a comment).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def read_seed_topics(path: Path) -> tuple[tuple[str, ...], ...]:
    """Seed keyword lists, one topic a line.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
    ...     _ = f.write("# guided\\nالنفط، برميل أوبك\\n\\nكرة القدم , الدوري\\n")
    >>> read_seed_topics(Path(f.name))
    (('النفط', 'برميل', 'أوبك'), ('كرة', 'القدم', 'الدوري'))
    >>> os.unlink(f.name)
    """
    topics = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        words = line.split("#", 1)[0].replace("،", " ").replace(",", " ").split()
        if words:
            topics.append(tuple(words))
    return tuple(topics)


def command_assign(args: argparse.Namespace) -> int:
    """Assign a corpus's articles to the topics of a built store."""
    from dashboard.analysis.query import topic_labels
    from dashboard.pipeline.embed import EmbedderError
    from dashboard.pipeline.ingest import IngestError, read_corpus
    from dashboard.pipeline.topics import assign_topics
    from dashboard.pipeline.update import check_complete
    from dashboard.storage.store import Store, StoreError

    store = Store(Path(args.store))
    try:
        check_complete(store)  # checksums first: the topic model is a pickle
        articles = read_corpus([Path(p) for p in args.corpus]).articles
        if articles.empty:
            print("no article could be loaded", file=sys.stderr)
            return 1
        topics = assign_topics(store, articles)
        labels = topic_labels(store.frame("topics"))
    except (StoreError, IngestError, EmbedderError) as error:
        print(f"assign failed: {error}", file=sys.stderr)
        return 1
    table = articles[["id", "published_at", "outlet", "title"]].assign(
        topic=topics, label=[labels.get(int(t), str(t)) for t in topics]
    )
    table.to_csv(args.out or sys.stdout, index=False)
    counts = table["label"].value_counts()
    print("\n".join(f"{n:>6}  {label}" for label, n in counts.items()), file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the topic command line; returns the exit status."""
    top = argparse.ArgumentParser(prog="python -m dashboard.cli.topic", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)
    assign = sub.add_parser("assign", help="assign new articles to a store's existing topics")
    assign.add_argument("--store", required=True, help="built store folder")
    assign.add_argument("--corpus", nargs="+", required=True, help="files or folders")
    assign.add_argument("--out", default="", help="CSV file (default: standard output)")
    assign.set_defaults(run=command_assign)
    args = top.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    raise SystemExit(main())
