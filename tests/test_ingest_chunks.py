"""Reading a corpus in small chunks gives what reading it whole gives (issue 14: big files).

A SaudiNewsNet sample with duplicates far apart, a broken row, a near-copy and a learned
footer is read twice: with the default chunk sizes (one chunk) and with every chunk size
forced small (many chunks at every stage). The accounting, the cleaned bodies, what was cut,
the duplicates and the near-duplicates must be the same.
"""

from __future__ import annotations

import csv
import gzip
import itertools
import json
from pathlib import Path

import pandas as pd
import pytest

from dashboard.pipeline import ingest
from dashboard.pipeline.forkpool import ForkedMap, fork_two_steps
from dashboard.pipeline.ingest import copies, corpus, read_corpus, sizes
from dashboard.text import neardup
from tests.conftest import chunk_sizes, shared_file

ROWS = 240
FOOTER = "تابعوا أخبارنا على قناتنا كل يوم"  # written for the test: learned as boilerplate


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CSV of SaudiNewsNet rows, with copies of early rows near the end."""
    source = shared_file("data/saudinewsnet/saudinewsnet.jsonl.gz")
    with gzip.open(source, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in itertools.islice(lines, ROWS)]
    outlet = records[0]["source"]
    for record in [r for r in records if r["source"] == outlet][:15]:
        record["content"] += f"\n{FOOTER}"
    rows = [[r["title"], r["content"], r["date_extracted"], r["source"], r["url"]] for r in records]
    rows += [rows[3], [*rows[10][:4], ""]]  # same URL; same text without a URL
    near = rows[20][:]
    near[1], near[4] = near[1] + " وأضاف المصدر", near[4] + "?copy"
    rows.append(near)
    path = tmp_path_factory.mktemp("chunks") / "sample.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "content", "date_extracted", "source", "url"])
        writer.writerows(rows)
        handle.write('عنوان,"نص لم يغلق,2015-07-21,صحيفة\n')
    return path


def assert_same_reading(result: ingest.IngestResult, expected: ingest.IngestResult) -> None:
    """Two readings of one corpus agree on every frame and on the report."""
    pd.testing.assert_frame_equal(result.articles, expected.articles)
    pd.testing.assert_frame_equal(result.duplicates, expected.duplicates)
    pd.testing.assert_frame_equal(result.rejected, expected.rejected)
    pd.testing.assert_frame_equal(result.near_duplicates, expected.near_duplicates)
    assert result.report == expected.report


def test_small_chunks_give_what_one_chunk_gives(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = read_corpus([sample])
    for module, name, size in (
        (sizes, "CHUNK_ROWS", 100),  # lines: a body of many lines stays in one chunk
        (sizes, "CHUNK_CHARS", 3_000),
        (sizes, "CHUNK_ARTICLES", 5),
        (sizes, "SEEN_CHARS", 20_000),  # the bodies past it folded again when stripped
        (neardup, "TEXT_BATCH", 3),
        (neardup, "_BATCH", 2),
    ):
        monkeypatch.setattr(module, name, size)
    chunked = read_corpus([sample])
    counts = ("read", "loaded", "rejected", "duplicates", "near_duplicates")
    assert {k: chunked.report[k] for k in counts} == {k: whole.report[k] for k in counts}
    assert whole.report["duplicates"] == 2 and whole.report["near_duplicates"] >= 1
    assert whole.report["boilerplate_articles"] >= 15 and whole.report["rejected"] >= 1
    assert_same_reading(chunked, whole)


def test_forked_workers_give_what_one_process_gives(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = read_corpus([sample])
    forks: list[tuple[str, int]] = []

    class Counted(ForkedMap):
        def __init__(self, function, items) -> None:
            forks.append((corpus.__name__, len(items)))
            super().__init__(function, items)

    def counted_two(first, combine, second, items):
        forks.append((copies.__name__, len(items)))
        return fork_two_steps(first, combine, second, items)

    monkeypatch.setattr(corpus, "ForkedMap", Counted)
    monkeypatch.setattr(copies, "fork_two_steps", counted_two)
    monkeypatch.setattr(sizes, "FORK_ROWS", 30)  # each round of records in two slices
    monkeypatch.setattr(sizes, "CHUNK_ROWS", 60)  # rounds converting while the next is read
    monkeypatch.setattr(sizes, "CHUNK_ARTICLES", 50)  # boilerplate: a slice each, in chunks
    forked = read_corpus([sample], workers=2)
    assert forks.count((corpus.__name__, 2)) >= 2 and (copies.__name__, 2) in forks
    assert {n for _, n in forks} == {2}
    assert whole.report["boilerplate_articles"] >= 15 and whole.report["rejected"] >= 1
    assert_same_reading(forked, whole)


def test_parquet_is_read_in_chunks_as_it_is_read_whole(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = read_corpus([sample])
    path = tmp_path / "sample.parquet"
    whole.articles[["title", "body", "published_at", "outlet", "url"]].to_parquet(path)
    once = read_corpus([path])
    sizes = chunk_sizes(monkeypatch, 7)
    chunked = read_corpus([path])
    assert max(sizes) == 7 and sum(sizes) == len(whole.articles)
    pd.testing.assert_frame_equal(chunked.articles, once.articles)
    assert chunked.articles["source_row"].tolist() == list(range(1, len(whole.articles) + 1))


def test_an_oversized_json_array_is_refused_with_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.json"
    path.write_text(json.dumps([{"title": "خبر", "body": "نص " * 50, "date": "2024-01-02"}] * 9))
    monkeypatch.setattr(sizes, "MAX_JSON_BYTES", path.stat().st_size - 1)
    with pytest.raises(ingest.IngestError, match=r"larger than .* save it as JSON Lines"):
        read_corpus([path])
    monkeypatch.setattr(sizes, "MAX_JSON_BYTES", path.stat().st_size)
    assert read_corpus([path]).report["loaded"] == 1  # nine copies of one article


def test_boilerplate_is_learned_from_every_workers_slice(monkeypatch: pytest.MonkeyPatch) -> None:
    """A footer in 12 of 40 articles, 6 in each worker's slice: neither slice alone holds it
    in the 10 articles learning asks for; the slices' counts added up do."""
    monkeypatch.setattr(sizes, "CHUNK_ARTICLES", 10)
    words = "المطر الريح الجسر الميناء الطريق المدرسة السوق الحقل النهر المصنع".split()
    bodies = [
        f"خبر رقم {i} عن {words[i % 10]} و{words[(i * 3) % 10]} في الحي {i * 7} اليوم."
        + (f"\n{FOOTER}" if i % 10 < 3 else "")
        for i in range(40)
    ]
    frame = pd.DataFrame(
        {
            "title": [f"عنوان {i}" for i in range(40)],
            "body": bodies,
            "outlet": ["النبأ"] * 40,
            "tags": [[] for _ in range(40)],
            "boilerplate": [""] * 40,
        }
    )
    one, one_sketches = copies.remove_repeated_lines(frame, workers=1)
    two, two_sketches = copies.remove_repeated_lines(frame, workers=2)
    assert copies._slices(frame["body"], 2)[0][1] in range(18, 23)  # two slices of ~20
    assert (two["boilerplate"] == FOOTER).sum() == 12 and FOOTER not in " ".join(two["body"])
    pd.testing.assert_frame_equal(one, two)
    assert (one_sketches.signatures == two_sketches.signatures).all()
