"""Which of an account's charging stations, and which of their connectors, a person means.

Understood, with the words in ``phrases/stations.yml``:

* serial numbers ("5010000102", "5010 000 102"), and the last digits of one ("the one ending 0102");
* names, whole or in part, misspelt or in other words: "garage", "garag",
  "parkng front", "Bahnhof" for "Bahnhofstraße", "the one at the back" for
  "Back yard" or "Achterkant" (words that mean the same are listed);
* positions in the list shown: "the first one", "the second", "2nd", "the last
  one", "first two", "1 and 3", "number 2", "station 2";
* "all", "all of them", "every one", "both" (when there are two);
* leaving out: "all but the garage", "all except the garage", "everything
  except 2", "no, not the garage" (the others, when there are more);
* when there is only one station: "it", "that one", "my charger", "the station", "yes".

Connectors: "connector 2", "connectors 1 and 2", "the first two connectors",
"both connectors of office front", "connector 2 of the garage", "garage 1 and 2",
"all connectors". A connector said without a station belongs to the station
named nearest to it; positions said without any station ("the second one")
count in the list of charge points as shown (station by station, connector by
connector).

Nothing is guessed: text that names no station ("how much does it cost") is None.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from charging_host.phrases import pattern, phrases
from charging_host.text import MAX_ANSWER_LENGTH, clean_text
from charging_host.yes_no import read_yes_no

_KIND = "stations"
_T = TypeVar("_T")
_MASK = "\x00"  # what a span already read is replaced with
_SIMILAR = 0.8  # difflib ratio from which a word is the same word misspelt
_MIN_PREFIX = 4  # "garag" is "garage", "Bahnhof" is "Bahnhofstraße"
_MIN_SUFFIX = 5  # "parking" is "Bedrijfsparking"
_MIN_SERIAL = 5  # digits: shorter serials are not looked for (they would be positions)
_MIN_SERIAL_END = 4  # "the one ending 0102"
_STRONG_BREAK = re.compile(r"[.;!?\n]")
_CODE_LIKE = re.compile(r"[=<>{}\[\]*|\\^~`$]")  # no list position is read in "1 OR 1=1", "[1,2"

# --- the words ----------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Lower case without accents, one character for one ("é" -> "e"), so spans stay where they are."""
    folded = []
    for ch in text.lower():
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        folded.append(base if len(base) == 1 else ch)
    return "".join(folded)


def _fold_word(word: str) -> str:
    return _fold(word).replace("ß", "ss")


@functools.cache
def _group(name: str) -> tuple[str, ...]:
    return tuple(_fold(p) for p in phrases(_KIND).get(name, ()))


@functools.cache
def _words_of(*groups: str) -> frozenset[str]:
    return frozenset(_fold_word(p) for g in groups for p in _group(g) if " " not in p)


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@functools.cache
def _pattern(name: str) -> re.Pattern[str]:
    """The phrases of a group (without accents) as whole words."""
    words = _group(name)
    return re.compile(rf"(?<!\w)(?:{_alternatives(words)})(?!\w)" if words else r"(?!x)x")


@functools.cache
def _ordinals() -> dict[str, int]:
    return {phrase: int(name) for name in phrases(_KIND) if re.fullmatch(r"-?\d+", name) for phrase in _group(name)}


@functools.cache
def _small_numbers() -> dict[str, int]:
    """Digits and number words from one to ten (the words of phrases/numbers.yml)."""
    known = {str(n): n for n in range(1, 11)}
    for name, words in phrases("numbers").items():
        if name.isdigit() and 1 <= int(name) <= 10:
            known.update({_fold(w): int(name) for w in words})
    return known


@functools.cache
def _synonyms() -> dict[str, str]:
    return {_fold_word(word): name for name in phrases(_KIND) if name.startswith("same_") for word in _group(name)}


