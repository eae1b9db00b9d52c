"""Chart pieces a reader relies on: a bar that runs left from its base carries the same hatching
as the legend says its series has."""

from __future__ import annotations

from reportlab.graphics.shapes import Line, Rect

from desktop.report.chart_kit import bar


def _parts(group: object) -> list[object]:
    found: list[object] = []
    for child in getattr(group, "contents", []):
        found += [child, *_parts(child)]
    return found


def test_a_bar_running_left_is_drawn_and_hatched_like_one_running_right() -> None:
    right = _parts(bar(10, 0, 20, 8, "#336699", hatched=True))
    left = _parts(bar(10, 0, -20, 8, "#336699", hatched=True))
    (box,) = [part for part in left if isinstance(part, Rect)]
    assert (box.x, box.width) == (-10, 20)  # from x - 20 to x
    hatching = [part for part in left if isinstance(part, Line)]
    assert len(hatching) == len([part for part in right if isinstance(part, Line)]) > 3
    assert all(-10 <= min(line.x1, line.x2) and max(line.x1, line.x2) <= 10 for line in hatching)
