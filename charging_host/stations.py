"""Which of an account's charging stations a person means."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any


def parse_station_choice(text: str, stations: Sequence[dict[str, Any]]) -> list[str] | None:
    """Serials of the stations named in "all", "the garage one", "5010000123",
    "1 and 3" (positions in the list shown). None when nothing matches.

    ``stations`` are dicts with ``serial`` and ``name``, in the order shown.
    """
    lowered = (text or "").lower()
    if not lowered.strip() or not stations:
        return None
    if re.search(r"\b(all|both|every|each|alle|tous|toutes)\b", lowered):
        return [s["serial"] for s in stations]
    chosen: list[str] = []
    for station in stations:
        serial = str(station["serial"]).lower()
        name = str(station.get("name") or "").lower()
        if serial in lowered.replace(" ", "") or (
            name and (name in lowered or _significant_words(name) & _significant_words(lowered))
        ):
            chosen.append(station["serial"])
    if not chosen:
        # "1 and 3": positions in the list of buttons; only small numbers.
        for position in re.findall(r"\b(\d{1,2})\b", lowered):
            index = int(position) - 1
            if 0 <= index < len(stations) and stations[index]["serial"] not in chosen:
                chosen.append(stations[index]["serial"])
    return chosen or None


_FILLER = {"the", "my", "one", "station", "charger", "charging", "at", "in", "of", "and", "a", "de", "het", "la", "le"}


def _significant_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-zà-ÿ]{3,}", text) if w not in _FILLER}


_CONNECTOR = re.compile(
    r"\b(?:connectors?|sockets?|plugs?|points?|cables?|aansluiting(?:en)?|prises?|#)\s*(\d(?:\s*(?:,|and|en|et|&|\+)\s*\d)*)",
    re.IGNORECASE,
)


def parse_charge_point_choice(text: str, stations: Sequence[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """Charge points (station serial, connector position) named in "both connectors
    of the garage", "garage connector 2", "all", "5010000101 socket 1".

    ``stations`` are dicts with ``serial``, ``name`` and ``connectors`` (a count).
    None when nothing matches.
    """
    lowered = (text or "").lower()
    if not lowered.strip() or not stations:
        return None
    positions = [int(n) for match in _CONNECTOR.finditer(lowered) for n in re.findall(r"\d", match.group(1))]
    rest = _CONNECTOR.sub(" ", lowered)
    everything = re.search(r"\b(all|both|every|each|everything|alle|tous|toutes)\b", rest)
    named = re.sub(r"\b(all|both|every|each|everything|alle|tous|toutes|of|them|connectors?|sockets?)\b", " ", rest)
    serials = parse_station_choice(named, stations) if named.strip() else None
    if serials is None and (everything or (positions and len(stations) == 1)):
        serials = [s["serial"] for s in stations]
    if not serials:
        return None
    chosen = []
    for station in stations:
        if station["serial"] not in serials:
            continue
        wanted = positions or list(range(1, int(station["connectors"]) + 1))
        chosen += [{"serial": station["serial"], "position": p} for p in wanted if 1 <= p <= int(station["connectors"])]
    return chosen or None
