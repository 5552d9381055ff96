"""Yes or no, in the ways people say them: "yep", "ok go ahead", "👍", "not now",
"no thanks", "not correct". The words are in ``phrases/yes_no.yml``.

How an answer is read:

* Each phrase of the groups (``yes``, ``no``, ``unsure``, ``negator``, ...) is
  found as whole words; where phrases overlap the longest wins, so "no problem"
  is a yes and "of course not" a no.
* Something unsure ("not sure", "maybe") makes the answer neither.
* A negator flips a yes right after it ("not correct", "don't agree"); alone
  at the end of a clause it is a no ("please don't"); before anything else it
  is a no only when nothing else answers ("I don't have one" is a no, "yes
  but not the garage" a yes).
* When yes and no are both said: after a correction ("yes... actually no")
  the last counts; a yes and a no on either side of "but" are unclear; else
  the first counts when it opens the answer ("no thanks, I'm fine").

The intent Rasa recognised is not looked at here: ``actions.conversation.yes_or_no``
trusts an ``affirm`` or ``deny`` intent before reading the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from charging_host.phrases import pattern
from charging_host.text import MAX_ANSWER_LENGTH, clean_text

_KIND = "yes_no"
# Where two groups hold the same phrase, the first of these wins.
_GROUPS = ("unsure", "no", "yes", "negator", "correction", "contrast", "end_filler")
_CLAUSE_BREAK = re.compile(r"[,.;:!?\n]")
_MAX_WORDS_BETWEEN = 2  # "not quite right", "don't think that's correct"
_NOT_ANSWERS = re.compile(r"\S+@\S+|\bhttps?://\S+|\bwww\.\S+", re.IGNORECASE)  # "ok@example.be" is no "ok"
_REPEATED = re.compile(r"([^\W\d_])\1{2,}")  # "yesss", "nooo"


@dataclass(frozen=True)
class _Found:
    group: str
    start: int
    end: int


def normalise(text: str) -> str:
    """The text as the phrases are matched against: clean, lower case, one kind of
    apostrophe, no e-mail addresses or links, letters said three times said once."""
    text = clean_text((text or "")[: MAX_ANSWER_LENGTH * 2])[:MAX_ANSWER_LENGTH].lower()
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    text = _NOT_ANSWERS.sub(" ", text)
    text = _REPEATED.sub(r"\1", text)
    return re.sub(r"[ \t]+", " ", text)


def _phrases_in(text: str) -> list[_Found]:
    """The phrases of every group, longest first where they overlap, in text order."""
    candidates = [
        (match.end() - match.start(), rank, _Found(group, match.start(), match.end()))
        for rank, group in enumerate(_GROUPS)
        for match in pattern(_KIND, group).finditer(text)
    ]
    chosen: list[_Found] = []
    for _, _, found in sorted(candidates, key=lambda c: (-c[0], c[2].start, c[1])):
        if all(found.end <= other.start or found.start >= other.end for other in chosen):
            chosen.append(found)
    return sorted(chosen, key=lambda f: f.start)


def _breaks_between(text: str, start: int, end: int, found: list[_Found]) -> bool:
    gap = text[start:end]
    return bool(_CLAUSE_BREAK.search(gap)) or any(f.group == "contrast" and start <= f.start < end for f in found)


def _ends_clause(text: str, negator: _Found, found: list[_Found]) -> bool:
    """Only fillers ("please", "thanks") between the negator and the end of its clause."""
    clause_end = len(text)
    brk = _CLAUSE_BREAK.search(text, negator.end)
    if brk:
        clause_end = brk.start()
    rest = list(text[negator.end : clause_end])
    for other in found:
        if other.start >= negator.end and other.end <= clause_end:
            if other.group not in ("end_filler",):
                return False
            rest[other.start - negator.end : other.end - negator.end] = " " * (other.end - other.start)
    return not re.search(r"\w", "".join(rest))


def _answers(text: str, found: list[_Found]) -> tuple[list[tuple[bool, int]], bool]:
    """Each yes (True) or no (False) said, with where it starts, negations applied;
    and whether a negator negated something else ("I don't have one")."""
    answers: list[tuple[bool, int]] = []
    negated_something = False
    flipped: set[int] = set()
    for index, item in enumerate(found):
        if item.group in ("yes", "no") and index not in flipped:
            answers.append((item.group == "yes", item.start))
        elif item.group == "negator":
            following = found[index + 1] if index + 1 < len(found) else None
            if (
                following is not None
                and following.group == "yes"
                and not _breaks_between(text, item.end, following.start, found)
                and len(re.findall(r"\w+", text[item.end : following.start])) <= _MAX_WORDS_BETWEEN
            ):
                answers.append((False, item.start))  # "not correct"
                flipped.add(index + 1)
            elif _ends_clause(text, item, found):
                answers.append((False, item.start))  # "please don't"
            else:
                negated_something = True
    return answers, negated_something


def read_yes_no(text: str) -> bool | None:
    """True for a yes, False for a no, None when the text is neither or unclear."""
    lowered = normalise(text)
    if not lowered.strip():
        return None
    found = _phrases_in(lowered)
    if any(f.group == "unsure" for f in found):
        return None
    answers, negated_something = _answers(lowered, found)
    if not answers:
        # "I don't have one" is a no; "yes but not the garage" stays a yes.
        return False if negated_something else None
    values = {value for value, _ in answers}
    if len(values) == 1:
        return answers[0][0]
    (first, first_at), (last, last_at) = answers[0], answers[-1]
    if any(f.group == "correction" and first_at < f.start < last_at for f in found):
        return last  # "yes... actually no"
    opposite_at = next(at for value, at in answers if value != first)
    if any(f.group == "contrast" and first_at < f.start < opposite_at for f in found):
        return None  # "ok but not now"
    opens = not re.search(r"\w", lowered[:first_at])
    return first if opens else None
