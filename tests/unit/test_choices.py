"""The short choices in words (charging_host/choices.py, phrases/choices.yml)."""

from __future__ import annotations

import pytest

from charging_host.choices import is_only, mentions, percentage, starts_with


@pytest.mark.parametrize(
    "choice,text,expected",
    [
        ("me", "me myself", True),
        ("me", "that'll be me, i will", True),
        ("me", "Maes Elektro", False),  # "me" as a word, not inside a name
        ("hidden", "hidden pls", True),
        ("hidden", "I don't want it on the map, keep it private", True),
        ("visible", "visible for everyone", True),
        ("visible", "zichtbaar voor iedereen", True),
        ("always_open", "it's always open, no gate", True),
        ("new", "a new one please", True),
        ("new", "nouvelle organisation", True),
        ("new_code", "I didn't get any code", True),
        ("no_vat_number", "we don't have one", True),
        ("no_vat_number", "BE0417497106", False),
        ("change", "the phone number is wrong", True),
        ("staff", "free for the staff", True),
        ("free", "these cards charge for free", True),
    ],
)
def test_a_choice_is_found_in_words(choice, text, expected):
    assert mentions(choice, text) is expected


@pytest.mark.parametrize(
    "choice,text,expected",
    [
        ("me", "Me!", True),
        ("me", "me and Jan", False),
        ("skip", "-", True),
        ("skip", "skip it", True),
        ("skip", "Visitors", False),
    ],
)
def test_an_answer_that_is_only_the_choice(choice, text, expected):
    assert is_only(choice, text) is expected


def test_keep_opens_the_answer():
    assert starts_with("keep", "keep them as they are")
    assert not starts_with("keep", "I don't want to keep them")


@pytest.mark.parametrize(
    "text,expected", [("10%", "10"), ("12,5 procent", "12,5"), ("15 percent off", "15"), ("10 euro", None)]
)
def test_a_percentage_is_the_number_before_its_sign_or_word(text, expected):
    assert percentage(text) == expected