@functools.cache
def _regexes() -> dict[str, re.Pattern[str]]:
    """The patterns built of the phrase groups."""
    word = {name: _alternatives(_group(name)) for name in ("connector", "station", "number", "all", "both", "filler")}
    number = rf"(?:{_alternatives(_small_numbers())})"
    joiner = rf"(?:,|/|{_alternatives(_group('and'))})"
    numbers = rf"(?P<list>{number}(?:\s*{joiner}\s*{number})*)"
    ordinal = rf"(?P<ordinal>{_alternatives(_ordinals())})"
    count = rf"(?:\s+(?P<count>{_alternatives(n for n, v in _small_numbers().items() if v > 1)}))?"
    one = rf"(?:\s+(?:{_alternatives(_group('one'))}))?"
    marker = rf"(?:\s*(?:{word['number']}))?"
    return {
        "numbered_connector": re.compile(rf"(?<!\w)(?:{word['connector']}){marker}\s*{numbers}(?!\w)"),
        "ordinal_connector": re.compile(rf"(?<!\w){ordinal}{count}\s+(?:{word['connector']})(?!\w)"),
        "every_connector": re.compile(
            rf"(?<!\w)(?:(?P<both>{word['both']})|{word['all']})(?:\s+(?:{word['filler']}))*\s+(?:{word['connector']})(?!\w)"
        ),
        "numbered_station": re.compile(rf"(?<!\w)(?:{word['station']}){marker}\s*{numbers}(?!\w)"),
        "ordinal_station": re.compile(rf"(?<!\w){ordinal}{count}\s+(?:{word['station']})(?!\w)"),
        "numbered": re.compile(rf"(?<!\w)(?:{word['number']})\s*{numbers}(?!\w)"),
        "ordinal": re.compile(rf"(?<!\w){ordinal}{count}{one}(?!\w)"),
        # "1 and 3", "2": a number on its own, not in "alert(1)", "1=1", "-1", "1/2".
        "bare_number": re.compile(rf"(?<![^\s,;:&+{_MASK}])\d{{1,2}}(?![^\s,;:.!?&+{_MASK}])"),
        "serial_end": re.compile(rf"(?<!\w)\d{{{_MIN_SERIAL_END},}}(?!\w)"),
        "break": re.compile(r"[,;:!?\n]|\.(?!\d)"),
        "word": re.compile(r"[^\W_]+"),
    }


def _numbers_in(listed: str) -> tuple[int, ...]:
    known = _small_numbers()
    return tuple(known[n] for n in re.findall(r"[^\W_]+", listed) if n in known)


# --- what was said --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Positions:
    """Positions in a list: ``indexes`` from 1 (negative: from the end), the ``first`` or
    ``last`` so many, or ``every`` one."""

    indexes: tuple[int, ...] = ()
    first: int = 0
    last: int = 0
    every: bool = False

    def of(self, size: int) -> list[int]:
        wanted = [k if k > 0 else size + 1 + k for k in self.indexes]
        wanted += list(range(1, min(self.first, size) + 1))
        wanted += list(range(max(1, size - self.last + 1), size + 1)) if self.last else []
        wanted += list(range(1, size + 1)) if self.every else []
        return sorted({p for p in wanted if 1 <= p <= size})


@dataclass
class _Mention:
    """Something said, at ``start``-``end`` of the text.

    kind: ``station`` (by name or serial: ``serials``), ``positions`` (``unit``:
    "station", "connector" or None when not said), ``all``, ``both``, or the
    markers ``except``, ``negation``, ``but``, ``and``, ``break``, ``pronoun``.
    """

    kind: str
    start: int
    end: int
    serials: tuple[str, ...] = ()
    positions: _Positions = field(default_factory=_Positions)
    unit: str | None = None
    both: bool = False  # "both connectors" (not "all connectors")
    strong: bool = False  # a break that ends a sentence
    polarity: int = 1  # -1 when left out ("not the garage", "all except 2")


