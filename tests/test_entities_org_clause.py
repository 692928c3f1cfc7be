"""A head noun of a body followed by و and a verb in the past names no body: the verb opens
the next clause (invented sentences)."""

from __future__ import annotations

import pandas as pd

from dashboard.pipeline.entities.mentions import extract_mentions


def _organisations(text: str) -> list[str]:
    frame = pd.DataFrame({"id": ["a"], "title": [""], "body": [text], "tags": [[]]})
    mentions = extract_mentions(frame)
    return mentions.loc[mentions["type"] == "organisation", "entity"].tolist()


def test_a_verb_joined_by_waw_after_a_head_names_no_body() -> None:
    # Before the guard "شركة وتراجعت" was an organisation.
    assert _organisations("وقالت البورصة إن أسهم شركة وتراجعت أسعار النفط في السوق") == []


def test_a_body_named_after_its_head_is_still_read() -> None:
    assert _organisations("وأعلنت شركة الواحة للتقنية أرباحها السنوية") != []
