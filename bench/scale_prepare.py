"""``engine.prepare``'s steps one at a time, each in its own process, with its cost.

``python -m bench.scale_bench prepare STORE STEP`` runs one step of
:func:`dashboard.analysis.engine.prepare` over the store at ``STORE`` with the engine's own
functions (the files are those ``prepare`` writes) and prints its wall and CPU seconds,
the process's peak memory and the size of the files it wrote. Steps: ``texts`` (the long
text columns by row), ``wordindex`` (the word index, ``engine.CHUNK`` rows at a time),
``vocabulary`` (the words page's), ``lexical`` (similar articles and search) and
``quotes`` (after ``texts``: it reads the bodies by row).
"""

from __future__ import annotations

import itertools
import resource
import time
from pathlib import Path

from dashboard.analysis import engine
from dashboard.analysis.quote_store import write_quotes
from dashboard.analysis.vocabulary import write_vocabulary
from dashboard.storage.rowtext import COLUMNS, write_texts
from dashboard.storage.wordindex import write_word_index_chunks


def write_step(folder: Path, step: str) -> None:
    """Write the files of one step of ``engine.prepare`` into ``folder``."""
    if step == "texts":
        for name in COLUMNS:
            write_texts(folder, name, engine.column(folder, name))
    elif step == "wordindex":
        texts = engine.column(folder, "search_text")
        write_word_index_chunks(
            iter(lambda: list(itertools.islice(texts, engine.CHUNK)), []), folder
        )
    elif step == "vocabulary":
        write_vocabulary(engine.column(folder, "search_text"), folder)
    elif step == "lexical":
        engine.write_lexical(folder)
    elif step == "quotes":
        write_quotes(folder)
    else:
        raise ValueError(f"no step {step!r}")


def step_figures(folder: Path, step: str) -> dict:
    """Run one step over ``folder``: wall and CPU seconds, peak memory, MB written."""
    folder = Path(folder)
    before = {p.name: p.stat().st_mtime for p in folder.iterdir()}
    start, used = time.perf_counter(), time.process_time()
    write_step(folder, step)
    written = [
        p for p in folder.iterdir() if p.is_file() and before.get(p.name) != p.stat().st_mtime
    ]
    return {
        "step": step,
        "wall_s": round(time.perf_counter() - start),
        "cpu_s": round(time.process_time() - used),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "written_mb": round(sum(p.stat().st_size for p in written) / 2**20),
    }
