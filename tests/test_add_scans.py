"""`add` scans only its new articles and merges them with the scans the store keeps: the
mentions are those of a build of the whole corpus; a store without kept scans is scanned
whole, once, and says so."""

from __future__ import annotations

import gzip
import itertools
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.analysis.quotes import mention_lists
from dashboard.pipeline.build import LocalExecutor
from dashboard.pipeline.entities.article import scan_frame
from dashboard.pipeline.entities.corpus_totals import decisions
from dashboard.pipeline.entities.mentions import extract_mentions, merged_scans
from dashboard.pipeline.entities.scan_records import RECORDS, has_records
from dashboard.pipeline.entities.scan_store import StoredScans
from dashboard.pipeline.entities.tables import compact
from dashboard.pipeline.gazetteer import gazetteer
from dashboard.pipeline.stages import SCAN, BuildConfig, load_corpus
from dashboard.pipeline.update import AddedEntities, added_entities, differing
from dashboard.storage.parts import Parted, append_replacing
from dashboard.storage.store import Store, write_store

SORT = ["article_id", "entity"]


def ordered(mentions: pd.DataFrame) -> pd.DataFrame:
    frame = mentions.astype({c: str for c in ("article_id", "entity", "type", "source")})
    return frame.sort_values(SORT, ignore_index=True)


