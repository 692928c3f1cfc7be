"""The learned check on the scanner's hits (dashboard/pipeline/entities/learned.py): its model
file, its features, and what it changes on written sentences."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pandas as pd
import pytest

from dashboard.pipeline.entities import learned, tagger
from dashboard.pipeline.entities.mentions import extract_mentions
from dashboard.pipeline.entities.scanner import Scanner
from dashboard.pipeline.entities.tokens import split_tokens
from dashboard.pipeline.gazetteer import gazetteer


@pytest.fixture
def shipped():
    """The shipped model active; the default (loaded on first use) again afterwards."""
    learned.use(learned.load())
    yield
    learned._ACTIVE.clear()


def entities(sentence: str, model: learned.SpanModel | None) -> set[tuple[str, str]]:
    """The sentence's entities with the span check ``model`` (None: the rules alone), the name
    tagger off whatever MARSAD_NAME_TAGGER says (it drops and adds places of its own)."""
    learned.use(model)
    tagger.use(None)
    try:
        frame = pd.DataFrame({"id": ["a"], "title": [""], "body": [sentence], "tags": [[]]})
        found = extract_mentions(frame)
    finally:
        tagger._ACTIVE.clear()
    return set(zip(found["entity"], found["type"], strict=True))


def test_model_file_holds_numbers_only_and_the_trainers_features() -> None:
    with np.load(learned.MODEL_PATH) as data:
        assert all(data[name].dtype.kind in "fiu" for name in data.files)
        assert data["weights"].shape == (1 << learned.BITS, len(learned.CLASSES))
        assert data["probe"].tolist() == learned.features(*learned.PROBE)
    assert learned.MODEL_PATH.stat().st_size < 3_000_000
    model = learned.load()
    assert 0.5 <= model.threshold < 1 and 0.5 <= model.add_threshold < 1


def test_a_model_trained_on_other_features_is_refused(tmp_path) -> None:
    model = learned.load()
    path = tmp_path / "model.npz"
    learned.save(model, path)
    learned.load(path)
    with np.load(path) as data:
        arrays = {name: data[name] for name in data.files}
    arrays["probe"] = arrays["probe"] + 1
    np.savez_compressed(path, **arrays)
    with pytest.raises(ValueError, match="probe"):
        learned.load(path)


@pytest.mark.usefixtures("shipped")
@pytest.mark.parametrize(
    ("sentence", "rules", "added", "dropped"),
    [
        # a word of a pipeline's name read as a place by the rules: dropped
        ('تضررت خطوط أنابيب "نورد ستريم" في البحر.', {("نورد", "place")}, set(), {"نورد"}),
        # a name after a title the rules pass over: added as a person
        ("تحدث الكاتب عن سيرة النبي محمد في كتابه الجديد.", set(), {"محمد"}, set()),
        # the rules' persons are never dropped by the model
        (
            "وفاز المرشحان أحمد سليم وزياد نصار بالمقعدين",
            {("أحمد سليم", "person"), ("زياد نصار", "person")},
            set(),
            set(),
        ),
    ],
)
def test_the_model_changes_the_rules_output(
    sentence: str, rules: set, added: set[str], dropped: set[str]
) -> None:
    model = learned.load()
    alone = entities(sentence, None)
    assert alone == rules
    both = entities(sentence, model)
    assert {name for name, _ in both - alone} == added
    assert {name for name, _ in alone - both} == dropped


@pytest.mark.usefixtures("shipped")
def test_revised_hits_stay_ordered_and_apart() -> None:
    text = 'وكان يوفنتوس قد فاز على ميلان أمس . خطوط "نورد ستريم" . سيرة النبي محمد'
    surface, norm = split_tokens(text)
    hits = learned.load().revise(norm, surface, Scanner(gazetteer(), {}).scan(norm, surface))
    assert len(hits) >= 2
    assert all(a.end <= b.start for a, b in pairwise(hits))


def test_without_the_model_file_the_rules_alone_with_a_warning(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("MARSAD_SPAN_MODEL", "on")
    monkeypatch.setattr(learned, "MODEL_PATH", tmp_path / "missing.npz")
    monkeypatch.setattr(learned, "_ACTIVE", [])
    with pytest.warns(UserWarning, match="rules alone"):
        assert learned.active() is None


@pytest.mark.parametrize("setting", [None, "off", "yes"])
def test_the_rules_alone_unless_switched_on(monkeypatch, setting: str | None) -> None:
    if setting is None:
        monkeypatch.delenv("MARSAD_SPAN_MODEL", raising=False)
    else:
        monkeypatch.setenv("MARSAD_SPAN_MODEL", setting)
    monkeypatch.setattr(learned, "_ACTIVE", [])
    assert learned.active() is None


def test_switched_on_by_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("MARSAD_SPAN_MODEL", "ON")
    monkeypatch.setattr(learned, "_ACTIVE", [])
    model = learned.active()
    assert model is not None
    np.testing.assert_array_equal(model.weights, learned.load().weights)
