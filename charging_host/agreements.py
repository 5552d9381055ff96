"""What employers type about split billing agreements: who ("Jan Peeters
jan@acme.be and Els", "tom@acme.be, sara@acme.be"), at what rate, from and
until when, where they live ("Jan in Flanders, Els in Brussels"), and what
to change ("Jan's rate to 0.30", "end Els's agreement", "Tom leaves on 31
March"). The words are in ``phrases/agreements.yml`` and ``phrases/dates.yml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from charging_host.dates import MONTHS, parse_date, says_no_end
from charging_host.phrases import pattern, phrases
from charging_host.split_billing import BELGIAN_REGIONS, OUTSIDE_BELGIUM, REGIONS, read_rate
from charging_host.text import MAX_ANSWER_LENGTH, clean_text

_KIND = "agreements"
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_SEPARATORS = re.compile(r"\s*(?:[,;\n&+]|\band\b|\ben\b|\bet\b|\bund\b)\s*", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*$")
# A rate: a decimal number or cents, with an optional euro sign or unit around it.
_RATE = re.compile(
    r"(?:€\s*)?(?<![\d/.,-])(\d+[.,]\d+|\d+)\s*(?:€|eur(?:o|os)?|cents?|ct|c|eurocent)?(?:\s*(?:/|per)\s*kwh)?(?![\d/])",
    re.IGNORECASE,
)
_DATE_LIKE = re.compile(r"\b\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\.\d{1,2}\.\d{2,4}\b")
_BELGIAN_POSTCODE = re.compile(r"\b([1-9]\d{3})\b")


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str = ""
    email: str | None = None
    region: str | None = None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def complete(self) -> bool:
        return bool(self.first_name and self.last_name and self.email)

    def as_dict(self) -> dict[str, Any]:
        return {
            "first_name": self.first_name,
            "last_name": self.last_name,
            "email": self.email,
            "region": self.region,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Person:
        return cls(
            first_name=data.get("first_name") or "",
            last_name=data.get("last_name") or "",
            email=data.get("email"),
            region=data.get("region"),
        )


def _plain(text: str) -> str:
    return re.sub(r"[ \t]+", " ", clean_text((text or "")[:MAX_ANSWER_LENGTH])).strip()


def _words(group: str) -> tuple[str, ...]:
    return phrases(_KIND).get(group, ())


def _not_a_name(word: str) -> bool:
    lowered = word.lower().strip("'’")
    if lowered in _words("not_names") or lowered in _words("all"):
        return True
    months = phrases("dates")
    if any(lowered in months.get(m, ()) and len(lowered) > 3 for m in MONTHS):
        return True
    return any(lowered in _words(region) for region in REGIONS)


def _capitalised(word: str) -> str:
    return word if any(c.isupper() for c in word) else word[:1].upper() + word[1:]


def _name_in(segment: str, lowercase: bool) -> tuple[str, str]:
    """First and last name from the words of a segment that can be a name
    (capitalised ones only, unless ``lowercase``: the answer to "who?")."""
    tokens = [t.strip('.:!?()[]"') for t in segment.split()]
    kept: list[str] = []
    for token in tokens:
        particle = token.lower() in _words("name_particles")
        if (
            not token
            or not _NAME_WORD.match(token)
            or _not_a_name(token)
            or not (lowercase or particle or token[:1].isupper())
        ):
            if kept and token.lower() not in _words("name_particles"):
                kept.append("|")  # a break: the name ends here
            continue
        kept.append(token)
    # The first run of name words (particles inside a name only).
    run = " ".join(kept).split("|")[0].split() if kept else []
    while run and run[-1].lower() in _words("name_particles"):
        run.pop()
    while run and run[0].lower() in _words("name_particles"):
        run.pop(0)
    if not run:
        return "", ""
    first = _capitalised(run[0])
    last = " ".join(w if w.lower() in _words("name_particles") and len(run) > 2 else _capitalised(w) for w in run[1:])
    return first, last


def name_from_email(email: str) -> tuple[str, str]:
    """ "jan.janssens@acme.be" -> ("Jan", "Janssens"); "jan@acme.be" -> ("Jan", "")."""
    local = email.split("@")[0]
    parts = [p for p in re.split(r"[._-]+", local) if p.isalpha()]
    if not parts:
        return "", ""
    return parts[0].capitalize(), " ".join(p.capitalize() for p in parts[1:])


def find_region(text: str) -> str | None:
    """The region named in an answer, or told by a Belgian postal code; None if none or several."""
    plain = _plain(text)
    found = {region for region in REGIONS if pattern(_KIND, region).search(plain)}
    if len(found) == 1:
        return found.pop()
    if found:
        return None
    undated = _DATE_LIKE.sub(" ", plain)  # "2026-12-11" holds no postal code
    codes = {region_of_postcode(int(code)) for code in _BELGIAN_POSTCODE.findall(undated)}
    return codes.pop() if len(codes) == 1 else None


def region_of_postcode(code: int) -> str:
    """Belgian postal codes: 1000-1299 Brussels, 1300-1499 and 4000-7999 Wallonia, the rest Flanders."""
    if 1000 <= code <= 1299:
        return "brussels"
    if 1300 <= code <= 1499 or 4000 <= code <= 7999:
        return "wallonia"
    return "flanders"


def find_rate(text: str) -> Decimal | None:
    """The rate in a message ("at 0,28", "28 cent/kWh", "€0.30"): a number that is no date, no e-mail."""
    plain = _EMAIL.sub(" ", _plain(text))
    plain = _DATE_LIKE.sub(" ", plain)
    for found in _RATE.finditer(plain):
        number, whole = found.group(1), found.group(0)
        unit = whole[len(number) :] if whole.startswith(number) else whole
        has_unit = bool(re.search(r"€|eur|cent|ct|c\b|kwh", whole, re.IGNORECASE))
        if not has_unit and not re.search(r"[.,]", number):
            continue  # a bare whole number ("1 January", "2 people") is no rate
        if not has_unit and _next_word_is_month(plain[found.end() :]):
            continue
        checked = read_rate(number.replace(",", ".") + (" cent" if re.search(r"cent|ct|c\b", unit, re.I) else ""))
        if checked.rate is not None and checked.rate > 0:
            return checked.rate if checked.ok else checked.likely or checked.rate
    return None


def _next_word_is_month(rest: str) -> bool:
    word = rest.strip().split(" ")[0].lower() if rest.strip() else ""
    return any(word in phrases("dates").get(m, ()) for m in MONTHS)


def says_cap(text: str) -> bool:
    """ "the maximum", "max allowed": the rate is the cap."""
    return bool(pattern(_KIND, "cap").search(_plain(text)))


def _segments(text: str) -> list[str]:
    return [s for s in _SEPARATORS.split(_plain(text)) if s and s.strip()]


def parse_people(text: str, lowercase_names: bool = True) -> list[Person]:
    """The employees named in a message, in order: name and e-mail where given; a name
    left out is read from the e-mail address ("jan.janssens@..." is Jan Janssens).
    Without ``lowercase_names`` only capitalised words are names (a message that
    answers something else: "make it 0.25" names nobody)."""
    found: list[tuple[str, str, str | None, str]] = []  # first, last, email, segment
    for segment in _segments(text):
        email_match = _EMAIL.search(segment)
        email = email_match.group(0).lower() if email_match else None
        first, last = _name_in(_EMAIL.sub(" ", segment), lowercase_names)
        if not first and not email:
            continue
        found.append((first, last, email, segment))
    merged: list[tuple[str, str, str | None, str]] = []
    for first, last, email, segment in found:
        if merged and email and not first and merged[-1][2] is None:
            # "Sara De Smet, sara.desmet@gmail.com": the address of the name before it.
            named_first, named_last, _, before = merged.pop()
            merged.append((named_first, named_last, email, before + ", " + segment))
            continue
        if merged and first and not email and merged[-1][2] and not merged[-1][0]:
            previous_email = merged[-1][2] or ""
            if first.lower() in previous_email.lower():
                merged.pop()
                merged.append((first, last, previous_email, segment))
                continue
        merged.append((first, last, email, segment))
    people = []
    for first, last, email, segment in merged:
        if email and (not first or not last):
            from_email = name_from_email(email)
            if not first:
                first, last = from_email
            elif from_email[0].lower() == first.lower():
                last = last or from_email[1]
        region = find_region(segment)
        people.append(Person(first, last, email, region))
    return [p for p in people if p.first_name or p.email]


def fill_in(person: Person, answer: str) -> Person:
    """A person completed with what an answer adds (their e-mail, their last name)."""
    given = parse_people(answer)
    email_match = _EMAIL.search(_plain(answer))
    email = person.email or (email_match.group(0).lower() if email_match else None)
    last = person.last_name
    if not last and given:
        first, surname = given[0].first_name, given[0].last_name
        if surname and first.lower() == person.first_name.lower():
            last = surname
        elif not surname and first.lower() != person.first_name.lower():
            last = first  # "Janssens": the last name asked for
    if not last and email:
        from_email = name_from_email(email)
        if from_email[0].lower() == person.first_name.lower():
            last = from_email[1]
    return replace(person, email=email, last_name=last)


def regions_for(text: str, people: list[Person]) -> dict[str, str]:
    """Each person's region from an answer: one region for everyone ("Flanders", "all in
    Brussels"), or per name ("Jan in Flanders, Els in Brussels")."""
    per_name: dict[str, str] = {}
    for segment in _segments(text):
        region = find_region(segment)
        if region is None:
            continue
        for person in people:
            if re.search(rf"(?<!\w){re.escape(person.first_name.lower())}(?!\w)", segment.lower()):
                per_name[person.name] = region
    if per_name:
        return per_name
    region = find_region(text)
    return {person.name: region for person in people} if region else {}


