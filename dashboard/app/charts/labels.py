"""Labels written on a scatter of points (the document map, the entity network) without overlap."""

from __future__ import annotations

from collections.abc import Sequence

MAP_PIXELS = (1100, 520)  # about the plot area of the document map, in pixels


LABEL_PIXELS = (6.5, 18)  # about a label character's width and a label's height, in pixels


def placed_labels(
    xs: Sequence[float],
    ys: Sequence[float],
    texts: Sequence[str],
    spans: tuple[float, float],
    pixels: tuple[int, int] = MAP_PIXELS,
    shifts: Sequence[float] = (0.0, 1.0, -1.0),
) -> dict[int, tuple[float, float]]:
    """Where each label is written on a map, largest topics first (the order given): at its
    centre, else moved by each of ``shifts`` label heights in turn; a label whose every
    place would overlap one already written is left out (the hover still names it).

    ``spans`` are the data's width and height, which fill about ``pixels`` on screen.

    >>> kept = placed_labels([0, 0.01, 5], [0, 0, 5], ["أ" * 10, "ب" * 10, "ج"], (10, 10))
    >>> {i: (x, round(y, 2)) for i, (x, y) in kept.items()}  # the second moved up
    {0: (0, 0.0), 1: (0.01, 0.35), 2: (5, 5.0)}
    """
    per_x, per_y = spans[0] / pixels[0], spans[1] / pixels[1]
    height = LABEL_PIXELS[1] * per_y
    boxes: list[tuple[float, float, float, float]] = []
    kept: dict[int, tuple[float, float]] = {}
    for i, (x, y, text) in enumerate(zip(xs, ys, texts, strict=True)):
        half = len(text) * LABEL_PIXELS[0] * per_x / 2
        for shift in (step * height for step in shifts):
            box = (x - half, x + half, y + shift - height / 2, y + shift + height / 2)
            if not any(
                box[0] < b[1] and b[0] < box[1] and box[2] < b[3] and b[2] < box[3] for b in boxes
            ):
                boxes.append(box)
                kept[i] = (x, y + shift)
                break
    return kept


# Where a name may stand beside its node, tried in turn: above, below, right, left, then
# the four corners (a unit step in pixels, y up).
AROUND = ((0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1))


LABEL_GAP = 2  # pixels between a node's disc and its name


def _disc_hits(box: tuple[float, float, float, float], x: float, y: float, r: float) -> bool:
    """Whether a disc of radius ``r`` at (x, y) reaches into ``box`` (left, right, low, high)."""
    near_x, near_y = min(max(x, box[0]), box[1]), min(max(y, box[2]), box[3])
    return (near_x - x) ** 2 + (near_y - y) ** 2 < r * r


def labels_beside(
    points: Sequence[tuple[float, float]],
    radii: Sequence[float],
    texts: Sequence[str],
    chosen: Sequence[int],
    pixels: tuple[int, int],
) -> dict[int, tuple[float, float]]:
    """The centre of each chosen point's label, in pixels like ``points`` (x right, y up,
    the plot ``pixels`` wide and high): beside its disc of ``radii``, at the first place of
    :data:`AROUND` that stays in the plot and overlaps no label written before it nor any
    other point's disc, else (in a crowded centre) the first that overlaps no label; a label
    with no such place is left out (the hover names it). ``chosen`` gives the order, the
    most important first.

    >>> kept = labels_beside([(100, 100), (104, 100)], [10, 10], ["غزة", "قطر"], [0, 1], (300, 300))
    >>> kept[0], kept[1]  # the first above, the second moved below: above was taken
    ((100.0, 121.0), (104.0, 79.0))
    """
    width, height = LABEL_PIXELS
    boxes: list[tuple[float, float, float, float]] = []
    kept: dict[int, tuple[float, float]] = {}
    for i in chosen:
        (x, y), r, w = points[i], radii[i], len(texts[i]) * width
        places = []
        for dx, dy in AROUND:
            cx = x + dx * (r + LABEL_GAP + w / 2)
            cy = y + dy * (r + LABEL_GAP + height / 2)
            box = (cx - w / 2, cx + w / 2, cy - height / 2, cy + height / 2)
            inside = box[0] >= 0 and box[2] >= 0 and box[1] <= pixels[0] and box[3] <= pixels[1]
            if inside and not any(
                box[0] < b[1] and b[0] < box[1] and box[2] < b[3] and b[2] < box[3] for b in boxes
            ):
                others = (j for j in range(len(points)) if j != i)
                places.append((any(_disc_hits(box, *points[j], radii[j]) for j in others), box))
        if places:  # the first place clear of other nodes, else the first clear of names
            box = min(places, key=lambda place: place[0])[1]
            boxes.append(box)
            kept[i] = ((box[0] + box[1]) / 2, (box[2] + box[3]) / 2)
    return kept