@dataclass(frozen=True)
class _Station:
    serial: str
    connectors: int
    words: tuple[str, ...]  # the words of its name that tell it apart
    name_pattern: re.Pattern[str] | None  # its whole name


def _station_words(name: str) -> tuple[str, ...]:
    words = [_fold_word(w) for w in re.findall(r"[^\W_]+", _fold(name))]
    generic = _words_of("filler") | _words_of("station") | _words_of("connector")
    telling = [w for w in words if w not in generic and not w.isdigit()]
    return tuple(telling or [w for w in words if w not in _words_of("filler")] or words)


def _stations(stations: Sequence[dict[str, Any]]) -> list[_Station]:
    read = []
    for station in stations:
        name = _fold(str(station.get("name") or ""))
        parts = re.findall(r"[^\W_]+", name)
        whole = (
            re.compile(r"(?<!\w)" + r"[\W_]+".join(re.escape(p) for p in parts) + r"(?!\w)")
            if parts and re.search(r"[^\W\d_]", name)
            else None
        )
        read.append(_Station(str(station["serial"]), int(station.get("connectors") or 0), _station_words(name), whole))
    return read


def _normalise(text: str) -> str:
    text = clean_text((text or "")[: MAX_ANSWER_LENGTH * 2])[:MAX_ANSWER_LENGTH]
    return _fold(text.replace("’", "'").replace("‘", "'"))