# --- a request as a whole: the opening message -------------------------------------


@dataclass(frozen=True)
class AgreementRequest:
    people: list[Person] = field(default_factory=list)
    rate: Decimal | None = None  # one rate for everyone named
    start: date | None = None
    end: date | None = None
    no_end: bool = False
    region: str | None = None  # one region for everyone named


def _dates(text: str, today: date) -> tuple[date | None, date | None]:
    """The start and end dates of a sentence: after "from"/"until" words; a date alone starts."""
    plain = _plain(text).lower()
    start = end = None
    for group in ("until_words", "from_words"):
        words = "|".join(re.escape(w) for w in sorted(_words(group), key=len, reverse=True))
        found = re.search(rf"(?<!\w)(?:{words})(?!\w)(.{{1,30}})", plain)
        if found:
            day = parse_date(found.group(1), today)
            if group == "until_words":
                end = day
                plain = plain[: found.start()] + " " + plain[found.end() :]
            else:
                start = day
    if start is None:
        start = parse_date(plain, today)
    return start, end


def read_request(text: str, today: date, lowercase_names: bool = True) -> AgreementRequest:
    """Everything an employer said in one message about new agreements."""
    people = parse_people(text, lowercase_names)
    rate = find_rate(text)  # one rate for everyone named (different rates: one agreement at a time)
    regions = {p.region for p in people if p.region}
    region = find_region(text) if len(regions) <= 1 else None
    start, end = _dates(text, today)
    return AgreementRequest(
        people=people,
        rate=rate,
        start=start,
        end=end,
        no_end=bool(re.search(r"\bno end|\bopen[- ]ended", _plain(text).lower())),
        region=region,
    )


