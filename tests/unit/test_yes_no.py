"""Yes and no as people type them (charging_host/yes_no.py, words in phrases/yes_no.yml)."""

from __future__ import annotations

import pytest
import yaml

from charging_host.phrases import PHRASES_DIR
from charging_host.yes_no import read_yes_no


@pytest.mark.parametrize(
    "typed",
    [
        "yes",
        "Yes.",
        "YES!",
        "yep",
        "yeah",
        "yesss",
        "sure",
        "ok",
        "ok go ahead",
        "yes please",
        "let's do that",
        "let’s do that",  # a typographic apostrophe
        "go for it",
        "👍",
        "👍🏻",
        "✅",
        "sounds good",
        "correct",
        "that's right",
        "I agree",
        "I do",
        "of course",
        "why not",
        "ja",
        "oui",
        "+1",
    ],
)
def test_yes(typed):
    assert read_yes_no(typed) is True


@pytest.mark.parametrize(
    "typed",
    [
        "no",
        "No.",
        "nooo",
        "nope",
        "nah",
        "not yet",
        "no thanks",
        "👎",
        "not now",
        "don't",
        "please don't",
        "I do not agree",
        "I don't agree",
        "of course not",
        "nee",
        "non",
    ],
)
def test_no(typed):
    assert read_yes_no(typed) is False


@pytest.mark.parametrize(
    "typed,meant",
    [
        ("not correct", False),
        ("that's not right", False),
        ("I don't think that is correct", False),
        ("not ok", False),
        ("no problem, go ahead", True),
        ("no worries", True),
        ("I don't mind", True),
        ("yes but not the garage", True),
        ("no thanks, I'm fine", False),
        ("I don't have a VAT number", False),
        ("yes... actually no", False),
        ("no wait, yes", True),
    ],
)
def test_negation(typed, meant):
    assert read_yes_no(typed) is meant


@pytest.mark.parametrize(
    "typed",
    [
        "not sure",
        "I'm not sure",
        "maybe",
        "I don't know",
        "yes and no",
        "maybe yes",  # unsure wins over a yes or a no
        "I'm not sure, ok",
        "ok but not now",  # a yes taken back after "but"
        "how much does it cost",
        "hmm",
        "",
        "   ",
        "ok@peeters.be",  # an e-mail address holds no "ok"
    ],
)
def test_neither(typed):
    assert read_yes_no(typed) is None


def test_a_long_text_is_read_without_trouble():
    assert read_yes_no("yes " + "x" * 1_000_000) is True
    assert read_yes_no("x" * 1_000_000) is None


@pytest.mark.parametrize("kind", ["yes_no", "stations", "services", "numbers"])
def test_every_phrase_is_text(kind):
    """YAML reads a bare yes, no, on or off as true or false: in a phrase file they are quoted."""
    with (PHRASES_DIR / f"{kind}.yml").open(encoding="utf-8") as file:
        data = yaml.safe_load(file)
    for language, groups in data.items():
        assert isinstance(language, str)
        for group, words in groups.items():
            assert isinstance(group, str), (kind, language, group)
            assert all(isinstance(word, str) for word in words), (kind, language, group, words)
