"""Opening hours of a restricted-access charge point, from "weekdays 7 to 19, closed on Sunday".

The result follows OCPI's ``Hours``: ``twentyfourseven`` or ``regular_hours``
(weekday 1 = Monday .. 7 = Sunday, period_begin, period_end as "HH:MM").
"""

from __future__ import annotations

import re
from typing import Any

DAY_NAMES = {
    1: ["monday", "mon", "maandag", "ma", "lundi", "montag"],
    2: ["tuesday", "tue", "tues", "dinsdag", "di", "mardi", "dienstag"],
    3: ["wednesday", "wed", "woensdag", "wo", "mercredi", "mittwoch"],
    4: ["thursday", "thu", "thur", "thurs", "donderdag", "do", "jeudi", "donnerstag"],
    5: ["friday", "fri", "vrijdag", "vr", "vendredi", "freitag"],
    6: ["saturday", "sat", "zaterdag", "za", "samedi", "samstag"],
    7: ["sunday", "sun", "zondag", "zo", "dimanche", "sonntag"],
}
GROUPS = {
    "weekdays": [1, 2, 3, 4, 5],
    "weekday": [1, 2, 3, 4, 5],
    "week": [1, 2, 3, 4, 5],
    "werkdagen": [1, 2, 3, 4, 5],
    "weekends": [6, 7],
    "weekend": [6, 7],
    "every day": list(range(1, 8)),
    "daily": list(range(1, 8)),
    "all days": list(range(1, 8)),
    "elke dag": list(range(1, 8)),
}
_DAY_WORD = {name: day for day, names in DAY_NAMES.items() for name in names}
_TIME = r"(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|u|h)?"
_RANGE = re.compile(rf"{_TIME}\s*(?:-|–|to|till|until|tot|à|a|bis)\s*{_TIME}", re.IGNORECASE)
_ALWAYS = re.compile(r"24\s*/\s*7|always|day and night|24 hours|24h a day|altijd", re.IGNORECASE)
_CLOSED = re.compile(r"closed|gesloten|fermé|geschlossen|not open|no access", re.IGNORECASE)


def _clock(hours: str, minutes: str | None, suffix: str | None) -> str | None:
    h, m = int(hours), int(minutes or 0)
    if suffix and suffix.lower() == "pm" and h < 12:
        h += 12
    if suffix and suffix.lower() == "am" and h == 12:
        h = 0
    if h == 24 and m == 0:
        return "24:00"
    if not (0 <= h <= 23 and 0 <= m <= 59):
        return None
    return f"{h:02d}:{m:02d}"


def _days_in(text: str) -> list[int]:
    lowered = text.lower()
    days: list[int] = []
    for group, members in GROUPS.items():
        if re.search(rf"\b{group}\b", lowered):
            days += members
    span = re.search(r"\b([a-z]+)\s*(?:-|–|to|till|tot|through|until)\s*([a-z]+)\b", lowered)
    if span and span.group(1) in _DAY_WORD and span.group(2) in _DAY_WORD:
        first, last = _DAY_WORD[span.group(1)], _DAY_WORD[span.group(2)]
        days += list(range(first, last + 1)) if first <= last else list(range(first, 8)) + list(range(1, last + 1))
    for word in re.findall(r"[a-z]+", lowered):
        if word in _DAY_WORD and len(word) > 2:
            days.append(_DAY_WORD[word])
    return sorted(set(days))


def parse_opening_hours(text: str) -> dict[str, Any] | None:
    """OCPI Hours from a sentence, or None when nothing could be understood."""
    if _ALWAYS.search(text or ""):
        return {"twentyfourseven": True}
    hours: dict[int, list[tuple[str, str]]] = {}
    closed: set[int] = set()
    understood = False
    for clause in re.split(r"[,;\n]|\band\b|\ben\b|\bet\b", text or "", flags=re.IGNORECASE):
        days = _days_in(clause)
        if _CLOSED.search(clause):
            closed.update(days)
            understood = understood or bool(days)
            continue
        times = _RANGE.search(clause)
        if not times:
            continue
        begin = _clock(times.group(1), times.group(2), times.group(3))
        end = _clock(times.group(4), times.group(5), times.group(6))
        if begin is None or end is None or end <= begin:
            return None
        for day in days or list(range(1, 8)):
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