class _Reader:
    """Reads the mentions of stations and connectors in a text, longest and surest first;
    each span read is masked so nothing is read twice."""

    def __init__(self, text: str, stations: list[_Station]):
        self.text = text
        self.work = text
        self.stations = stations
        self.name_words = frozenset(w for s in stations for w in s.words)
        self.mentions: list[_Mention] = []
        self._read()

    def take(self, start: int, end: int, mention: _Mention | None = None) -> None:
        self.work = self.work[:start] + _MASK * (end - start) + self.work[end:]
        if mention is not None:
            self.mentions.append(mention)

    def each(self, regex: re.Pattern[str]) -> list[re.Match[str]]:
        return list(regex.finditer(self.work))

    def _read(self) -> None:
        regexes = _regexes()
        self._serials()
        self._whole_names()
        for match in self.each(_pattern("not_all")):
            self.take(match.start(), match.end())
        for name, unit in (("numbered_connector", "connector"), ("numbered_station", "station"), ("numbered", None)):
            for match in self.each(regexes[name]):
                positions = _Positions(indexes=_numbers_in(match.group("list")))
                self.take(
                    match.start(), match.end(), _Mention("positions", *match.span(), positions=positions, unit=unit)
                )
        for match in self.each(regexes["every_connector"]):
            self.take(
                match.start(),
                match.end(),
                _Mention(
                    "positions",
                    *match.span(),
                    positions=_Positions(every=True),
                    unit="connector",
                    both=bool(match.group("both")),
                ),
            )
        for name, unit in (("ordinal_connector", "connector"), ("ordinal_station", "station"), ("ordinal", None)):
            for match in self.each(regexes[name]):
                self._ordinal(match, unit)
        for kind in ("all", "both", "except", "negation", "but", "and", "pronoun"):
            for match in self.each(_pattern(kind)):
                self.take(match.start(), match.end(), _Mention(kind, *match.span()))
        for match in self.each(regexes["break"]):
            strong = bool(_STRONG_BREAK.fullmatch(match.group()))
            self.take(match.start(), match.end(), _Mention("break", *match.span(), strong=strong))
        for match in [] if _CODE_LIKE.search(self.text) else self.each(regexes["bare_number"]):
            positions = _Positions(indexes=(int(match.group()),))
            self.take(match.start(), match.end(), _Mention("positions", *match.span(), positions=positions))
        for word in ("station", "connector"):
            for match in self.each(_pattern(word)):
                if _fold_word(match.group()) not in self.name_words:
                    self.take(match.start(), match.end())
        self._names()
        self.mentions.sort(key=lambda m: m.start)

    def _serials(self) -> None:
        for station in self.stations:
            digits = re.sub(r"[\W_]", "", station.serial.lower())
            if len(digits) < _MIN_SERIAL:
                continue
            spaced = re.compile(r"(?<!\w)" + r"[\s.\-]?".join(re.escape(d) for d in digits) + r"(?!\w)")
            for match in self.each(spaced):
                self.take(match.start(), match.end(), _Mention("station", *match.span(), serials=(station.serial,)))
        for match in self.each(_regexes()["serial_end"]):
            owners = [s.serial for s in self.stations if re.sub(r"\W", "", s.serial.lower()).endswith(match.group())]
            if len(owners) == 1:
                self.take(match.start(), match.end(), _Mention("station", *match.span(), serials=(owners[0],)))

    def _whole_names(self) -> None:
        named = [s for s in self.stations if s.name_pattern is not None]
        for station in sorted(named, key=lambda s: -len(s.name_pattern.pattern if s.name_pattern else "")):
            assert station.name_pattern is not None
            for match in self.each(station.name_pattern):
                same = [
                    s.serial for s in named if s.name_pattern and s.name_pattern.pattern == station.name_pattern.pattern
                ]
                self.take(match.start(), match.end(), _Mention("station", *match.span(), serials=tuple(same)))

    def _ordinal(self, match: re.Match[str], unit: str | None) -> None:
        value = _ordinals()[match.group("ordinal")]
        count = _small_numbers().get(match.group("count") or "", 0)
        if value == 1 and count:
            positions = _Positions(first=count)  # "the first two"
        elif value == -1 and count:
            positions = _Positions(last=count)  # "the last two"
        else:
            positions = _Positions(indexes=(value,))
        self.take(match.start(), match.end(), _Mention("positions", *match.span(), positions=positions, unit=unit))

    def _names(self) -> None:
        """Stations named in part or misspelt: each run of words between two other mentions."""
        ignored = _words_of("filler", "one", "pronoun", "station", "connector") - self.name_words
        run: list[tuple[str, int, int]] = []
        previous_end = 0
        for match in self.each(_regexes()["word"]):
            word = _fold_word(match.group())
            if word in ignored or word.isdigit():
                continue
            if run and (_MASK in self.work[previous_end : match.start()]):
                self._name_run(run)
                run = []
            run.append((word, match.start(), match.end()))
            previous_end = match.end()
        if run:
            self._name_run(run)

    def _name_run(self, run: list[tuple[str, int, int]]) -> None:
        unused = set(range(len(run)))
        while unused:
            best: list[tuple[_Station, set[int]]] = []
            best_key = (0.0, 0.0)
            for station in self.stations:
                score, used = _score(station, [(i, run[i][0]) for i in sorted(unused)])
                key = (round(score, 3), round(score / max(len(station.words), 1), 3))
                if score and key > best_key:
                    best, best_key = [(station, used)], key
                elif score and key == best_key:
                    best.append((station, used))
            if not best:
                return
            used_here = set().union(*(used for _, used in best))
            start = min(run[i][1] for i in used_here)
            end = max(run[i][2] for i in used_here)
            self.mentions.append(_Mention("station", start, end, serials=tuple(s.serial for s, _ in best)))
            unused -= used_here


def _likeness(said: str, name_word: str) -> float:
    """How surely a word said is a word of a station's name: 1 the same (or a word
    listed as meaning the same), less for a start, an end, or a misspelling; 0 not."""
    if said == name_word:
        return 1.0
    synonyms = _synonyms()
    if said in synonyms and synonyms[said] == synonyms.get(name_word):
        return 1.0
    short, long = sorted((said, name_word), key=len)
    if len(short) >= _MIN_PREFIX and long.startswith(short):
        return 0.9
    if len(short) >= _MIN_SUFFIX and long.endswith(short):
        return 0.85
    if len(short) >= _MIN_PREFIX and difflib.SequenceMatcher(None, said, name_word).ratio() >= _SIMILAR:
        return 0.8
    return 0.0


