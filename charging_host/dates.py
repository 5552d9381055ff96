"""Dates as people type them: "1 January", "January 1st", "1/2" (day first, as
in Belgium), "01.02.2027", "2027-02-01", "from next month", "today", "end of
the month", "1er janvier", "1. Januar". The words are in ``phrases/dates.yml``.

A date without a year is the next one on or after today: a start or an end
date lies ahead.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from charging_host.phrases import pattern, phrases
from charging_host.text import MAX_ANSWER_LENGTH, clean_text

_KIND = "dates"
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
# Day first; "1.2" alone is a number (a rate), so a dot only with a year: "1.2.2027".
_NUMERIC = re.compile(
    r"(?<![\d.,€])(\d{1,2})(?:[/\-](\d{1,2})(?:[/\-](\d{2,4}))?|\.(\d{1,2})\.(\d{2,4}))(?![\d/]|[.,]\d)"
)
_DAY = r"(\d{1,2})(?:st|nd|rd|th|er|e|ste|de|\.)?"
_YEAR = re.compile(r"^\s*,?\s*(\d{4})\b")


def _month_words() -> list[tuple[str, int]]:
    words = phrases(_KIND)
    return sorted(
        ((w, number) for number, month in enumerate(MONTHS, 1) for w in words.get(month, ())),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", clean_text((text or "")[:MAX_ANSWER_LENGTH])).strip().lower()


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _ahead(month: int, day: int, today: date) -> date | None:
    """The next such day on or after today."""
    this_year = _valid(today.year, month, day)
    if this_year is not None and this_year >= today:
        return this_year
    return _valid(today.year + 1, month, day)


def _full_year(year: str) -> int:
    return int(year) + 2000 if len(year) == 2 else int(year)


def _named_month(text: str, today: date) -> date | None:
    for word, month in _month_words():
        found = re.search(rf"(?<!\w){re.escape(word)}\.?(?!\w)", text)
        if not found:
            continue
        before, after = text[: found.start()], text[found.end() :]
        day_before = re.search(rf"{_DAY}\s*(?:of\s+|de\s+)?$", before)
        day_after = re.match(rf"\s*{_DAY}(?!\d)", after)
        if not day_before and not day_after and (len(word) <= 3 or word == "may"):
            continue  # "Jan", "may", "mar" alone are a name or a word, not a month
        day = int(day_before.group(1)) if day_before else int(day_after.group(1)) if day_after else 1
        rest = after[day_after.end() :] if day_after and not day_before else after
        year = _YEAR.match(rest)
        if year:
            return _valid(int(year.group(1)), month, day)
        if not day_before and not day_after and month == today.month:
            return today  # "from November" in November: from now
        return _ahead(month, day, today)
    return None


def parse_date(text: str, today: date) -> date | None:
    """The date in an answer, or None."""
    plain = _plain(text)
    if not plain:
        return None
    found = _ISO.search(plain)
    if found:
        return _valid(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    for found in _NUMERIC.finditer(plain):
        day = int(found.group(1))
        month = int(found.group(2) or found.group(4))
        year = found.group(3) or found.group(5)
        numeric = _valid(_full_year(year), month, day) if year else _ahead(month, day, today)
        if numeric is not None:
            return numeric
    named = _named_month(plain, today)
    if named is not None:
        return named
    if pattern(_KIND, "next_month").search(plain):
        return (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    if pattern(_KIND, "end_of_month").search(plain):
        return today.replace(day=calendar.monthrange(today.year, today.month)[1])
    if pattern(_KIND, "tomorrow").search(plain):
        return today + timedelta(days=1)
    if pattern(_KIND, "today").search(plain):
        return today
    return None


def says_no_end(text: str) -> bool:
    """Whether an answer to "an end date?" says there is none ("no end date", "open-ended", "no")."""
    plain = _plain(text).strip(" .!?")
    return plain in phrases(_KIND).get("no_end", ()) or bool(
        re.search(r"\bno end|\bopen[- ]ended|\bgeen einddatum|\bpas de date de fin|\bkein enddatum", plain)
    )
