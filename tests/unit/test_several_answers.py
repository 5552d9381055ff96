"""Several answers in one message, and corrections at any moment: the interpreter
(charging_host/several_answers.py) and the registration form that uses it."""

from __future__ import annotations

import pytest

from actions.registration.form import ValidateRegistrationForm
from actions.registration.start import ActionChangeAnswer
from charging_host.several_answers import find_answers, says_correction
from tests.unit.conftest import tracker_for
from tests.unit.test_registration_actions import complete_company, responses, run, verified_slots

SESSION = {"token": "x", "expires_at": "2999-01-01T00:00:00Z"}


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "We are Brouwerij De Kroon BV, VAT BE 0200.297.773, Kerkstraat 12, 9000 Gent",
            {
                "entity_type": "company",
                "legal_name": "Brouwerij De Kroon BV",
                "vat_number": "BE 0200.297.773",
                "registered_address": "Kerkstraat 12, 9000 Gent",
            },
        ),
        (
            "VAT: BE0417497106\nIBAN: BE71 0961 2345 6769\nemail: boekhouding@maes.be\nphone: 0475 11 22 33",
            {
                "entity_type": "company",
                "vat_number": "BE0417497106",
                "iban": "BE71 0961 2345 6769",
                "invoice_email": "boekhouding@maes.be",
                "phone": "0475 11 22 33",
            },
        ),
        (  # a pasted block without labels, the address over three lines
            "Brouwerij De Kroon BV\nKerkstraat 12\n9000 Gent\nBelgium\nBE 0200.297.773\n"
            "info@dekroon.be\n+32 9 223 45 67\nBE71 0961 2345 6769",
            {
                "entity_type": "company",
                "legal_name": "Brouwerij De Kroon BV",
                "registered_address": "Kerkstraat 12, 9000 Gent, Belgium",
                "vat_number": "BE 0200.297.773",
                "invoice_email": "info@dekroon.be",
                "phone": "+32 9 223 45 67",
                "iban": "BE71 0961 2345 6769",
            },
        ),
        ("actually the VAT number is BE0403170701", {"entity_type": "company", "vat_number": "BE0403170701"}),
        ("wrong phone, it's 0470 12 34 56", {"phone": "0470 12 34 56"}),
        ("the phone is wrong, it's 0476 12 12 12", {"phone": "0476 12 12 12"}),
        ("no wait, use my other IBAN: BE71096123456769", {"iban": "BE71096123456769"}),
        (
            "contact person: Els Peeters; tel +32 470 99 88 77",
            {"contact_name": "Els Peeters", "phone": "+32 470 99 88 77"},
        ),
    ],
)
def test_the_answers_in_a_message_are_cut_out(text, expected):
    assert find_answers(text) == expected


@pytest.mark.parametrize(
    "text", ["Jan Peeters", "me", "yes", "0,35 per kWh", "cpo and split billing", "the IBAN is wrong", "all of them"]
)
def test_a_single_plain_answer_has_no_pieces(text):
    assert find_answers(text) == {}


@pytest.mark.parametrize(
    "text,correcting",
    [("actually it's BE0403170701", True), ("no wait, the other iban", True), ("BE0403170701", False)],
)
def test_a_correction_is_recognised(text, correcting):
    assert says_correction(text) is correcting


async def test_a_host_who_gives_everything_at_once_is_asked_only_what_is_missing(domain):
    text = "We are Brouwerij De Kroon BV, VAT BE 0200.297.773, Kerkstraat 12, 9000 Gent"
    tracker = tracker_for(verified_slots(), text, filled={"entity_type": text}, requested_slot="entity_type")
    slots, messages, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert slots["entity_type"] == "company"
    assert slots["vat_number"] == "BE0200297773"
    assert slots["legal_name"] == "Brouwerij De Kroon BV"
    assert slots["registered_address"] == {
        "street": "Kerkstraat 12",
        "postal_code": "9000",
        "city": "Gent",
        "country": "BE",
    }
    assert slots["requested_slot"] == "invoice_email"
    taken = messages[-1]
    assert taken["response"] == "utter_answers_taken"
    assert taken["fields"] == "VAT number, name, address"


async def test_a_pasted_block_fills_every_answer_that_checks_out(domain):
    text = "BE 0200.297.773\nboekhouding@dekroon.be\n0475 11 22 33\nBE71 0961 2345 6769"
    slots_before = verified_slots(entity_type="company")
    tracker = tracker_for(slots_before, text, filled={"vat_number": text}, requested_slot="vat_number")
    slots, messages, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert slots["vat_number"] == "BE0200297773"
    assert slots["invoice_email"] == "boekhouding@dekroon.be"
    assert slots["phone"] == "+32475112233"
    assert slots["iban"] == "BE71096123456769"
    assert slots["requested_slot"] == "legal_name"  # the first one still missing
    assert "utter_answers_taken" in responses(messages)


async def test_a_wrong_piece_is_refused_as_if_asked_and_the_rest_is_kept(domain):
    text = "BE 0200.297.773, phone 12"
    tracker = tracker_for(
        verified_slots(entity_type="company"), text, filled={"vat_number": text}, requested_slot="vat_number"
    )
    slots, messages, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert slots["vat_number"] == "BE0200297773"
    assert slots.get("phone") is None
    assert "utter_phone_invalid" in responses(messages)  # said as if the phone had been asked


async def test_a_correction_in_the_middle_replaces_the_answer_and_stays_at_the_step(domain):
    slots_before = complete_company(SESSION) | {"phone": None}
    text = "actually the VAT number is BE0403170701"
    tracker = tracker_for(slots_before, text, filled={"phone": text}, requested_slot="phone")
    slots, messages, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert slots["vat_number"] == "BE0403170701"
    assert slots["phone"] is None and slots["requested_slot"] == "phone"  # the step the host was at
    assert "utter_phone_invalid" not in responses(messages)  # the question is asked again, no complaint


