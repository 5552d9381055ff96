"""What a host types is made safe before anything reads it: long answers refused
unread, control characters refused, invisible and look-alike characters
normalised, every script's digits read as digits (issue 10's findings)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from actions.login import VERIFIED
from actions.registration.form import ValidateRegistrationForm
from charging_host.contact import check_name, find_email, parse_address
from charging_host.text import clean_text, has_control_characters
from tests.outbox import latest_login_code
from tests.unit.conftest import tracker_for
from tests.unit.test_registration_actions import ACCOUNT, responses, run, verified_slots


def finishes(function: Callable[[], Any], seconds: float = 10) -> bool:
    """Whether ``function`` returns within ``seconds`` (a guard against a hang, not a speed test)."""
    done = threading.Event()

    def call() -> None:
        function()
        done.set()

    threading.Thread(target=call, daemon=True).start()
    return done.wait(seconds)


@pytest.mark.parametrize(
    "typed,clean",
    [
        ("Peeters\u200b BV", "Peeters BV"),  # zero-width space
        ("\u202eVB sreteeP", "VB sreteeP"),  # right-to-left override
        ("ｆａｃｔｕｒｅｎ＠ｐｅｅｔｅｒｓ．ｂｅ", "facturen@peeters.be"),  # full-width
        ("٧٠٨٤٣٤", "708434"),  # Arabic-Indic digits
        ("１２３ ４５６", "123 456"),
        ("Kerkstraat 5\n9000 Gent", "Kerkstraat 5\n9000 Gent"),
    ],
)
def test_answers_are_normalised_before_they_are_read(typed, clean):
    assert clean_text(typed) == clean


def test_control_characters_are_found_but_line_breaks_are_fine():
    assert has_control_characters("Peeters\x00 BV") and has_control_characters("BV\x1b[31m")
    assert not has_control_characters("Kerkstraat 5\n9000 Gent\tBE")


def test_a_megabyte_without_spaces_is_no_e_mail_and_takes_no_time():
    # The e-mail finder used to slow down with the square of the length (304 s for 1 MB).
    results: list[Any] = []
    assert finishes(lambda: results.append(find_email("a" * 1_000_000)))
    assert results[0].error == "invalid"
    assert finishes(lambda: find_email("<a" * 300_000))


@pytest.mark.parametrize(
    "check,typed",
    [(check_name, "Peeters\x00 BV"), (check_name, "Peeters BV\x1b[2J"), (parse_address, "Kerkstr\x00aat 5, 9000 Gent")],
)
def test_the_rules_refuse_control_characters(check, typed):
    assert check(typed).error == "invalid"


def test_a_full_width_address_becomes_a_plain_one_and_look_alike_letters_are_refused():
    assert find_email("ｆａｃｔｕｒｅｎ＠ｐｅｅｔｅｒｓ．ｂｅ").value == "facturen@peeters.be"
    assert find_email("facturen@\u0440\u0435eters.be").error == "invalid"  # Cyrillic er and ie


async def answer(domain, slot, text, **slots):
    tracker = tracker_for(verified_slots(**slots), text, filled={slot: text}, requested_slot=slot)
    return await run(ValidateRegistrationForm(), tracker, domain)


async def test_a_300_000_character_answer_is_refused_unread(domain, monkeypatch):
    def never(*_: Any, **__: Any) -> Any:
        raise AssertionError("a parser read the long answer")

    monkeypatch.setattr("actions.registration.form.find_email", never)
    monkeypatch.setattr("actions.registration.form.parse_address", never)
    for slot in ("invoice_email", "registered_address"):
        slots, messages, _ = await answer(domain, slot, "x" * 300_000, entity_type="company", legal_name="A BV")
        assert slots[slot] is None and responses(messages) == ["utter_answer_too_long"]


@pytest.mark.parametrize("slot", ["legal_name", "account_holder", "contact_name", "invoice_email"])
async def test_control_characters_in_any_answer_are_refused(domain, slot):
    slots, messages, _ = await answer(domain, slot, "Peeters\x00 Laadpunten\x1b[31m BV", entity_type="company")
    assert slots[slot] is None and responses(messages) == ["utter_answer_unreadable"]


async def test_invisible_characters_are_removed_from_what_is_stored(domain):
    slots, _, _ = await answer(domain, "account_holder", "\u202ePeeters\u200b Laadpunten BV", entity_type="company")
    assert slots["account_holder"] == "Peeters Laadpunten BV"
    slots, _, _ = await answer(domain, "invoice_email", "ｆａｃｔｕｒｅｎ＠ｐｅｅｔｅｒｓ．ｂｅ", entity_type="company")
    assert slots["invoice_email"] == "facturen@peeters.be"


async def test_a_code_in_arabic_indic_digits_is_the_code(back_end, domain):
    from actions import conversation

    conversation.dashboard().request_login_code(ACCOUNT)
    code = latest_login_code(back_end.outbox, ACCOUNT)
    typed = "".join("٠١٢٣٤٥٦٧٨٩"[int(d)] for d in code)
    tracker = tracker_for({"account_email": ACCOUNT}, typed, filled={"login_code": typed}, requested_slot="login_code")
    slots, _, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert slots["login_code"] == VERIFIED


@pytest.mark.parametrize(
    "typed", ["'; DROP TABLE organisations; --", "<script>yes</script>", "<b>yes</b>", "' OR '1'='1"]
)
async def test_code_at_the_summary_neither_submits_nor_changes_anything(domain, typed):
    from tests.unit.test_registration_actions import complete_company

    slots = complete_company({"token": "t", "expires_at": "2999-01-01T00:00:00Z"}) | {"registration_confirmed": None}
    tracker = tracker_for(
        slots, typed, filled={"registration_confirmed": typed}, requested_slot="registration_confirmed"
    )
    changed, messages, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert responses(messages) == ["utter_answer_looks_like_code"]
    # Nothing but the question itself is touched: no answer cleared, nothing confirmed.
    assert {slot for slot, value in changed.items() if value is None} <= {"registration_confirmed"}
    assert changed.get("registration_confirmed") is None and changed["requested_slot"] == "registration_confirmed"


async def test_a_yes_inside_a_script_accepts_no_terms(domain):
    slots, messages, _ = await answer(domain, "terms_accepted", "<script>yes</script>", entity_type="company")
    assert slots["terms_accepted"] is None and responses(messages) == ["utter_answer_looks_like_code"]


async def test_an_answer_left_unchecked_while_the_action_server_was_down_is_checked_next_time(domain):
    # Rasa put the text in the slot; the form's check never ran. Now the host asks a question instead.
    slots = verified_slots(entity_type="company", vat_number="my vat is BE 0123.456.748")
    tracker = tracker_for(slots, "what is a cpo?", intent="faq", requested_slot="vat_number")
    changed, messages, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert changed["vat_number"] is None and changed["requested_slot"] == "vat_number"
    assert responses(messages) == ["utter_vat_wrong_check_digits"]
