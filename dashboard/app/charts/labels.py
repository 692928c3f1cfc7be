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