async def test_a_correction_with_its_value_on_the_summary_shows_the_summary_again(domain):
    slots_before = complete_company(SESSION) | {"registration_confirmed": None}
    text = "the phone is wrong, it's 0476 12 12 12"
    tracker = tracker_for(
        slots_before, text, filled={"registration_confirmed": text}, requested_slot="registration_confirmed"
    )
    slots, _, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert slots["phone"] == "+32476121212"
    assert slots["requested_slot"] == "registration_confirmed"


async def test_the_change_answer_intent_with_a_value_replaces_it_at_once(domain):
    slots_before = complete_company(SESSION) | {"requested_slot": "registration_confirmed"}
    tracker = tracker_for(slots_before, "no wait, use my other IBAN: BE68 5390 0754 7034", intent="change_answer")
    slots, messages, _ = await run(ActionChangeAnswer(), tracker, domain)
    assert slots["iban"] == "BE68539007547034"
    assert slots["mandate_agreed"] is None  # the mandate names the IBAN: agreed again
    assert responses(messages)[-1] == "utter_answer_changed"


async def test_one_e_mail_at_the_administrator_question_is_the_administrator(domain):
    text = "jan.other@example.be"
    tracker = tracker_for(
        verified_slots(admin_email=None), text, filled={"admin_email": text}, requested_slot="admin_email"
    )
    slots, messages, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert slots["admin_email"] == "jan.other@example.be"
    assert "invoice_email" not in slots and "utter_answers_taken" not in responses(messages)


def test_a_field_named_without_a_value_is_no_answer():
    assert find_answers("wait, change the invoice e-mail please") == {}
    assert find_answers("a company: Verhaeghe Bakkerij BV") == {
        "legal_name": "Verhaeghe Bakkerij BV",
        "entity_type": "company",
    }


async def test_the_unlabelled_rest_of_a_paste_answers_the_question_asked(domain):
    text = "Tine Vermeersch, Kerkdreef 3, 9940 Evergem, tine.vermeersch@example.be, 0478 12 34 56"
    slots_before = verified_slots(entity_type="private_person", vat_number="none")
    tracker = tracker_for(slots_before, text, filled={"legal_name": text}, requested_slot="legal_name")
    slots, _, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert slots["legal_name"] == "Tine Vermeersch"
    assert slots["registered_address"]["city"] == "Evergem"
    assert slots["invoice_email"] == "tine.vermeersch@example.be"
    assert slots["phone"] == "+32478123456"


def test_every_answer_taken_from_a_message_can_be_named(domain):
    from charging_host.several_answers import FIELDS

    for slot in (*FIELDS, "visibility", "opening_hours"):
        assert f"utter_label_field_{slot}" in domain["responses"], slot


async def test_naming_a_wrong_answer_on_the_summary_asks_it_again(domain):
    slots_before = complete_company(SESSION) | {"requested_slot": "registration_confirmed"}
    tracker = tracker_for(slots_before, "the services are wrong", intent="change_answer")
    slots, messages, _ = await run(ActionChangeAnswer(), tracker, domain)
    assert slots["services"] is None and slots["registration_confirmed"] is None
    assert responses(messages) == ["utter_changing_answer"]


async def test_an_answer_to_a_later_question_is_taken_when_it_answers_nothing_asked(domain):
    slots_before = complete_company(SESSION) | {"contact_name": None, "phone": None}
    text = "0470 12 34 56"
    tracker = tracker_for(slots_before, text, filled={"contact_name": text}, requested_slot="contact_name")
    slots, messages, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert slots["phone"] == "+32470123456"  # the phone, given ahead
    assert slots["contact_name"] is None and slots["requested_slot"] == "contact_name"
    assert responses(messages) == ["utter_answers_taken"]  # no "I need a name"
    assert "failed_attempts" not in slots


async def test_a_french_paste_is_read_as_french(domain):
    text = (
        "Électricité Bernard SARL\nTVA : FR 47 382541175\nAvenue Jean Jaurès 25, 69007 Lyon\n"
        "factures@elec-bernard.fr\n04 78 12 34 56\nIBAN FR76 1027 8000 0000 0200 1234 516"
    )
    tracker = tracker_for(
        verified_slots(entity_type="company"), text, filled={"vat_number": text}, requested_slot="vat_number"
    )
    slots, _, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert slots["vat_number"] == "FR47382541175"
    assert slots["registered_address"]["country"] == "FR" and slots["registered_address"]["postal_code"] == "69007"
    assert slots["phone"] == "+33478123456"  # a French number, not a Belgian mobile


async def test_an_answer_the_model_took_for_a_correction_answers_the_question(domain):
    slots_before = complete_company(SESSION) | {"invoice_email": None, "requested_slot": "invoice_email"}
    tracker = tracker_for(slots_before, "facturen@mulderenergie.nl", intent="change_answer")
    slots, messages, _ = await run(ActionChangeAnswer(), tracker, domain)
    assert slots["invoice_email"] == "facturen@mulderenergie.nl"
    assert "utter_ask_what_to_change" not in responses(messages)


async def test_a_wish_to_change_something_unnamed_asks_what(domain):
    slots_before = complete_company(SESSION) | {"phone": None, "requested_slot": "phone"}
    tracker = tracker_for(slots_before, "I want to change something", intent="change_answer")
    _, messages, _ = await run(ActionChangeAnswer(), tracker, domain)
    assert responses(messages) == ["utter_ask_what_to_change"]
