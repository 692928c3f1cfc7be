"""A build records which learned models its entity extraction used, and an ``add`` extracts
its new articles with the same ones, whatever the environment says."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from test_update import new_corpus

from dashboard.pipeline.entities import learned, switches, tagger
from dashboard.pipeline.entities.switches import following
from dashboard.pipeline.update import add_articles
from dashboard.storage.store import StoreError


@pytest.fixture(autouse=True)
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test reads the switches afresh and leaves the process's models as they were."""
    monkeypatch.setattr(tagger, "_ACTIVE", [])
    monkeypatch.setattr(learned, "_ACTIVE", [])
    for _, variable, _ in switches.SWITCHES.values():
        monkeypatch.delenv(variable, raising=False)


# The environment of the test run, which built the demo store (read before ``fresh`` clears it).
RUN_WITH = {variable: os.environ.get(variable) for _, variable, _ in switches.SWITCHES.values()}


def test_a_build_records_the_learned_models_its_extraction_used(demo_store: Path) -> None:
    named = (RUN_WITH["MARSAD_NAME_TAGGER"] or "on").lower() == "on"
    checked = (RUN_WITH["MARSAD_SPAN_MODEL"] or "off").lower() == "on"
    manifest = json.loads((demo_store / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["entities"] == {
        "name_tagger": "on" if named else "off",
        "span_model": "on" if checked else "off",
    }


def test_an_add_follows_a_build_without_the_tagger_though_it_is_on_by_default() -> None:
    lines: list[str] = []
    assert tagger.active() is not None  # the default
    record = {"entities": {"name_tagger": "off", "span_model": "off"}}
    with following(record, lines.append):
        assert tagger.active() is None and learned.active() is None
    assert tagger.active() is not None  # the process's own setting back
    assert lines == []


def test_an_add_follows_a_build_with_the_tagger_and_says_the_variable_is_ignored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MARSAD_NAME_TAGGER", "off")
    lines: list[str] = []
    with following({"entities": {"name_tagger": "on", "span_model": "off"}}, lines.append):
        assert isinstance(tagger.active(), tagger.NameTagger)
    assert tagger.active() is None
    assert len(lines) == 1 and "MARSAD_NAME_TAGGER=off ignored" in lines[0]


def test_a_store_that_records_nothing_is_added_to_without_the_tagger_unless_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines: list[str] = []
    with following({}, lines.append):  # built when the tagger was off by default
        assert tagger.active() is None
    assert len(lines) == 1 and "does not record MARSAD_NAME_TAGGER" in lines[0]
    monkeypatch.setenv("MARSAD_NAME_TAGGER", "on")
    lines.clear()
    with following({}, lines.append):
        assert tagger.active() is not None
    assert lines == []


def test_a_build_with_a_model_file_missing_here_is_refused_by_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    missing = tmp_path / "name_tagger.npz"
    monkeypatch.setattr(tagger, "MODEL_PATH", missing)
    tagger.use(None)
    record = {"entities": {"name_tagger": "on"}}
    with pytest.raises(StoreError, match=r"name_tagger\.npz is missing"), following(record, print):
        pass
    assert tagger.active() is None


@pytest.mark.parametrize("setting", ["on", "off"])
def test_the_add_reads_its_new_articles_as_the_build_did(
    served: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    # Without the record (and before it) the add used the environment's setting: the
    # tagger, on by default, read the articles added to a store built with the rules.
    path = Path(served).resolve() / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["entities"] = {"name_tagger": setting, "span_model": "off"}
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("MARSAD_NAME_TAGGER", "off" if setting == "on" else "on")
    revised: list[int] = []
    revise = tagger.NameTagger.revise

    def counted(self, norm, surface, hits, *shared):
        revised.append(len(norm))
        return revise(self, norm, surface, hits, *shared)

    monkeypatch.setattr(tagger.NameTagger, "revise", counted)
    lines: list[str] = []
    added = add_articles(served, [new_corpus(tmp_path / "new.jsonl")], log=lines.append)
    assert added["update"]["added"] == 3
    assert added["entities"]["name_tagger"] == setting  # the next add follows it too
    assert (len(revised) > 0) == (setting == "on"), revised
    assert any("ignored" in line for line in lines)