@pytest.fixture(scope="module")
def halves(demo_store: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The demo's articles in build order, split into a store's (A) and every third (B)."""
    articles = Store(demo_store).articles
    later = np.arange(len(articles)) % 3 == 1
    return articles[~later].reset_index(drop=True), articles[later].reset_index(drop=True)


@pytest.fixture(scope="module")
def store_a(halves, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding A, its mentions and its scans as the build's entity stage left them."""
    first, _ = halves
    found = LocalExecutor(1).map(SCAN, first, BuildConfig(threads=1))
    empty = pd.DataFrame({"id": pd.Series(dtype=str)})
    frames = {
        "articles": first,
        "topics": empty,
        "mentions": found.mentions,
        "rejected": empty,
        "duplicates": empty,
        "scans": found.scans,
    }
    out = tmp_path_factory.mktemp("scans") / "a"
    write_store(out, frames, np.zeros((len(first), 2), np.float32), {"build_id": "a"})
    return out


@pytest.fixture(scope="module")
def whole(halves) -> pd.DataFrame:
    """What a build of A and B gives: both scanned and merged in build (date) order."""
    both = pd.concat(halves).sort_values(["published_at", "id"], ignore_index=True)
    return ordered(extract_mentions(both))


def test_add_scans_only_the_new_articles_and_merges_as_a_build_of_both(
    store_a, halves, whole, tmp_path
):
    first, second = halves
    lines: list[str] = []
    config = BuildConfig(threads=1)
    found = added_entities(Store(store_a), second, config, LocalExecutor(1), lines.append)
    assert lines == []  # the stored scans were used
    assert found.mentions is None  # the stored frame is not read whole
    both = pd.concat([first, second], ignore_index=True)
    out = _kept(both, found, tmp_path / "added", store_a)  # the stored file linked
    pd.testing.assert_frame_equal(ordered(Store(out).mentions), whole)
    counts = {"entities": whole["entity"].nunique(), "mentions": len(whole)}
    assert found.counts(len(Store(store_a).mentions)) == counts
    # the scans the store keeps next: A (kept whole before: written in parts once), then B
    (tmp_path / "scans").mkdir()
    found.write(tmp_path / "scans")
    for name, part in (("scans.parquet", first), ("scans.1.parquet", second)):
        kept = pd.read_parquet(tmp_path / "scans" / name)
        scanned = kept.loc[kept["field"] == "article", "article_id"].astype(str).tolist()
        assert scanned == sorted(part["id"])
    assert len(whole) > 100


def test_a_store_without_kept_scans_is_scanned_whole_and_says_so(store_a, halves, whole, tmp_path):
    first, second = halves
    old = Store(store_a)
    frames = {name: old.frame(name) for name in ("articles", "topics", "mentions")}
    frames |= {"rejected": frames["topics"], "duplicates": frames["topics"]}
    out = tmp_path / "old"
    write_store(out, frames, np.zeros((len(first), 2), np.float32), {"build_id": "old"})
    lines: list[str] = []
    config = BuildConfig(threads=1)
    found = added_entities(Store(out), second, config, LocalExecutor(1), lines.append)
    assert len(lines) == 1 and f"scanning all {len(first) + len(second)} articles" in lines[0]
    pd.testing.assert_frame_equal(ordered(found.mentions), whole)
    assert found.counts(0) == {"entities": whole["entity"].nunique(), "mentions": len(whole)}
    found.write(tmp_path)  # the totals and the decisions of the merge, passed through
    kept = StoredScans(tmp_path)
    assert kept.totals() == found.totals and kept.decisions() == found.made
    assert found.made == decisions(found.totals, gazetteer())
    assert (found.scans["field"] == "article").sum() == len(first) + len(second)


def _kept(
    articles: pd.DataFrame,
    found: AddedEntities,
    out: Path,
    previous: Path | None = None,
    records: bool = True,
) -> Path:
    """Publish a store of ``articles`` whose mentions and scans ``found`` gives: its
    mentions written whole, or, after ``previous``, as ``add`` writes them (the stored
    parts linked, the appended rows and their tombstones); without ``records``, its scans
    as a store written before they had records keeps them."""
    empty = pd.DataFrame({"id": pd.Series(dtype=str)})
    frames = {"articles": articles, "topics": empty, "rejected": empty, "duplicates": empty}
    if previous is None:
        frames["mentions"] = found.mentions
    stored = previous.resolve() if previous is not None else None

    def extras(folder: Path) -> None:
        if stored is not None:
            rows = compact(found.appended)
            append_replacing(stored, folder, "mentions", rows, found.replaced, "article_id")
        found.write(folder)
        for path in [] if records else folder.glob(f"{RECORDS}*"):
            path.unlink()

    embeddings = np.zeros((len(articles), 2), np.float32)
    write_store(out, frames, embeddings, {"build_id": out.name}, extras=extras)
    if previous is not None:
        stored_parts = {p.stat().st_ino for p in Parted(stored, "mentions").paths()}
        assert all(p.stat().st_ino in stored_parts for p in Parted(out, "mentions").paths()[:-1])
    return out


def _plain(mentions: pd.DataFrame) -> pd.DataFrame:
    text = ("article_id", "entity", "type", "source")
    return mentions.astype(dict.fromkeys(text, str)).reset_index(drop=True)


@pytest.mark.parametrize("records", [True, False])
def test_adds_in_several_steps_merge_aliases_as_a_fresh_build(snn_sample, tmp_path, records):
    """Three adds to a store of SaudiNewsNet articles: after each, the mentions (row for
    row, in article order), their counts and the corpus totals kept are those of a fresh
    merge of every article so far, some old articles' rows changed on the way, and the old
    articles given new rows are those whose rows changed (the others read again keep
    theirs). Old articles' scans are read from their records; a first store without them
    (written before they were kept) gives the same, and its part gets them once."""
    with gzip.open(snn_sample, "rt", encoding="utf-8") as lines:
        (tmp_path / "first.jsonl").write_text("".join(itertools.islice(lines, 240)))
    result, _ = load_corpus([tmp_path / "first.jsonl"], None, lambda _line: None)
    articles = result.articles
    groups = [articles[np.arange(len(articles)) % 4 == n] for n in range(4)]  # spread in time
    groups = [group.reset_index(drop=True) for group in groups]
    scans = [scan_frame(group) for group in groups]
    config, executor = BuildConfig(threads=1), LocalExecutor(1)
    first = executor.map(SCAN, groups[0], config)
    out = _kept(
        groups[0], AddedEntities(first.mentions, first.scans), tmp_path / "s0", None, records
    )
    assert has_records(Path(out), 0) == records
    changed, relisted = 0, 0
    for n in (1, 2, 3):
        before = _plain(Store(out).mentions)
        found = added_entities(Store(out), groups[n], config, executor, pytest.fail)
        held = pd.concat(groups[: n + 1], ignore_index=True)
        fresh, totals = merged_scans(pickle.loads(pickle.dumps(scans[: n + 1])), list(held["id"]))
        out = _kept(held, found, tmp_path / f"s{n}", out)
        after = _plain(Store(out).mentions)
        pd.testing.assert_frame_equal(after, _plain(fresh))
        counts = {"entities": fresh["entity"].nunique(), "mentions": len(fresh)}
        assert found.counts(len(before)) == counts
        kept = StoredScans(Path(out))
        assert kept.totals() == totals and kept.decisions() == decisions(totals, gazetteer())
        assert kept.parts == list(range(n + 1))  # the stored parts linked, not written again
        for name in ("scans.parquet", "scan_keys.parquet"):
            assert (Path(out) / name).stat().st_ino == (tmp_path / "s0" / name).stat().st_ino
        assert all(has_records(Path(out), part) for part in kept.parts)
        # the first part's records linked from the version that wrote them
        first_records = tmp_path / ("s0" if records else "s1") / "scan_records.bin"
        assert (Path(out) / "scan_records.bin").stat().st_ino == first_records.stat().st_ino
        old = after[after["article_id"].isin(before["article_id"])].reset_index(drop=True)
        changed += len(before.merge(old, how="outer", indicator=True).query("_merge != 'both'"))
        # new rows for the old articles whose rows changed alone (none for the others)
        assert sorted(found.replaced) == _moved(before, old)
        # the old articles whose quotes are read again: those whose entity lists changed
        earlier, later = mention_lists(before), mention_lists(after)
        held_before = pd.concat(groups[:n])["id"]
        assert found.changed == [i for i in held_before if earlier.get(i) != later.get(i)]
        relisted += len(found.changed)
    assert changed > 0 and relisted > 0


def _moved(before: pd.DataFrame, after: pd.DataFrame) -> list[str]:
    """Ids of the articles whose mention rows (every column, in order) differ."""

    def rows(frame: pd.DataFrame) -> dict[str, list]:
        return {i: part.values.tolist() for i, part in frame.groupby("article_id")}

    earlier, later = rows(before), rows(after)
    return sorted(i for i in earlier.keys() | later.keys() if earlier.get(i) != later.get(i))


def test_the_old_articles_given_new_rows_are_those_whose_rows_differ_in_any_way():
    """A touched article keeps its stored rows when its new ones are the same, row for row;
    a count, a source, a type, a row more or the rows' order is a difference."""
    rows = [
        ("same", "أ", "person", 2, "pattern"),
        ("same", "ب", "place", 1, "gazetteer"),
        ("count", "أ", "person", 1, "pattern"),
        ("source", "أ", "person", 1, "pattern"),
        ("type", "ب", "place", 1, "pattern"),
        ("more", "ب", "place", 1, "pattern"),
        ("order", "أ", "person", 1, "pattern"),
        ("order", "ب", "place", 1, "pattern"),
    ]
    later = [
        *rows[:2],
        ("count", "أ", "person", 2, "pattern"),
        ("source", "أ", "person", 1, "gazetteer"),
        ("type", "ب", "organisation", 1, "pattern"),
        rows[5],
        ("more", "ج", "place", 1, "pattern"),
        rows[7],
        rows[6],
        ("new", "أ", "person", 1, "pattern"),
    ]
    columns = ["article_id", "entity", "type", "count", "source"]
    earlier, later = pd.DataFrame(rows, columns=columns), pd.DataFrame(later, columns=columns)
    assert differing(compact(earlier), later) == {"count", "source", "type", "more", "order", "new"}
    assert differing(earlier.head(0), later.head(2)) == {"same"}
