"""Colours of our own stay readable when the system theme is dark."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QPalette
from pytestqt.qtbot import QtBot

from desktop.services.wizard import STEPS
from desktop.ui import theme
from tests.ui.conftest import WindowFactory, on_screen, settle

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


def _dark_palette_with_default_link() -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#2b2b2b"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#e6e6e6"))
    palette.setColor(QPalette.ColorRole.Link, QColor("#0000ff"))  # left at Qt's default blue
    return palette


def test_open_folder_link_reads_on_a_dark_window() -> None:
    palette = _dark_palette_with_default_link()
    window = palette.color(QPalette.ColorRole.Window)
    assert theme.contrast(QColor("#0000ff"), window) < theme.MINIMUM_LINK_CONTRAST
    assert theme.contrast(theme.link_colour(palette), window) >= theme.MINIMUM_LINK_CONTRAST


def test_a_readable_link_colour_is_kept_as_the_theme_gives_it() -> None:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#efefef"))
    palette.setColor(QPalette.ColorRole.Link, QColor("#0b57d0"))
    assert theme.link_colour(palette) == QColor("#0b57d0")


def test_refused_rows_and_error_text_change_with_the_theme() -> None:
    dark, light = _dark_palette_with_default_link(), QPalette()
    light.setColor(QPalette.ColorRole.Window, QColor("#efefef"))
    text_on_dark = dark.color(QPalette.ColorRole.WindowText)
    # Light text of the dark theme on the row colour, and the error colour on the window.
    assert theme.contrast(text_on_dark, theme.problem_row_colour(dark)) >= 4.5
    assert theme.contrast(text_on_dark, theme.refused_cell_colour(dark)) >= 4.5
    error_on_dark = QColor(theme.error_text_style(dark).split(":")[1].strip(" ;"))
    assert theme.contrast(error_on_dark, dark.color(QPalette.ColorRole.Window)) >= 4.5
    assert theme.problem_row_colour(light) == theme.PROBLEM_ROW[0]


def _assert_quieter_than_text_yet_readable(shown: QColor, palette: QPalette) -> None:
    """``shown`` on the window's colour: at least the hint contrast, below the text's."""
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    readable = theme.contrast(shown, window)
    assert theme.MINIMUM_HINT_CONTRAST <= readable < theme.contrast(text, window)


@pytest.mark.parametrize("dark", [False, True])
def test_hints_are_quieter_than_text_yet_readable(dark: bool) -> None:
    palette = _dark_palette_with_default_link() if dark else QPalette()
    if not dark:
        palette.setColor(QPalette.ColorRole.Window, QColor("#efefef"))
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#000000"))
    _assert_quieter_than_text_yet_readable(theme.quiet_text_colour(palette), palette)


def test_the_basics_hints_use_the_readable_quiet_colour(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.ui.layouts import Hint

    window = open_window(library_path)
    settle(qtbot, window)
    assert window.view is not None
    hints = window.view.page(0).findChildren(Hint)
    assert hints and all(hint.isEnabled() for hint in hints)
    palette = QApplication.palette()
    for hint in hints:
        shown = hint.palette().color(QPalette.ColorRole.WindowText)
        assert shown.name() == theme.quiet_text_colour(palette).name(), hint.text()
        _assert_quieter_than_text_yet_readable(shown, palette)


def test_review_charts_follow_a_switch_to_a_dark_theme(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    from PySide6.QtCharts import QChartView

    window = open_window(library_path)
    on_screen(qtbot, window)
    assert window.view is not None
    window.view.show_step([step.key for step in STEPS].index("review"))
    page = window.view.page_for("review")

    def chart_is_dark() -> bool:
        views = page.findChildren(QChartView)
        return bool(views) and all(
            view.chart().backgroundBrush().color().lightness() < 128 for view in views
        )

    assert not chart_is_dark()
    dark = _dark_palette_with_default_link()
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    window.setPalette(dark)
    qtbot.waitUntil(chart_is_dark, timeout=5_000)


def test_the_about_notices_links_read_on_a_dark_view(qtbot: QtBot) -> None:
    """The notices' links kept Qt's default blue on the dark view: about 1.9:1."""
    with _about_on_a_dark_view(qtbot) as dialog:
        view = dialog.notices_view.palette()
        link, base = view.color(QPalette.ColorRole.Link), view.color(QPalette.ColorRole.Base)
        assert theme.contrast(link, base) >= theme.MINIMUM_LINK_CONTRAST


@contextmanager
def _about_on_a_dark_view(qtbot: QtBot) -> Iterator[Any]:
    """The About dialog under a dark palette whose link colour is Qt's default blue; the
    application's palette is put back after."""
    from PySide6.QtWidgets import QApplication

    from desktop.ui.about import AboutDialog

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    dark = _dark_palette_with_default_link()
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    app.setPalette(dark)
    try:
        dialog = AboutDialog()
        qtbot.addWidget(dialog)
        yield dialog
    finally:
        app.setPalette(before)


