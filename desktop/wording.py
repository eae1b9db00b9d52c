"""Small helpers for the words every layer shows (pure Python, importable from any layer)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache
from math import ceil

ELLIPSIS = "\u2026"
# In English whatever the computer's locale: every other word the app shows is English.
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def clip(text: str, limit: int) -> str:
    """``text`` when it is at most ``limit`` characters, else its first ``limit − 1`` and "…":
    a long value repeated in a message, a cell or a list stays readable and says it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def long_date(day: date) -> str:
    """A date as a US district writes it in a document: "November 23, 2026"."""
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


# The moment given a proposal whose own cannot be read (a library changed outside Buy-In): it
# sorts last, and is shown as "—".
UNKNOWN_MOMENT = datetime(1970, 1, 1, tzinfo=UTC)


def short_moment(moment: datetime) -> str:
    """A date and time as a US district writes it on screen: "Nov 23, 2026, 2:05 PM"."""
    hour = moment.hour % 12 or 12
    noon = "AM" if moment.hour < 12 else "PM"
    day = f"{MONTHS[moment.month - 1][:3]} {moment.day}, {moment.year}"
    return f"{day}, {hour}:{moment.minute:02d} {noon}"


def short_year(label: str) -> str:
    """A fiscal year as a narrow axis can show it: "2027–28" → "27–28", "2027" → "’27"."""
    first, dash, rest = label.partition("\u2013")
    if len(first) == 4 and first.isdigit():
        return f"{first[2:]}{dash}{rest}" if dash else f"\u2019{first[2:]}"
    return label


def fit_year_labels(
    labels: Sequence[str],
    room: float,
    width_of: Callable[[str], float],
    *,
    gap: float = 6.0,
    thin: bool = True,
) -> tuple[list[str], bool]:
    """The year labels of a chart axis for ``room`` (the width each year has), measured with
    ``width_of``, and whether they fit level: whole ("2027–28") when they do, else short
    ("27–28"). When even those would run together, ``thin`` keeps every second, third...
    label and "" between them (the first year always labelled), which then fit; without it the
    short labels come back as not fitting, for a caller that places them another way (the
    screen's charts put the thinned labels on an axis of their own)."""
    if not labels:
        return [], True
    if max(width_of(text) for text in labels) + gap <= room:
        return list(labels), True
    short = [short_year(text) for text in labels]
    widest = max(width_of(text) for text in short) + gap
    if widest <= room:
        return short, True
    if not thin:
        return short, False
    step = ceil(widest / room) if room > 0 else len(short)
    return [text if index % step == 0 else "" for index, text in enumerate(short)], True


# The invisible characters that change the reading direction of what follows them: marks,
# embeddings, overrides and isolates (U+202E shows "$1,234" as "432,1$"), as a regular
# expression's character-class part. Terminal output and suggested file names drop them.
DIRECTION_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"

# Characters that change how a terminal shows the text after them: the direction controls
# and control characters.
_TERMINAL_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{DIRECTION_CONTROLS}]")


# The two controls that draw the rest of a line backwards or forwards whatever its letters
# (U+202D, U+202E): in a name they spoof ("Lap" + U+202E + "pot" shows as "Laptop"), and no
# script needs them to read right.
_OVERRIDES = re.compile("[\u202d\u202e]")


def without_overrides(text: str) -> str:
    """``text`` as a cell, a title or a list shows it: without direction overrides (the stored
    text keeps them; editing shows them as typed)."""
    return _OVERRIDES.sub("", text)


def terminal_text(text: str) -> str:
    """User text as a terminal may print it: without the characters that would reorder or
    hide what follows it on the line (the PDF drops the same characters), and with the bytes
    of a file name that are not text shown as "\ufffd" (see ``file_text``)."""
    return _TERMINAL_UNSAFE.sub("", file_text(text))


# Lone surrogates: how Python holds the bytes of a file's name that are not valid UTF-8 (a
# Latin-1 "é" from an old file server, a name cut inside a character). They cannot be written
# as UTF-8, so a library, a workbook or a PDF given one fails with a traceback.
_UNDECODABLE = re.compile("[\ud800-\udfff]")


def file_text(name: object) -> str:
    """A file's name or path (or a sentence that holds one) as text that can be stored, printed
    and shown: each byte that is not text becomes "\ufffd", the mark every program shows for
    it, so the rest of the name still tells the director which file is meant."""
    return _UNDECODABLE.sub("\ufffd", str(name))


# How long a name quoted in a sentence may be before it is cut.
QUOTED_LIMIT = 80
# What a sentence says for a name left blank (or made only of invisible characters).
NO_NAME = "(no name)"
# First strong direction isolate and pop directional isolate: a right-to-left name between them
# keeps to itself, and the figure after it stays after it on screen.
_ISOLATE, _END_ISOLATE = "\u2068", "\u2069"


# Characters that take no room on screen (zero-width spaces and joiners, direction marks, the
# byte-order mark) or show as blank (the Hangul fillers, the braille blank, the combining
# grapheme joiner), as a regular expression's character-class part: a name made only of them
# shows as blank. The editor refuses such a name; one saved before it did reads as no name.
BLANK_LOOKING = (
    "\u00ad\u034f\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\u2800\u3164\ufeff\uffa0"
)
_BLANK_LOOKING = re.compile(f"[{BLANK_LOOKING}]")
# Of those, the ones with no part in how text reads (not the direction marks and controls, nor
# the joiners emoji and some scripts need): at either end of a one-line value they only pad it.
INVISIBLE_PADDING = "\u00ad\u034f\u115f\u1160\u180e\u200b\u2060-\u2064\u2800\u3164\ufeff\uffa0"


