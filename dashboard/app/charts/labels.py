"""Labels written on a scatter of points (the document map, the entity network) without overlap."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

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


NODE_GAP = 3  # pixels kept between two nodes, or a node and a name, by spread_apart


SLACK = 0.5  # pixels each of two overlapping boxes is pushed beyond half their overlap


def spread_apart(
    points: np.ndarray,
    radii: Sequence[float],
    label_widths: Sequence[float],
    pixels: tuple[int, int],
    rounds: int = 300,
) -> np.ndarray:
    """``points`` (n × 2, in pixels: x right, y up, the plot ``pixels`` wide and high) moved
    as little as it takes for no two of them to overlap, each taken as a box: its disc of
    ``radii``, with room above it for its name where its ``label_widths`` is not 0 (a name
    as wide as that, :data:`LABEL_PIXELS` high). A crowded centre is opened up this way,
    and every name can then be written above its node.

    Each round finds the pairs of boxes that overlap; each pair in turn (in the order of
    their indexes) is pushed apart, if it still overlaps, along the axis where the overlap
    is smaller, each box away from the other's centre by half the overlap and
    :data:`SLACK` (the lower index first where the centres meet); a box the plot's edge
    holds back leaves the rest of the push to the other. It stops at the first round
    without overlap, or after ``rounds`` (a plot too small for every box). The same points
    give the same result.

    >>> moved = spread_apart(np.array([[100.0, 100], [104, 100]]), [10, 10], [0, 0], (300, 300))
    >>> moved.round(1).tolist()  # pushed sideways, 2 * 10 + NODE_GAP + 2 * SLACK apart
    [[90.0, 100.0], [114.0, 100.0]]
    """
    xy = np.array(points, dtype=float).reshape(-1, 2)
    count = len(xy)
    if count < 2:
        return xy
    r = np.asarray(radii, dtype=float)
    w = np.asarray(label_widths, dtype=float)
    above = np.where(w > 0, LABEL_GAP + LABEL_PIXELS[1], 0.0)  # a name's room over the disc
    half = np.stack([np.maximum(r, w / 2), r + above / 2], axis=1) + NODE_GAP / 2
    offset = np.stack([np.zeros(count), above / 2], axis=1)  # the box's centre over the node
    size = np.asarray(pixels, dtype=float)
    low, high = half - offset, size - half - offset  # where a node may stand
    high = np.maximum(high, low)
    # Plain lists by axis, [x values, y values]: a push is a few scalar steps.
    pos, off, hal = xy.T.tolist(), offset.T.tolist(), half.T.tolist()
    bounds = low.T.tolist(), high.T.tolist()
    for _ in range(rounds):
        centre = np.array(pos).T + offset
        overlap = half[:, None, :] + half[None, :, :] - np.abs(centre[:, None] - centre[None])
        hit = np.triu((overlap[..., 0] > 0) & (overlap[..., 1] > 0), 1)
        if not hit.any():
            break
        for i, j in zip(*np.nonzero(hit), strict=True):
            _push_apart(pos, off, hal, bounds, int(i), int(j))
    xy = np.array(pos, dtype=float).T
    return xy


def _push_apart(
    pos: list[list[float]],
    offset: list[list[float]],
    half: list[list[float]],
    bounds: tuple[list[list[float]], list[list[float]]],
    i: int,
    j: int,
) -> None:
    """Push boxes ``i`` and ``j`` apart in place if they overlap (see :func:`spread_apart`;
    every argument by axis: [x values, y values])."""
    centre = [[pos[k][n] + offset[k][n] for n in (i, j)] for k in (0, 1)]
    over = [half[k][i] + half[k][j] - abs(centre[k][0] - centre[k][1]) for k in (0, 1)]
    if over[0] <= 0 or over[1] <= 0:
        return
    k = int(over[1] < over[0])  # the axis of the smaller overlap
    side = 1.0 if centre[k][0] > centre[k][1] else -1.0  # i's way; i goes lower on a tie
    need = over[k] + 2 * SLACK

    def moved(n: int, by: float) -> float:
        return min(max(pos[k][n] + by, bounds[0][k][n]), bounds[1][k][n]) - pos[k][n]

    mine = moved(i, side * need / 2)
    theirs = moved(j, -side * (need - abs(mine)))
    if abs(mine) + abs(theirs) < need:  # j held back by the plot's edge: i takes the rest
        mine = moved(i, side * (need - abs(theirs)))
    pos[k][i] += mine
    pos[k][j] += theirs
