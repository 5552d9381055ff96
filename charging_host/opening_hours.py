"""Opening hours of a restricted-access charge point, from "weekdays 7 to 19, closed on Sunday",
"ma-vr 8u-18u", "du lundi au vendredi de 8h à 18h", "Mo-Fr 7-19 Uhr, Sa 8-12 Uhr". The words
(day names, "to", "closed", "24/7", ...) are in ``phrases/opening_hours.yml``.

The result follows OCPI's ``Hours``: ``twentyfourseven`` or ``regular_hours``
(weekday 1 = Monday .. 7 = Sunday, period_begin, period_end as "HH:MM").
"""

from __future__ import annotations

import functools
import re
from typing import Any

from charging_host.phrases import phrases

_KIND = "opening_hours"
_DAYS = range(1, 8)
_GROUPS = {"weekdays": [1, 2, 3, 4, 5], "weekend": [6, 7], "every_day": list(_DAYS)}
_SHORT = 2  # letters: a day name this short ("ma", "Mo") counts alone only once a span uses such names


def _words(group: str) -> tuple[str, ...]:
    return phrases(_KIND).get(group, ())


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or r"(?!x)x"


@functools.cache
def _phrase(group: str) -> re.Pattern[str]:
    """The group's phrases as whole words; a "/" may have spaces around it ("24 / 7")."""
    alternatives = _alternatives(_words(group)).replace("/", r"\s*/\s*")
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


@functools.cache
def _day_word() -> dict[str, int]:
    return {name: day for day in _DAYS for name in _words(str(day))}


@functools.cache
def _group_days() -> dict[str, list[int]]:
    """The days of each phrase of the groups ("werktags": Monday to Friday)."""
    return {phrase: days for group, days in _GROUPS.items() for phrase in _words(group)}


@functools.cache
def _regexes() -> dict[str, re.Pattern[str]]:
    hour = _alternatives(_words("hour"))
    suffix = _alternatives(_words("am") + _words("pm") + _words("hour"))
    time = rf"(\d{{1,2}})(?:(?:[:.]|{hour})(\d{{2}}))?\s*({suffix})?"
    day = _alternatives(tuple(_day_word()))
    return {
        "range": re.compile(rf"{time}\s*(?:-|–|{_alternatives(_words('to'))})\s*{time}", re.IGNORECASE),
        "span": re.compile(
            rf"(?<!\w)({day})\.?\s*(?:-|–|(?<!\w)(?:{_alternatives(_words('day_to'))})(?!\w))\s*({day})(?!\w)"
        ),
        "groups": re.compile(rf"(?<!\w)(?:{_alternatives(tuple(_group_days()))})(?!\w)".replace("/", r"\s*/\s*")),
        "clause": re.compile(rf"[,;\n]|(?<!\w)(?:{_alternatives(_words('and'))})(?!\w)", re.IGNORECASE),
    }


def _clock(hours: str, minutes: str | None, suffix: str | None) -> str | None:
    h, m = int(hours), int(minutes or 0)
    if suffix and suffix.lower() in _words("pm") and h < 12:
        h += 12
    if suffix and suffix.lower() in _words("am") and h == 12:
        h = 0
    if h == 24 and m == 0:
        return "24:00"
    if not (0 <= h <= 23 and 0 <= m <= 59):
        return None
    return f"{h:02d}:{m:02d}"


def _days_in(text: str, short_names: bool) -> list[int]:
    lowered = text.lower()
    days: list[int] = []
    for found in _regexes()["groups"].finditer(lowered):  # the longest first: "week-end" is no "week"
        days += _group_days()[re.sub(r"\s*/\s*", "/", found.group())]
    span = _regexes()["span"].search(lowered)
    if span:
        first, last = _day_word()[span.group(1)], _day_word()[span.group(2)]
        days += list(range(first, last + 1)) if first <= last else list(range(first, 8)) + list(range(1, last + 1))
    for word in re.findall(r"[^\W\d_]+", lowered):
        if word in _day_word() and (len(word) > _SHORT or short_names):
            days.append(_day_word()[word])
    return sorted(set(days))


def _uses_short_names(text: str) -> bool:
    """Whether a span of days is written with short names ("ma-vr", "Mo-Fr")."""
    return any(
        min(len(span.group(1)), len(span.group(2))) <= _SHORT
        for span in _regexes()["span"].finditer((text or "").lower())
    )


def parse_opening_hours(text: str) -> dict[str, Any] | None:
    """OCPI Hours from a sentence, or None when nothing could be understood."""
    if _phrase("always").search(text or ""):
        return {"twentyfourseven": True}
    hours: dict[int, list[tuple[str, str]]] = {}
    closed: set[int] = set()
    understood = False
    short_names = _uses_short_names(text)
    for clause in _regexes()["clause"].split(text or ""):
        days = _days_in(clause, short_names)
        if _phrase("closed").search(clause):
            closed.update(days)
            understood = understood or bool(days)
            continue
        times = _regexes()["range"].search(clause)
        if not times:
            continue
        begin = _clock(times.group(1), times.group(2), times.group(3))
        end = _clock(times.group(4), times.group(5), times.group(6))
        if begin is None or end is None or end <= begin:
            return None
        for day in days or list(_DAYS):
            hours.setdefault(day, []).append((begin, end))
        understood = True
    if not understood:
        return None
    regular = [
        {"weekday": day, "period_begin": begin, "period_end": end}
        for day in sorted(hours)
        if day not in closed
        for begin, end in sorted(hours[day])
    ]
    return {"twentyfourseven": False, "regular_hours": regular}
