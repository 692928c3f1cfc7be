"""An optional NER backend: any transformers token-classification model.

The model is a local path or a hub name the user already has in the cache (nothing is
downloaded when ``HF_HUB_OFFLINE`` is set). Its labels are mapped onto Marsad's types
(PER -> person, ORG -> organisation, LOC/GPE -> place, anything else -> other), and
its output has the same columns as :func:`dashboard.pipeline.entities.mentions.extract_mentions`,
with source ``model``. The build uses it when ``BuildConfig.ner_model`` names a model.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING

import pandas as pd

from dashboard.pipeline.entities.mentions import MENTION_COLUMNS
from dashboard.pipeline.gazetteer import normalize_display

if TYPE_CHECKING:
    from transformers import Pipeline

LABEL_TYPES = {
    "PER": "person",
    "PERS": "person",
    "PERSON": "person",
    "ORG": "organisation",
    "ORGANIZATION": "organisation",
    "LOC": "place",
    "GPE": "place",
    "LOCATION": "place",
}


def label_type(label: str) -> str:
    """Marsad's type for a model label such as ``B-PER``, ``I-ORG`` or ``LOC``."""
    base = label.upper().split("-", 1)[-1] if "-" in label else label.upper()
    return LABEL_TYPES.get(base, "other")


@lru_cache(maxsize=2)
def load(model: str, device: int = -1) -> Pipeline:
    """The token-classification pipeline for ``model`` (grouped entities), cached."""
    from transformers import pipeline

    return pipeline(
        "token-classification", model=model, aggregation_strategy="simple", device=device
    )


def extract_mentions(
    articles: pd.DataFrame, model: str, batch_size: int = 16, max_chars: int = 2000
) -> pd.DataFrame:
    """Entity mentions per article found by ``model``.

    Args:
        articles: Canonical article frame (id, title, body).
        model: A local path or cached model name for a token-classification model.
        batch_size: Texts per forward pass.
        max_chars: Characters of each article read (title first); the rest is ignored.

    Returns:
        The mention frame (article_id, entity, type, count, source='model').
    """
    texts = (articles["title"].fillna("") + " . " + articles["body"].fillna("")).str[:max_chars]
    tagger = load(model)
    rows = []
    for article_id, found in zip(
        articles["id"], tagger(texts.tolist(), batch_size=batch_size), strict=True
    ):
        counts: Counter = Counter()
        for span in found:
            name = normalize_display(str(span["word"]).replace("##", ""))
            if len(name) >= 2:
                counts[(name, label_type(span["entity_group"]))] += 1
        rows += [(article_id, name, kind, n, "model") for (name, kind), n in counts.items()]
    frame = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    frame = frame.groupby(["article_id", "entity"], as_index=False, sort=False).agg(
        type=("type", "first"), count=("count", "sum"), source=("source", "first")
    )
    return frame[MENTION_COLUMNS].astype({"count": "int64"}).reset_index(drop=True)
