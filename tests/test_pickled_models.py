"""A topic model pickled before the modules were grouped by layer still loads."""

from __future__ import annotations

import pickle
from pathlib import Path
from types import SimpleNamespace

from dashboard.pipeline import topics


def test_a_model_pickled_under_the_old_module_path_loads(tmp_path: Path) -> None:
    model = SimpleNamespace(verbose=False, analyzer=topics.analyze)  # what the store pickled
    # Protocol 0 names a global as text, so the old module path can be written in.
    payload = pickle.dumps(model, protocol=0).replace(
        b"dashboard.pipeline.topics", topics.PICKLED_AS.encode()
    )
    assert topics.PICKLED_AS.encode() in payload
    (tmp_path / topics.MODEL_DIR).write_bytes(payload)
    assert topics.load_model(tmp_path, embedder=None).analyzer is topics.analyze
