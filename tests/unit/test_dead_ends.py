"""Never the same dead end twice: a question that gets an answer it can't use is
asked another way the second time (an example, buttons for a closed set), a
person is offered the third time, and no reply repeats the one before."""

from __future__ import annotations

import itertools

import pytest

from actions.registration.form import ValidateRegistrationForm
from tests.unit.conftest import tracker_for
from tests.unit.test_registration_actions import complete_company, responses, run, verified_slots

FORMS = ("registration_form", "public_charging_form", "pricing_form")


def test_every_question_has_another_way_to_ask_it(domain):
    questions = {slot for form in FORMS for slot in domain["forms"][form]["required_slots"]}
    missing = sorted(q for q in questions if f"utter_example_{q}" not in domain["responses"])
    assert missing == []


def test_the_other_way_of_asking_gives_an_example_or_buttons(domain):
    for name, variations in domain["responses"].items():
        if name.startswith("utter_example_"):
            text = variations[0]["text"]
            assert variations[0].get("buttons") or "example" in text or '"' in text, name


@pytest.mark.parametrize(
    "slot,slots,answer",
    [
        ("phone", complete_company({"token": "x", "expires_at": "2999-01-01T00:00:00Z"}) | {"phone": None}, "12"),
        ("entity_type", verified_slots(), "hmm dunno"),
        ("vat_number", verified_slots(entity_type="company"), "BE 0123.456.748"),
    ],
)
async def test_six_unusable_answers_in_a_row_never_get_the_same_reply_twice(domain, slot, slots, answer):
    replies = []
    failures: dict[str, int] = {}
    for _ in range(6):
        tracker = tracker_for(slots | {"failed_attempts": failures}, answer, filled={slot: answer}, requested_slot=slot)
        set_slots, messages, _ = await run(ValidateRegistrationForm(), tracker, domain)
        assert set_slots[slot] is None and set_slots["requested_slot"] == slot  # asked again
        failures = set_slots["failed_attempts"]
        replies.append(responses(messages))
    assert replies[1] == [f"utter_example_{slot}"]  # the second time: said another way
    assert replies[2] == ["utter_offer_human"]  # the third: a person
    assert all(a != b for a, b in itertools.pairwise(replies))
    assert failures == {slot: 6}