# --- a change to an agreement ----------------------------------------------------------

RATE, END_DATE, END_NOW, REMOVE_END = "rate", "end_date", "end_now", "remove_end"


@dataclass(frozen=True)
class AgreementChange:
    kind: str | None  # RATE, END_DATE, END_NOW, REMOVE_END; None: not said
    rate: Decimal | None = None
    end_date: date | None = None


def read_change(text: str, today: date) -> AgreementChange:
    """What an employer wants changed: "rate to 0.30", "end it", "until 31 March", "no end date"."""
    plain = _plain(text)
    if pattern(_KIND, "remove_end").search(plain) or says_no_end(plain):
        return AgreementChange(REMOVE_END)
    rate = find_rate(plain)
    if rate is not None:
        return AgreementChange(RATE, rate=rate)
    day = parse_date(plain, today)
    if day is not None and day > today:
        return AgreementChange(END_DATE, end_date=day)
    if pattern(_KIND, "end_now").search(plain) or (day is not None and day <= today):
        return AgreementChange(END_NOW)
    return AgreementChange(None)


def matching_agreements(text: str, agreements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The agreements a message names by first name, last name or e-mail (several when it is unclear)."""
    plain = _plain(text).lower()
    emails = {e.lower() for e in _EMAIL.findall(plain)}
    by_email = [a for a in agreements if a["employee_email"].lower() in emails]
    if by_email:
        return by_email

    def named(value: str) -> bool:
        return bool(value) and re.search(rf"(?<!\w){re.escape(value.lower())}(?:'s|s)?(?!\w)", plain) is not None

    full = [a for a in agreements if named(f"{a['first_name']} {a['last_name']}")]
    if full:
        return full
    return [a for a in agreements if named(a["first_name"]) or named(a["last_name"])]


def agreement_topic(text: str, today: date) -> str | None:
    """What a message the language model could not place is about, read from its words:
    "add" (new agreements: people named with "split billing", "agreement", "reimburse"),
    "change" (a named person's rate, end date, leaving), or None."""
    plain = _plain(text)
    about_agreements = bool(pattern(_KIND, "topic").search(plain))
    change = read_change(plain, today)
    named = parse_people(plain, lowercase_names=False)
    adding = bool(pattern(_KIND, "adding").search(plain))
    leaving = bool(pattern(_KIND, "leaving").search(plain))
    with_email = any(p.email for p in named)
    if change.kind is not None and named and (about_agreements or leaving) and not with_email and not adding:
        return "change"
    if named and (about_agreements or (adding and with_email)):
        return "add"
    return None


def is_belgian_region(region: str | None) -> bool:
    return region in BELGIAN_REGIONS


__all__ = [
    "END_DATE",
    "END_NOW",
    "OUTSIDE_BELGIUM",
    "RATE",
    "REMOVE_END",
    "AgreementChange",
    "AgreementRequest",
    "Person",
    "agreement_topic",
    "fill_in",
    "find_rate",
    "find_region",
    "is_belgian_region",
    "matching_agreements",
    "name_from_email",
    "parse_people",
    "read_change",
    "read_request",
    "regions_for",
    "says_cap",
]
