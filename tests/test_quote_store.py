"""The quotes a store keeps after adds are those of a fresh extraction: the old articles
whose entity lists changed are linked to their new entities from the kept checks (parsed
again only when a check finds otherwise), and each add writes one more part of rows."""

from __future__ import annotations

import gzip
import itertools
import random
from pathlib import Path

import pandas as pd
import pytest

from dashboard.analysis.quote_store import read_checks, read_quotes, write_quotes
from dashboard.analysis.quotes import QUOTE_COLUMNS, mention_lists, parsed_quotes
from dashboard.pipeline.build import LocalExecutor
from dashboard.pipeline.entities import tagger
from dashboard.pipeline.stages import SCAN, BuildConfig, load_corpus
from dashboard.storage.parts import append_parted, write_parted
from dashboard.storage.rowtext import extend_texts, write_texts

SIZES = (60, 75, 90)  # the store, then two adds of 15 articles


@pytest.fixture(scope="module")
def corpus(snn_sample: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple:
    """SaudiNewsNet articles and their mentions (the entity stage's, merged over them)."""
    source = tmp_path_factory.mktemp("quote-store") / "some.jsonl"
    with gzip.open(snn_sample, "rt", encoding="utf-8") as lines:
        source.write_text("".join(itertools.islice(lines, SIZES[-1])), encoding="utf-8")
    result, _ = load_corpus([source], None, lambda _line: None)
    articles = result.articles.head(SIZES[-1]).reset_index(drop=True)
    tagger.use(None)  # the rules' mentions: the seeded changes below were chosen on them
    try:
        found = LocalExecutor(1).map(SCAN, articles, BuildConfig(threads=1))
    finally:
        tagger._ACTIVE.clear()
    return articles, found.mentions[["article_id", "entity", "type"]].astype(str)


def varied(mentions: pd.DataFrame, seed: int) -> pd.DataFrame:
    """``mentions`` as an alias merge may leave them: in a third of the articles, some
    dropped, some names cut to their last word (a surname), some retyped, and a few names
    from other articles added."""
    draw = random.Random(seed)
    touched = {a for a in sorted(set(mentions["article_id"])) if draw.random() < 0.35}
    rows = []
    for article, entity, kind in mentions.itertuples(index=False):
        roll = draw.random() if article in touched else 1.0
        if roll < 0.15:
            continue
        if roll < 0.35 and " " in entity:
            entity = entity.split()[-1]
        elif roll < 0.45:
            kind = "organisation" if kind == "person" else "person"
        rows.append((article, entity, kind))
    names = mentions[["entity", "type"]].drop_duplicates().values.tolist()
    for article in draw.sample(sorted(touched), 8):
        rows.append((article, *draw.choice(names)))
    return pd.DataFrame(rows, columns=["article_id", "entity", "type"])


def stored(folder: Path, articles: pd.DataFrame, mentions: pd.DataFrame) -> None:
    """Write ``mentions`` into ``folder`` (those of its ``articles``)."""
    mentions[mentions["article_id"].isin(articles["id"])].to_parquet(
        folder / "mentions.parquet", index=False
    )


def fresh(articles: pd.DataFrame, mentions: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The quotes and checks of a fresh pass over ``articles`` with ``mentions`` (the quotes
    are :func:`~dashboard.analysis.quotes.extract_quotes`'s: the same function's)."""
    quotes, checks = parsed_quotes(articles, mention_lists(mentions))
    return quotes[QUOTE_COLUMNS], checks


def test_quotes_after_adds_are_a_fresh_extraction(corpus: tuple, tmp_path: Path) -> None:
    articles, mentions = corpus
    folder = tmp_path / "v0"
    folder.mkdir()
    write_parted(articles.head(SIZES[0]), folder, "articles")
    write_texts(folder, "body", articles["body"].head(SIZES[0]))
    stored(folder, articles.head(SIZES[0]), mentions)
    write_quotes(folder)
    counts, held = [], []
    for step, (before, after) in enumerate(itertools.pairwise(SIZES), start=1):
        following = tmp_path / f"v{step}"
        following.mkdir()
        new = articles.iloc[before:after]
        append_parted(folder, following, "articles", new)
        extend_texts(folder, following, "body", new["body"])
        now = varied(mentions, step)  # the old articles' entity lists change too
        stored(following, articles.head(after), now)
        counts.append(write_quotes(following, folder))
        quotes, checks = fresh(articles.head(after), now)
        got = read_quotes(following)
        pd.testing.assert_frame_equal(got, quotes, check_dtype=False)
        held.append(len(got))  # an add writes the new and changed rows, not these
        assert read_checks(following).equals(checks)
        folder = following
    relinked, again = (sum(c[k] for c in counts) for k in ("relinked", "parsed_again"))
    assert relinked > 5 * again > 0  # most are linked without a parse
    assert all(c["quote_rows"] < 0.7 * n for c, n in zip(counts, held, strict=True))


def test_a_store_without_checks_parses_its_changed_articles_and_keeps_its_file(
    corpus: tuple, tmp_path: Path
) -> None:
    articles, mentions = corpus
    folder, following = tmp_path / "old", tmp_path / "new"
    folder.mkdir(), following.mkdir()
    first, rest = articles.head(SIZES[0]), articles.iloc[SIZES[0] : SIZES[1]]
    write_parted(first, folder, "articles")
    write_texts(folder, "body", first["body"])
    stored(folder, first, mentions)
    write_quotes(folder)
    (folder / "quote_checks.parquet").unlink()  # quotes kept before their checks were
    kept = (folder / "quotes.parquet").read_bytes()
    append_parted(folder, following, "articles", rest)
    extend_texts(folder, following, "body", rest["body"])
    now = varied(mentions, 7)
    stored(following, articles.head(SIZES[1]), now)
    counts = write_quotes(following, folder)
    assert counts["relinked"] == 0 and counts["parsed_again"] > 0
    quotes, _ = fresh(articles.head(SIZES[1]), now)
    pd.testing.assert_frame_equal(read_quotes(following), quotes, check_dtype=False)
    assert (folder / "quotes.parquet").read_bytes() == kept  # linked as the first part
    part = following / "quotes" / "part-00000.parquet"
    assert part.stat().st_ino == (folder / "quotes.parquet").stat().st_ino


def test_a_quote_in_its_own_marks_is_stored_and_read_without_them_in_old_stores_too(
    tmp_path: Path,
) -> None:
    """The extractor keeps «…» out of a quote that they enclose whole; a store written
    before (its rows hold the marks, its offsets around them) reads as a fresh one."""
    body = "وقال سليم حداد إن «الاتفاق لا يبدد كل القلق». وأكدت نورا العطار أن المدارس مفتوحة."
    articles = pd.DataFrame(
        {"id": ["a"], "published_at": [pd.Timestamp("2024-01-01")], "outlet": ["x"]}
    )
    write_parted(articles, tmp_path, "articles")
    write_texts(tmp_path, "body", [body])
    mentions = pd.DataFrame({"article_id": ["a", "a"], "entity": ["سليم حداد", "نورا العطار"]})
    stored(tmp_path, articles, mentions.assign(type="person"))
    write_quotes(tmp_path)
    kept = pd.read_parquet(tmp_path / "quotes.parquet")
    assert kept["quote"].tolist() == ["الاتفاق لا يبدد كل القلق", "المدارس مفتوحة"]
    fresh_rows = read_quotes(tmp_path)
    assert fresh_rows["quote"].tolist() == kept["quote"].tolist()
    assert [body[a:b] for a, b in zip(kept["start"], kept["end"], strict=True)] == kept[
        "quote"
    ].tolist()
    old = kept.copy()  # as the extractor wrote it before: the marks and the span around them
    old.loc[0, ["quote", "start", "end"]] = [
        "«الاتفاق لا يبدد كل القلق»",
        *kept.loc[0, ["start", "end"]] + [-1, 1],
    ]
    old.to_parquet(tmp_path / "quotes.parquet", index=False)
    assert body[old.at[0, "start"] : old.at[0, "end"]] == old.at[0, "quote"]
    pd.testing.assert_frame_equal(read_quotes(tmp_path), fresh_rows)