@pytest.mark.parametrize("dark", [False, True])
def test_the_focus_outline_stands_out_from_the_window(dark: bool) -> None:
    """A dark theme's highlight blue (#2f65ca) measured 2.6:1 on its window (#2b2b2b): the
    outline that shows the keyboard is on the CFO summary was hard to see."""
    palette = _dark_palette_with_default_link() if dark else QPalette()
    if not dark:
        palette.setColor(QPalette.ColorRole.Window, QColor("#efefef"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#2f65ca"))
    window = palette.color(QPalette.ColorRole.Window)
    outline = theme.focus_outline_colour(palette)
    assert theme.contrast(outline, window) >= theme.MINIMUM_FOCUS_CONTRAST
    if not dark:
        assert outline == QColor("#2f65ca")  # readable already: kept as the theme gives it


def test_a_hint_reads_on_a_dark_styles_lighter_panes_too() -> None:
    """The Items table's hint sat on Fusion's tab page (#434343) at 3.2:1: its colour was
    worked out against the window (#2b2b2b) only."""
    palette = _dark_palette_with_default_link()
    hint = theme.quiet_text_colour(palette)
    assert theme.contrast(hint, QColor("#434343")) >= theme.MINIMUM_HINT_CONTRAST
    _assert_quieter_than_text_yet_readable(hint, palette)


def test_a_hint_reads_on_a_light_styles_darker_group_box_too(qapp: object) -> None:
    """Export's hints sat on Fusion's group box (#ececec) at 4.44:1: worked out against the
    window (#efefef) only."""
    from PySide6.QtWidgets import QApplication, QStyleFactory

    style = QStyleFactory.create("Fusion")
    assert style is not None
    palette = style.standardPalette()
    assert (
        not theme.is_dark(palette) and palette.color(palette.ColorRole.Window).name() == "#efefef"
    )
    hint = theme.quiet_text_colour(palette)
    assert theme.contrast(hint, QColor("#ececec")) >= theme.MINIMUM_HINT_CONTRAST
    _assert_quieter_than_text_yet_readable(hint, palette)
    assert QApplication.instance() is not None


def test_the_about_icon_is_drawn_at_a_high_density_screens_own_pixels() -> None:
    """At 2× the 512-pixel icon was scaled to 72 pixels, then stretched by the screen: soft."""
    import json
    import os
    import subprocess
    import sys

    child = (
        "import json\n"
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        "from desktop.ui.about import AboutDialog\n"
        "app = QApplication([])\n"
        "dialog = AboutDialog()\n"
        "labels = dialog.findChildren(QLabel)\n"
        "(icon,) = [w for w in labels if w.accessibleName().endswith('icon')]\n"
        "pixmap = icon.pixmap()\n"
        "print(json.dumps([pixmap.width(), pixmap.deviceIndependentSize().width()]))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    done = subprocess.run(
        [sys.executable, "-c", child], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    pixels, shown = json.loads(done.stdout.strip().splitlines()[-1])
    assert (pixels, shown) == (144, 72)


@pytest.mark.parametrize("dark", [False, True])
def test_every_bar_stands_out_from_the_chart_by_its_edge(dark: bool, qapp: object) -> None:
    """The pale series colours (#8cc2ea, #f5b971, #b5dba1, #d9b3d0) measured 1.5–1.9:1 on a
    white chart, and bars were edged in the chart's own white: a mark that carries meaning
    needs 3:1. Each bar is edged in the chart's text colour."""
    from desktop.ui.chart_data import SERIES_COLOURS
    from desktop.ui.charts import bar_outline

    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e" if dark else "#ffffff"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6" if dark else "#000000"))
    base = palette.color(QPalette.ColorRole.Base)
    edge = bar_outline(palette)
    assert theme.contrast(edge, base) >= 3
    assert min(theme.contrast(QColor(c), base) for c in SERIES_COLOURS) < 3  # why the edge


def test_the_review_charts_bars_are_edged_so(qapp: object, library: object, sample_id: int) -> None:
    from desktop.finance import compute
    from desktop.services.snapshot import proposal_input
    from desktop.ui import charts

    result = compute(proposal_input(library, sample_id))  # type: ignore[arg-type]
    palette = QPalette()
    # The net position's bars too: its "Net for the year" was the palest of the colours.
    views = [  # kept alive while their series are read
        charts.stacked_chart(charts.cost_by_year(result), result.currency, palette),
        charts.net_position_chart(charts.net_position(result), result.currency, palette),
    ]
    for view in views:
        bars = view.chart().series()[0]  # type: ignore[attr-defined]
        edges = {bar_set.borderColor().name() for bar_set in bars.barSets()}
        assert edges == {charts.bar_outline(palette).name()}, view.accessibleName()


def test_placeholders_read_at_four_and_a_half_to_one(qapp: object) -> None:
    """Placeholders ("percent, e.g. 3.5", "Filter…", "Why the item serves the highlighted
    goal") showed Qt's half-transparent text, #7f7f7f on white: 4.0:1. They are text a
    director reads, so they read as hints do, in a light and in a dark theme."""
    from PySide6.QtWidgets import QApplication

    from desktop.ui.app import make_application

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    try:
        light = QPalette(before)
        light.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
        light.setColor(QPalette.ColorRole.Text, QColor("#000000"))
        light.setColor(QPalette.ColorRole.PlaceholderText, QColor(0, 0, 0, 128))
        app.setPalette(light)
        make_application()
        shown = app.palette()
        placeholder = shown.color(QPalette.ColorRole.PlaceholderText)
        assert 4.5 <= theme.contrast(placeholder, QColor("#ffffff")) < 7  # a hint, not text
        dark = QPalette(shown)
        dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
        dark.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
        app.setPalette(dark)
        theme.readable_placeholders(app)
        placeholder = app.palette().color(QPalette.ColorRole.PlaceholderText)
        assert theme.contrast(placeholder, QColor("#1e1e1e")) >= 4.5
    finally:
        app.setPalette(before)


def test_the_app_keeps_its_placeholders_readable_when_the_theme_changes() -> None:
    """The application itself redoes the placeholder colour when the palette changes (a switch
    to a dark theme): one worked out for a white box is too dark to read on a dark one."""
    from tests.ui.conftest import run_app_script

    seen = run_app_script(
        "import json\n"
        "from PySide6.QtGui import QColor, QPalette\n"
        "from desktop.ui.app import make_application\n"
        "from desktop.ui import theme\n"
        "app = make_application(['buyin'])\n"
        "dark = QPalette(app.palette())\n"
        "dark.setColor(QPalette.ColorRole.Base, QColor('#1e1e1e'))\n"
        "dark.setColor(QPalette.ColorRole.Text, QColor('#e6e6e6'))\n"
        "app.setPalette(dark)\n"
        "app.processEvents()\n"
        "shown = app.palette().color(QPalette.ColorRole.PlaceholderText)\n"
        "print(json.dumps({'contrast': theme.contrast(shown, QColor('#1e1e1e'))}))\n"
    )
    assert float(str(seen["contrast"])) >= 4.5


def _anchor_colours(view: object) -> list[QColor]:
    """The colours the links in a text view's document are drawn in."""
    from PySide6.QtGui import QTextDocument

    document = view.document()  # type: ignore[attr-defined]
    assert isinstance(document, QTextDocument)
    colours = []
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.charFormat().isAnchor():
                brush = fragment.charFormat().foreground()
                colours.append(brush.color())
            iterator += 1
        block = block.next()
    return colours


def test_the_about_notices_links_are_drawn_readable_on_a_dark_view(qtbot: QtBot) -> None:
    """The view's link colour was made readable, but the notices' links kept the dark blue
    they were given when the Markdown was read (the application's link colour then): about
    2:1 on the dark view, where a director could not make out the addresses."""
    with _about_on_a_dark_view(qtbot) as dialog:
        view = dialog.notices_view
        base = view.palette().color(QPalette.ColorRole.Base)
        links = _anchor_colours(view)
        assert links  # the notices link to every component's source and licence
        worst = min(theme.contrast(colour, base) for colour in links)
        assert worst >= theme.MINIMUM_LINK_CONTRAST
