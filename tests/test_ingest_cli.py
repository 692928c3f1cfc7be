"""Tests for dashboard.cli.ingest: the ``ingest`` sub-command."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd
import pytest

from dashboard.cli.ingest import add_ingest_parser


def _run(argv: list[str]) -> int:
    top = argparse.ArgumentParser()
    add_ingest_parser(top.add_subparsers(dest="command", required=True))
    args = top.parse_args(["ingest", *argv])
    return args.run(args)


def test_ingest_writes_articles_report_and_rejected(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "news.csv"
    corpus.write_text(
        "headline,النص,when\n"
        "خبر أول,نص الخبر الأول,2024-01-01\n"
        "خبر ثان,,2024-01-02\n"
        'خبر ثالث,"نص مكسور,2024-01-03\n',
        encoding="utf-8",
    )
    out = tmp_path / "out" / "articles.parquet"
    code = _run(
        [str(corpus), "--out", str(out), "--report", str(tmp_path / "r.json"), "--date", "when"]
    )
    assert code == 0
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert {k: report[k] for k in ("read", "loaded", "rejected", "duplicates")} == {
        "read": 3,
        "loaded": 1,
        "rejected": 2,
        "duplicates": 0,
    }
    assert report["reasons"] == {"empty body": 1, "malformed row": 1}
    assert pd.read_parquet(out)["title"].tolist() == ["خبر أول"]
    rejected = pd.read_csv(out.with_suffix(".rejected.csv"))
    assert sorted(zip(rejected["source_row"], rejected["reason"].str[:13], strict=True)) == [
        (3, "empty body"),
        (4, "malformed row"),
    ]
    assert set(rejected["source_file"]) == {str(corpus)}
    assert json.loads(capsys.readouterr().out)["loaded"] == 1


def test_ingest_exits_non_zero_naming_the_problem(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "cols.csv"
    corpus.write_text("a,b\n1,2\n", encoding="utf-8")
    assert _run([str(corpus), "--out", str(tmp_path / "a.parquet")]) == 1
    err = capsys.readouterr().err
    assert "ingest failed" in err and "missing required columns" in err and "cols.csv" in err


def test_ingest_with_nothing_loadable_exits_non_zero_with_reasons(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "empty.jsonl"
    corpus.write_text('{"title": "عنوان", "body": "", "date": "2024-01-01"}\n', encoding="utf-8")
    assert _run([str(corpus), "--out", str(tmp_path / "a.parquet")]) == 1
    assert "no article could be loaded (empty body: 1)" in capsys.readouterr().err
    assert json.loads((tmp_path / "a.report.json").read_text(encoding="utf-8"))["rejected"] == 1


def test_crawl_date_flag_must_be_iso(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        _run([str(tmp_path), "--out", "x.parquet", "--crawl-date", "أمس"])


def test_ingest_takes_the_map_flag_of_build(tmp_path: Path) -> None:
    corpus = tmp_path / "news.csv"
    corpus.write_text("headline,story,day\nخبر,نص الخبر,2024-01-01\n", encoding="utf-8")
    out = tmp_path / "a.parquet"
    argv = [str(corpus), "--out", str(out), "--map", "body=story", "--map", "published_at=day"]
    assert _run(argv) == 0
    assert pd.read_parquet(out)["body"].tolist() == ["نص الخبر"]


def test_ingest_follows_links_only_when_asked(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.csv").write_text("title,body,date\nأ,نص أول,2024-01-01\n", encoding="utf-8")
    outside = tmp_path / "outside.csv"
    outside.write_text("title,body,date\nب,نص من خارج المجلد,2024-01-02\n", encoding="utf-8")
    (folder / "link.csv").symlink_to(outside)
    out = tmp_path / "a.parquet"
    assert _run([str(folder), "--out", str(out)]) == 0
    assert pd.read_parquet(out)["title"].tolist() == ["أ"]
    assert "link.csv: skipped (symbolic link, not followed" in capsys.readouterr().err
    assert _run([str(folder), "--out", str(out), "--follow-links"]) == 0
    assert sorted(pd.read_parquet(out)["title"]) == ["أ", "ب"]