def _score(station: _Station, words: list[tuple[int, str]]) -> tuple[float, set[int]]:
    """How well the words name the station, and which words did."""
    score, used = 0.0, set()
    for name_word in station.words:
        candidates = [(_likeness(w, name_word), i) for i, w in words if i not in used]
        likeness, index = max(candidates, default=(0.0, -1))
        if likeness:
            score += likeness
            used.add(index)
    return score, used


# --- who is in, who is out -------------------------------------------------------------------------------


def _with_polarity(reader: _Reader) -> list[_Mention]:
    """The mentions with ``polarity`` set: -1 after "not" (to the next comma or "and"),
    "except", "all but" (to the end of the sentence); "but" and "only" set it back."""
    polarity, scope = 1, ""
    previous: _Mention | None = None
    for mention in reader.mentions:
        if mention.kind == "except":
            polarity, scope = -1, "except"
        elif mention.kind == "negation":
            polarity, scope = -1, "negation"
        elif mention.kind == "but":
            adjacent = previous is not None and previous.kind == "all"
            if adjacent and previous is not None and not reader.text[previous.end : mention.start].strip():
                polarity, scope = -1, "except"  # "all but the garage"
            else:
                polarity, scope = 1, ""
        elif mention.kind in ("break", "and"):
            if scope == "negation" or mention.strong:
                polarity, scope = 1, ""
        else:
            mention.polarity = polarity
        previous = mention
    return reader.mentions


def _choose(chosen: set[_T], left_out: set[_T], everything: Sequence[_T]) -> list[_T]:
    """What was chosen, less what was left out; when only something was left out, the others."""
    if chosen:
        return [s for s in everything if s in chosen and s not in left_out]
    if left_out and len(everything) > 1:
        return [s for s in everything if s not in left_out]  # "not the garage": the others
    return []


def _only_the_one(text: str) -> bool:
    """The text says nothing but "it", "that one", "my charger", "yes": the only station."""
    said = False
    rest = text
    for words in (_pattern("pronoun"), _pattern("station"), pattern("yes_no", "yes")):
        said = said or bool(words.search(rest))
        rest = words.sub(" ", rest)
    rest = _pattern("filler").sub(" ", rest)
    return said and not re.search(r"\w", rest) and read_yes_no(text) is not False


def parse_station_choice(text: str, stations: Sequence[dict[str, Any]]) -> list[str] | None:
    """Serials of the stations meant in "all", "the garage one", "5010000123", "1 and 3",
    "the last one", "all but the garage", "no, not the garage", "Bahnhof", "parkng front"
    (positions count in the list shown). With one station, "it", "that one" or
    "yes" is that one. None when no station is meant.

    ``stations`` are dicts with ``serial`` and ``name``, in the order shown.
    """
    lowered = _normalise(text)
    if not lowered.strip() or not stations:
        return None
    known = _stations(stations)
    serials = [s.serial for s in known]
    reader = _Reader(lowered, known)
    chosen: set[str] = set()
    left_out: set[str] = set()
    for mention in _with_polarity(reader):
        meant: list[str] = []
        if mention.kind == "station":
            meant = list(mention.serials)
        elif mention.kind == "positions" and mention.unit != "connector":
            meant = [serials[p - 1] for p in mention.positions.of(len(serials))]
        elif mention.kind == "all" or (mention.kind == "both" and len(serials) == 2):
            meant = serials
        (chosen if mention.polarity > 0 else left_out).update(meant)
    result = _choose(chosen, left_out, serials)
    if not result and not left_out and len(serials) == 1 and _only_the_one(lowered):
        result = serials
    return result or None


