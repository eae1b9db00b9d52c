"""Small helpers for the words every layer shows (pure Python, importable from any layer)."""

from __future__ import annotations

from datetime import date, datetime

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


def short_moment(moment: datetime) -> str:
    """A date and time as a US district writes it on screen: "Nov 23, 2026, 2:05 PM"."""
    hour = moment.hour % 12 or 12
    noon = "AM" if moment.hour < 12 else "PM"
    day = f"{MONTHS[moment.month - 1][:3]} {moment.day}, {moment.year}"
    return f"{day}, {hour}:{moment.minute:02d} {noon}"
