"""Colours that stay readable in the light and the dark system themes.

Widgets take their colours from the palette roles, so a dark system theme just works; the few
places that need a colour of their own (a refused row, an error line, a link inside rich text)
ask here, and get one chosen for the palette they will be drawn on.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

# A light and a dark variant of each signal colour: pale backgrounds under dark text in the
# light theme, deep backgrounds under light text in the dark one.
PROBLEM_ROW = (QColor("#FBE3E4"), QColor("#4A2326"))
REFUSED_CELL = (QColor("#F4B6B9"), QColor("#7A2E33"))
ERROR_TEXT = (QColor("#9C0006"), QColor("#FF8A80"))
# A link needs this much contrast against the window (WCAG asks 4.5 for body text).
MINIMUM_LINK_CONTRAST = 4.5


def is_dark(palette: QPalette) -> bool:
    """True when the window background is dark (a dark system theme)."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def _pick(pair: tuple[QColor, QColor], palette: QPalette) -> QColor:
    return QColor(pair[1] if is_dark(palette) else pair[0])


def problem_row_colour(palette: QPalette) -> QColor:
    return _pick(PROBLEM_ROW, palette)


def refused_cell_colour(palette: QPalette) -> QColor:
    return _pick(REFUSED_CELL, palette)


def error_text_style(palette: QPalette) -> str:
    """A style sheet line for text that reports a refusal."""
    return f"color: {_pick(ERROR_TEXT, palette).name()};"


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(first: QColor, second: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 = none, 21 = black on white)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def link_colour(palette: QPalette, on: QPalette.ColorRole = QPalette.ColorRole.Window) -> QColor:
    """The palette's link colour, lightened or darkened until it reads on the window (or on
    the background role ``on``, e.g. a text view's Base).

    Some dark themes change the window and text colours but leave the link the default dark
    blue, which all but disappears on a dark grey background."""
    link = palette.color(QPalette.ColorRole.Link)
    readable = _until_readable(link, palette.color(on), MINIMUM_LINK_CONTRAST)
    return readable if readable is not None else QColor("#8AB4F8")


# What marks where the keyboard is must stand out from what is around it (WCAG asks 3:1).
MINIMUM_FOCUS_CONTRAST = 3.0


def focus_outline_colour(palette: QPalette) -> QColor:
    """The highlight colour, lightened or darkened until an outline in it stands out from the
    window: a dark theme's highlight blue measured 2.6:1 on its dark grey."""
    highlight = palette.color(QPalette.ColorRole.Highlight)
    window = palette.color(QPalette.ColorRole.Window)
    readable = _until_readable(highlight, window, MINIMUM_FOCUS_CONTRAST)
    return readable if readable is not None else palette.color(QPalette.ColorRole.WindowText)


def _until_readable(colour: QColor, background: QColor, minimum: float) -> QColor | None:
    """``colour`` made lighter (on a dark ``background``) or darker (on a light one) step by
    step until its contrast with it reaches ``minimum``; None when it turns white first."""
    dark = background.lightness() < 128  # as ``is_dark`` judges a window
    colour = QColor(colour)
    for _ in range(12):
        if contrast(colour, background) >= minimum:
            return colour
        colour = colour.lighter(130) if dark else colour.darker(130)
        if dark and colour.lightness() >= 250:
            return None
    return colour


def readable_placeholders(app: QGuiApplication) -> None:
    """Make the application's placeholder text ("percent, e.g. 3.5", "Filter…") read at 4.5:1
    on the boxes it sits in: Qt's grey measured 4.0:1 on white. Called at start and whenever
    the palette changes (a switch to a dark theme), and does nothing when it already reads."""
    palette = app.palette()
    role = QPalette.ColorRole.PlaceholderText
    base = palette.color(QPalette.ColorRole.Base)
    current = palette.color(role)
    # Qt's placeholder is the text colour half transparent: what shows is it over the box.
    shown = _mixed(current, base, 1 - current.alphaF())
    if contrast(shown, base) >= MINIMUM_HINT_CONTRAST:
        return
    wanted = _quietest(palette.color(QPalette.ColorRole.Text), base, [base])
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, role, wanted)
    app.setPalette(palette)


# Hints are quieter than the text around them, but still body text a director has to read.
MINIMUM_HINT_CONTRAST = 4.5
# How much lighter than the window (Qt's ``lighter`` factor) a dark style may draw a pane.
RAISED_PANE = 160
# How much darker than the window (Qt's ``darker`` factor) a light style may draw a pane: the
# Fusion group box behind Export's choices (#ececec on a #efefef window).
LOWERED_PANE = 104


def quiet_text_colour(palette: QPalette) -> QColor:
    """The window text blended toward the window as far as a contrast of 4.5:1 allows: a hint
    that reads as secondary in the light and the dark theme (the palette's disabled text, used
    before, measured 1.6:1 on the light one)."""
    text = palette.color(QPalette.ColorRole.WindowText)
    background = palette.color(QPalette.ColorRole.Window)
    # A dark style draws some panes lighter than the window (Fusion's tab pages: #434343 on a
    # #2b2b2b window), where a hint tuned to the window alone measured 3.2:1: it must read on
    # those too.
    # And a light style draws some a shade darker (Export's group box), where a hint tuned to
    # the window alone measured 4.44:1.
    surfaces = [
        background,
        background.lighter(RAISED_PANE) if is_dark(palette) else background.darker(LOWERED_PANE),
    ]
    return _quietest(text, background, surfaces)


def read_only_cell_colour(palette: QPalette) -> QColor:
    """A table's text blended toward its background as far as 4.5:1 on both row colours
    allows: a figure worked out (an item's total) reads as one that cannot be typed over,
    in the light and the dark theme, and still reads."""
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    return _quietest(text, base, [base, palette.color(QPalette.ColorRole.AlternateBase)])


def _quietest(text: QColor, background: QColor, surfaces: list[QColor]) -> QColor:
    """``text`` blended toward ``background`` as far as reading at 4.5:1 on every one of
    ``surfaces`` allows: quieter than the text, never too faint to read."""
    for step in range(12, -1, -1):  # from 60 % of the way to the background, down to none
        mixed = _mixed(text, background, step * 0.05)
        if all(contrast(mixed, surface) >= MINIMUM_HINT_CONTRAST for surface in surfaces):
            return mixed
    return QColor(text)


def _mixed(colour: QColor, toward: QColor, share: float) -> QColor:
    """``colour`` taken ``share`` of the way to ``toward`` (0: itself, opaque; 1: ``toward``)."""
    return QColor.fromRgbF(
        colour.redF() + (toward.redF() - colour.redF()) * share,
        colour.greenF() + (toward.greenF() - colour.greenF()) * share,
        colour.blueF() + (toward.blueF() - colour.blueF()) * share,
    )
