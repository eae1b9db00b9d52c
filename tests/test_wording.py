"""Words every layer shows: year labels on a chart axis as the room allows."""

from __future__ import annotations

from desktop.wording import fit_year_labels, short_year

YEARS = [f"{2027 + i}\u2013{28 + i}" for i in range(30)]


def by_length(text: str) -> float:
    """A stand-in font: 6 points a character."""
    return 6.0 * len(text)


def test_years_stay_whole_while_they_fit() -> None:
    labels, level = fit_year_labels(YEARS[:5], 100, by_length)
    assert (labels, level) == (YEARS[:5], True)


def test_a_tighter_axis_drops_the_century_first() -> None:
    labels, level = fit_year_labels(YEARS[:15], 40, by_length)
    assert labels[0] == "27\u201328" and labels[-1] == "41\u201342" and level
    assert short_year("2027") == "\u201927"


def test_a_long_plan_labels_every_few_years_from_the_first() -> None:
    """30 years in 18 points each: every second year, the first always, and no two labels in
    less room than one needs."""
    labels, level = fit_year_labels(YEARS, 18, by_length)
    assert level and len(labels) == 30 and labels[0] == "27\u201328"
    shown = [index for index, text in enumerate(labels) if text]
    assert shown == list(range(0, 30, 2))
    assert all(
        (b - a) * 18 >= by_length(labels[a]) + 6 for a, b in zip(shown, shown[1:], strict=False)
    )


def test_without_thinning_a_label_that_does_not_fit_is_said_to() -> None:
    labels, level = fit_year_labels(YEARS, 18, by_length, thin=False)
    assert labels == [short_year(year) for year in YEARS] and not level


def test_a_quoted_name_keeps_its_letters_and_loses_what_would_reorder_the_sentence() -> None:
    from desktop.wording import quoted

    assert quoted("Wi-Fi \u202eplan\u2066") == "\u201cWi-Fi plan\u201d"
    assert quoted("x" * 100, 10) == "\u201c" + "x" * 9 + "\u2026\u201d"
    assert quoted(" \u202e ", unnamed="an unnamed item") == "an unnamed item"
    assert quoted("") == "(no name)"


def test_a_right_to_left_name_keeps_the_figure_after_it_in_place_on_screen(qapp: object) -> None:
    """In "The largest is “שלום”, $12,000.00" Qt drew the figure to the left of the name."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont, QTextLayout, QTextOption

    from desktop.wording import quoted

    name = quoted("\u05e9\u05dc\u05d5\u05dd")
    assert name == "\u201c\u2068\u05e9\u05dc\u05d5\u05dd\u2069\u201d"
    sentence = f"The largest is {name}, $12,000.00 in 2032–33."

    def drawn_left_of_name(text: str) -> bool:
        layout = QTextLayout(text, QFont())
        option = QTextOption()
        option.setTextDirection(Qt.LayoutDirection.LeftToRight)
        layout.setTextOption(option)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(10_000)
        layout.endLayout()
        figure = line.cursorToX(text.index("2"))[0]  # inside "$12,000.00"
        hebrew = line.cursorToX(text.index("\u05dc"))[0]  # inside the name
        return figure < hebrew

    assert not drawn_left_of_name(sentence)
    assert drawn_left_of_name(sentence.replace("\u2068", "").replace("\u2069", ""))


def test_a_sentence_that_starts_with_a_right_to_left_name_still_reads_left_to_right(
    qapp: object,
) -> None:
    """Qt takes a paragraph's direction from its first strong letter: a CFO question starting
    with a Hebrew item name was drawn right-aligned, its full stop at the far left."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextDocument

    from desktop.wording import left_to_right, quoted

    hebrew = "\u05e9\u05dc\u05d5\u05dd"
    sentence = f"{quoted(hebrew)} counts $100,800 a year in savings."

    def direction(text: str) -> Qt.LayoutDirection:
        document = QTextDocument()
        document.setPlainText(text)
        return document.firstBlock().textDirection()

    assert direction(sentence) is Qt.LayoutDirection.RightToLeft
    assert direction(left_to_right(sentence)) is Qt.LayoutDirection.LeftToRight


def test_names_that_only_look_blank_read_as_no_name_and_long_ones_cut_in_the_middle() -> None:
    from desktop.wording import clip_middle, quoted, shown_name

    assert shown_name("\u3164 \u2800\u200b") == "" and quoted("\u3164") == "(no name)"
    assert shown_name(" Wi-Fi\u200b ") == "Wi-Fi\u200b"  # kept inside a name
    assert clip_middle("Chromebook carts for grades 3-5", 15) == "Chromeb\u2026des 3-5"
    assert clip_middle("short", 15) == "short"


def test_parts_are_listed_as_a_sentence_lists_them() -> None:
    from desktop.wording import in_a_list

    assert [in_a_list(parts) for parts in ([], ["A"], ["A", "B"], ["A", "B", "C"])] == [
        "", "A", "A and B", "A, B and C",
    ]  # fmt: skip


def test_a_name_key_leaves_out_direction_marks_at_its_ends_only() -> None:
    from desktop.wording import name_key

    assert (
        name_key("Caf\u00e9 2027\u200e") == name_key("\u200fCafe\u0301 2027 ") == "Caf\u00e9 2027"
    )
    assert name_key("\u061c \u200e Lean \u200f") == "Lean"
    assert name_key("a\u200fb") == "a\u200fb"  # inside, it changes how the name reads