_PADDING = re.compile(f"[{INVISIBLE_PADDING}]")
# The direction marks (left-to-right, right-to-left, Arabic letter mark) and spaces at either
# end of a name: Word and Outlook add a mark to what they paste, and the name reads the same.
_MARKED_ENDS = re.compile("^[\\s\u061c\u200e\u200f]+|[\\s\u061c\u200e\u200f]+$")


def name_key(name: str) -> str:
    """What makes two names the same name to a reader: equal once composed alike (NFC) and
    without the characters that play no part in how text reads ("Lean" and "Lean" + a
    zero-width space are one), nor a direction mark at either end ("Café 2027" and
    "Café 2027" + U+200E, as Outlook pastes it, are one). Joiners and marks inside count:
    "می‌خواهم" with its non-joiner reads otherwise than without it."""
    text = _MARKED_ENDS.sub("", _PADDING.sub("", unicodedata.normalize("NFC", name)))
    return " ".join(text.split())


def match_key(text: str) -> str:
    """``text`` as a filter compares it: as ``name_key`` does, and in any case ("ÉCOLE" typed
    finds "école", composed or not)."""
    if text.isascii():  # most cells: nothing to compose or leave out (a filter reads them all)
        return " ".join(text.lower().split())
    return _composed_key(text)


@lru_cache(maxsize=1 << 14)
def _composed_key(text: str) -> str:
    return unicodedata.normalize("NFC", name_key(text).casefold())


def shown_name(name: str) -> str:
    """A typed name as a sentence shows it: without controls, trimmed ("" when nothing shows)."""
    shown = terminal_text(name).strip()
    return shown if _BLANK_LOOKING.sub("", shown).strip() else ""


def in_a_list(parts: Sequence[str]) -> str:
    """Parts as a sentence lists them: "A", "A and B", "A, B and C" ("" for none)."""
    if len(parts) < 2:
        return parts[0] if parts else ""
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def years_named(labels: Sequence[str], amounts: Sequence[Decimal]) -> str:
    """The years whose amount is above zero: named up to three ("2027–28 and 2029–30"), else
    counted against the plan ("4 of the plan's 7 years": "in 4 years" read as a span)."""
    years = [label for label, amount in zip(labels, amounts, strict=True) if amount > 0]
    if len(years) <= 3:
        return in_a_list(years)
    if len(years) == len(labels):
        return "every year of the plan"
    return f"{len(years)} of the plan's {len(labels)} years"


def across_years(labels: Sequence[str], amounts: Sequence[Decimal]) -> str:
    """Where a total falls, after its amount: "in 2030–31" for one year, "in all, across
    2028–29 and 2030–31" for more ("$403,671.30 in every year of the plan" read as each
    year's)."""
    count = sum(1 for a in amounts if a > 0)
    if count == 1:
        return f"in {years_named(labels, amounts)}"
    if count == len(labels):
        return f"in all, over the plan's {count} years"
    return f"in all, across {years_named(labels, amounts)}"


def clip_middle(text: str, limit: int) -> str:
    """``text`` cut in the middle to ``limit`` characters ("Grades 3–5 Chro…carts, grades 6–8"):
    names that differ at their end stay apart."""
    if len(text) <= limit:
        return text
    head = (limit - 1) // 2
    return text[:head] + ELLIPSIS + text[len(text) - (limit - 1 - head) :]


def quoted(
    name: str, limit: int = QUOTED_LIMIT, *, unnamed: str = NO_NAME, middle: bool = False
) -> str:
    """A name the director typed, as a sentence the app writes quotes it: in curly quotes, cut
    to ``limit``, and without the controls that would reorder the rest of the sentence (a name
    ending in U+202E turned "counts $100,800.00" after it into "00.008,001$ stnuoc" on screen
    and in the workbook). A name in a right-to-left script is isolated, so that the figure
    after it is not drawn before it. ``unnamed``, unquoted, stands for a blank name.
    ``middle`` cuts a long name in its middle, keeping its end ("… 2027–2031 (2)")."""
    shown = shown_name(name)
    if not shown:
        return unnamed
    cut = clip_middle(shown, limit) if middle else clip(shown, limit)
    return f"\u201c{isolated(cut)}\u201d"


def isolated(shown: str) -> str:
    """``shown`` (a name already without controls) kept to itself when it is in a right-to-left
    script, so that what follows it in a sentence is not drawn before it."""
    if any(unicodedata.bidirectional(character) in ("R", "AL") for character in shown):
        return f"{_ISOLATE}{shown}{_END_ISOLATE}"
    return shown


# Left-to-right mark: the app's sentences are English, read left to right.
LEFT_TO_RIGHT_MARK = "\u200e"


def left_to_right(sentence: str) -> str:
    """A sentence the app writes, for the screen: Qt reads a paragraph's direction from its
    first strong letter, so one that starts with a right-to-left name was drawn right-aligned,
    its full stop at the far left. A left-to-right mark in front settles it."""
    return LEFT_TO_RIGHT_MARK + sentence


def undo_text(text: str) -> str:
    """An undo step's text for ``QUndoCommand``: ``text()`` (the status bar's "Undone: …") is
    ``text`` as written, and the part after the newline the Edit menu's, where a "&" in a name
    ("Wi-Fi & switching") would mark the next letter as the item's key and vanish."""
    return f"{text}\n{text.replace('&', '&&')}"
