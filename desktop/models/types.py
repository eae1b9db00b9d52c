"""Exact column types: money as integer cents, other exact decimals as text, UTC timestamps.

Binary floats never touch a stored number. Money is kept as a whole number of minor units (cents),
which every SQL database stores and sums exactly; rates, quantities and likelihoods keep their
decimal text so "0.0825" comes back as ``Decimal("0.0825")``, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect, String
from sqlalchemy.types import TypeDecorator

from desktop.finance.money import CENT, stored_cents


class Money(TypeDecorator[Decimal]):
    """A money amount stored as integer cents. Refuses amounts finer than a cent rather than
    silently rounding them: rounding is the finance layer's job, done once and on purpose."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        amount = Decimal(value)
        cents = amount * 100
        if cents != cents.to_integral_value():
            raise ValueError(f"{amount} has more than two decimal places")
        return int(cents)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(stored_cents(value)) / 100).quantize(CENT)


class ExactDecimal(TypeDecorator[Decimal]):
    """A decimal number stored as its canonical text, so it round-trips exactly."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        number = Decimal(value)
        if not number.is_finite():
            raise ValueError(f"{value!r} is not a finite number")
        return format(number, "f")

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored as naive UTC and returned timezone-aware (SQLite keeps no zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        aware: datetime = value
        return aware.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        stored: datetime = value
        return stored.replace(tzinfo=UTC)


def utc_now() -> datetime:
    return datetime.now(UTC)
