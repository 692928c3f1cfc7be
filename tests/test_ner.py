"""The transformers NER backend's plumbing, with a tiny random model built here (no download)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.pipeline.ner import extract_mentions, label_type

LABELS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"]
WORDS = ["قال", "الرئيس", "سليم", "نصار", "في", "بيروت", "وزارة", "الصحة", "إن"]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 1-layer BERT token classifier with a word-level vocabulary, saved to disk."""
    from transformers import BertConfig, BertForTokenClassification, BertTokenizerFast

    out = tmp_path_factory.mktemp("tiny_ner")
    vocab = out / "vocab.txt"
    vocab.write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS]) + "\n")
    tokenizer = BertTokenizerFast(vocab_file=str(vocab), do_lower_case=False)
    config = BertConfig(
        vocab_size=len(WORDS) + 5,
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
        id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
    )
    model = BertForTokenClassification(config)
    # Random weights, but a classifier that calls every word a place: the output is known.
    model.classifier.weight.data.zero_()
    model.classifier.bias.data.zero_()
    model.classifier.bias.data[LABELS.index("B-LOC")] = 10.0
    tokenizer.save_pretrained(out)
    model.save_pretrained(out)
    return out


def test_label_types() -> None:
    assert [label_type(x) for x in ["B-PER", "I-ORG", "LOC", "GPE", "MISC", "O"]] == [
        "person",
        "organisation",
        "place",
        "place",
        "other",
        "other",
    ]


def test_tiny_model_runs_and_gives_the_mention_columns(tiny_model: Path) -> None:
    articles = pd.DataFrame(
        {
            "id": ["a", "b"],
            "title": ["", ""],
            "body": ["قال الرئيس سليم نصار في بيروت", "وزارة الصحة إن"],
        }
    )
    frame = extract_mentions(articles, str(tiny_model), batch_size=2)
    assert list(frame.columns) == ["article_id", "entity", "type", "count", "source"]
    rows = {(r.article_id, r.entity): (r.type, r.count) for r in frame.itertuples()}
    assert rows[("a", "بيروت")] == ("place", 1)
    assert rows[("b", "الصحة")] == ("place", 1)
    assert set(frame["type"]) == {"place"}
    assert (frame["source"] == "model").all()