def parse_charge_point_choice(text: str, stations: Sequence[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """Charge points (station serial, connector position) meant in "both connectors
    of the garage", "garage connector 2", "connector 2 of the garage", "garage 1 and 2",
    "the first two connectors", "all", "5010000101 socket 1", "all except garage connector 2".

    ``stations`` are dicts with ``serial``, ``name`` and ``connectors`` (a count),
    in the order shown. None when nothing is meant.
    """
    lowered = _normalise(text)
    if not lowered.strip() or not stations:
        return None
    known = _stations(stations)
    size = {s.serial: s.connectors for s in known}
    flat = [(s.serial, p) for s in known for p in range(1, s.connectors + 1)]
    mentions = _with_polarity(_Reader(lowered, known))
    groups: list[tuple[_Mention, list[_Mention]]] = []  # stations said, with the connector positions said of them
    loose: list[_Mention] = []  # connector positions said of no station
    for mention in mentions:
        serials: tuple[str, ...] = ()
        if mention.kind == "station":
            serials = mention.serials
        elif mention.kind == "positions" and mention.unit == "station":
            serials = tuple(known[p - 1].serial for p in mention.positions.of(len(known)))
        elif mention.kind == "all" or (mention.kind == "both" and len(known) == 2):
            serials = tuple(size)
        elif mention.kind == "both":
            loose.append(
                _Mention(
                    "positions",
                    mention.start,
                    mention.end,
                    positions=_Positions(every=True),
                    unit="connector",
                    both=True,
                    polarity=mention.polarity,
                )
            )
            continue
        elif mention.kind == "positions":
            loose.append(mention)
            continue
        if serials:
            groups.append(
                (_Mention("station", mention.start, mention.end, serials=serials, polarity=mention.polarity), [])
            )
    for spec in [m for m in loose if groups]:
        nearest = min(groups, key=lambda g: (_distance(g[0], spec), g[0].start > spec.start))
        nearest[1].append(spec)
    chosen: set[tuple[str, int]] = set()
    left_out: set[tuple[str, int]] = set()
    for station, specs in groups:
        for serial in station.serials:
            every = set(range(1, size[serial] + 1))
            said = [s for s in specs if s.polarity > 0 or station.polarity < 0]
            positions = set().union(*(s.positions.of(size[serial]) for s in said)) if said else every
            if station.polarity > 0:
                chosen |= {(serial, p) for p in positions}
                left_out |= {(serial, p) for s in specs if s.polarity < 0 for p in s.positions.of(size[serial])}
            else:
                left_out |= {(serial, p) for p in positions}
    if not groups:
        for spec in loose:
            points = _loose_points(spec, known, flat)
            (chosen if spec.polarity > 0 else left_out).update(points)
    # The only station: "it", "that one" (a plain "yes" only when it has one connector).
    alone = not chosen and not left_out and len(known) == 1 and _only_the_one(lowered)
    if alone and (len(flat) == 1 or read_yes_no(lowered) is not True):
        chosen = set(flat)
    return [{"serial": s, "position": p} for s, p in _choose(chosen, left_out, flat)] or None


def _distance(station: _Mention, spec: _Mention) -> int:
    if station.end <= spec.start:
        return spec.start - station.end
    return max(station.start - spec.end, 0)


def _loose_points(spec: _Mention, stations: list[_Station], flat: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Connector positions said of no station: of the only station; "connector 2" of
    one of several is unclear; else positions in the list of charge points."""
    if len(stations) == 1:
        only = stations[0]
        return [(only.serial, p) for p in spec.positions.of(only.connectors)]
    if spec.unit == "connector" and spec.positions.indexes:
        return []  # "connector 2": of which station?
    if spec.positions.every and spec.both and len(flat) != 2:
        return []  # "both connectors" of one of several stations
    return [flat[p - 1] for p in spec.positions.of(len(flat))]
