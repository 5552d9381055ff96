"""The registration's custom actions, with rasa-sdk trackers, the real domain and the real back end."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from rasa_sdk.executor import CollectingDispatcher

from actions import conversation, sessions
from actions import settings as action_settings
from actions.login import VERIFIED
from actions.registration.answers import NO_VAT_NUMBER
from actions.registration.form import ValidateRegistrationForm
from actions.registration.questions import ActionAskRegistrationConfirmed
from actions.registration.start import ActionChangeAnswer, ActionStartRegistration
from actions.registration.submission import ActionSubmitRegistration, registration_request
from tests.outbox import latest_login_code, messages_to
from tests.unit.conftest import tracker_for

ACCOUNT = "an.peeters@example.be"
STATIONS = [
    {"serial": "5010000101", "name": "Garage", "connectors": 2},
    {"serial": "5010000102", "name": "Parking front", "connectors": 1},
]


async def run(action, tracker, domain) -> tuple[dict[str, Any], list[dict], list[dict]]:
    """Slots set (last value wins), responses sent, and all events."""
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, domain)
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    return slots, dispatcher.messages, events


def responses(messages: list[dict[str, Any]]) -> list[str | None]:
    return [m.get("response") for m in messages]


def verified_slots(**extra) -> dict[str, Any]:
    return {
        "account_email": ACCOUNT,
        "login_code": VERIFIED,
        "account_name": "An Peeters",
        "account_stations": STATIONS,
        "account_organisations": [],
        "admin_email": ACCOUNT,
        **extra,
    }


def complete_company(session: dict) -> dict[str, Any]:
    return verified_slots(
        account_session=session,
        admin_email=ACCOUNT,
        entity_type="company",
        vat_number="BE0123456749",
        legal_name="Peeters Laadpunten BV",
        registered_address={"street": "Kerkstraat 5", "postal_code": "9000", "city": "Gent", "country": "BE"},
        invoice_email="facturen@peeters.be",
        contact_name="An Peeters",
        phone="+32470123456",
        terms_accepted="2026-11-24T10:00:00Z",
        iban="BE71096123456769",
        bic="GKCCBEBB",
        bank_name="BELFIUS BANK",
        account_holder="Peeters Laadpunten BV",
        mandate_reference="SMP-20261124-UNIT0001",
        mandate_agreed="2026-11-24T10:01:00Z",
        services=["cpo"],
        charging_stations=["5010000101"],
        registration_confirmed=True,
    )


def login(back_end, email=ACCOUNT) -> dict:
    client = conversation.dashboard()
    client.request_login_code(email)
    verified = client.verify_login_code(email, latest_login_code(back_end.outbox, email))
    return {"token": verified["access_token"], "expires_at": verified["expires_at"]}


# --- the login ---------------------------------------------------------------


async def test_an_e_mail_gets_a_code_and_the_code_question_is_next(back_end, domain):
    tracker = tracker_for(
        {},
        "it's An.Peeters@example.be",
        filled={"account_email": "it's An.Peeters@example.be"},
        requested_slot="account_email",
    )
    slots, messages, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert slots["account_email"] == ACCOUNT
    assert slots["requested_slot"] == "login_code"
    assert "utter_code_sent" in responses(messages)
    assert latest_login_code(back_end.outbox, ACCOUNT)


async def test_validating_the_same_e_mail_twice_sends_one_code(back_end, domain):
    tracker = tracker_for(
        {"login_code_sent_to": ACCOUNT}, ACCOUNT, filled={"account_email": ACCOUNT}, requested_slot="account_email"
    )
    slots, _, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert slots["account_email"] == ACCOUNT
    assert messages_to(back_end.outbox, ACCOUNT) == []


async def test_an_unknown_login_is_asked_again(back_end, domain):
    tracker = tracker_for(
        {}, "nobody@example.be", filled={"account_email": "nobody@example.be"}, requested_slot="account_email"
    )
    slots, messages, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert slots["account_email"] is None and slots["requested_slot"] == "account_email"
    assert responses(messages) == ["utter_account_not_found"]


async def test_a_wrong_code_says_how_many_tries_are_left(back_end, domain):
    conversation.dashboard().request_login_code(ACCOUNT)
    code = latest_login_code(back_end.outbox, ACCOUNT)
    wrong = "000000" if code != "000000" else "111111"
    tracker = tracker_for({"account_email": ACCOUNT}, wrong, filled={"login_code": wrong}, requested_slot="login_code")
    slots, messages, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert slots["login_code"] is None
    assert messages[0]["response"] == "utter_code_wrong" and messages[0]["attempts_left"] == 4


async def test_the_right_code_loads_the_account(back_end, domain):
    conversation.dashboard().request_login_code(ACCOUNT)
    code = latest_login_code(back_end.outbox, ACCOUNT)
    text = f"{code[:3]} {code[3:]}"
    tracker = tracker_for({"account_email": ACCOUNT}, text, filled={"login_code": text}, requested_slot="login_code")
    slots, messages, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert slots["login_code"] == VERIFIED
    # The session's token stays in the action server; the slot (and so the tracker store) has none.
    assert set(slots["account_session"]) == {"expires_at"}
    assert sessions.token_for("unit-test")
    assert [s["serial"] for s in slots["account_stations"]] == ["5010000101", "5010000102"]
    assert slots["requested_slot"] == "admin_email"
    assert "utter_login_verified" in responses(messages)


async def test_a_login_without_stations_goes_on_for_services_without_a_station_step(back_end, domain):
    email = "no.stations@example.be"
    conversation.dashboard().request_login_code(email)
    code = latest_login_code(back_end.outbox, email)
    tracker = tracker_for({"account_email": email}, code, filled={"login_code": code}, requested_slot="login_code")
    slots, messages, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert slots.get("registration_blocked") is None
    assert slots["requested_slot"] == "admin_email"
    assert "utter_login_verified" in responses(messages)


async def test_asking_for_a_new_code_sends_one(back_end, domain):
    tracker = tracker_for(
        {"account_email": ACCOUNT},
        "I never got the code",
        intent="request_new_code",
        filled={"login_code": "I never got the code"},
        requested_slot="login_code",
    )
    slots, messages, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert slots["login_code"] is None
    assert responses(messages) == ["utter_code_resent"]
    assert latest_login_code(back_end.outbox, ACCOUNT)


async def test_a_back_end_that_is_down_loses_nothing(monkeypatch, domain):
    from scripts.stack import free_port

    monkeypatch.setenv("DASHBOARD_URL", f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("DASHBOARD_RETRIES", "0")
    action_settings.get_settings.cache_clear()
    conversation.dashboard.cache_clear()
    tracker = tracker_for(
        {"legal_name": "Kept BV"}, ACCOUNT, filled={"account_email": ACCOUNT}, requested_slot="account_email"
    )
    slots, messages, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert responses(messages) == ["utter_backend_unavailable"]
    assert "legal_name" not in slots  # untouched
    action_settings.get_settings.cache_clear()
    conversation.dashboard.cache_clear()


# --- which questions are asked ----------------------------------------------------


async def required(slots, domain):
    form = ValidateRegistrationForm()
    return await form.required_slots([], CollectingDispatcher(), tracker_for(slots), domain)


async def test_a_private_person_is_not_asked_a_vat_number(domain):
    asked = await required(verified_slots(entity_type="private_person"), domain)
    assert "vat_number" not in asked and "legal_name" in asked
    assert "vat_number" in await required(verified_slots(entity_type="company"), domain)


async def test_an_existing_organisation_is_not_asked_again(domain):
    organisation = {
        "id": "org_1",
        "legal_name": "Claes Logistics BV",
        "terms_accepted_at": "2026-01-01T00:00:00Z",
        "mandate": {"iban": "BE71 **** **** 6769"},
    }
    slots = verified_slots(account_organisations=[organisation], organisation_choice="org_1", services=["cpo"])
    asked = await required(slots, domain)
    assert asked == [
        "account_email",
        "login_code",
        "admin_email",
        "organisation_choice",
        "services",
        "charging_stations",
        "registration_confirmed",
    ]


async def test_nothing_is_asked_before_the_login_is_proven(domain):
    assert await required({"account_email": ACCOUNT}, domain) == ["account_email", "login_code"]


async def test_another_administrator_is_asked_for_a_name(domain):
    asked = await required(verified_slots(admin_email="boss@peeters.be"), domain)
    assert "admin_name" in asked


# --- checking answers -------------------------------------------------------------------


async def test_three_wrong_vat_numbers_offer_a_person(domain):
    failures: dict[str, int] = {}
    replies = []
    for _ in range(3):
        tracker = tracker_for(
            verified_slots(entity_type="company", failed_attempts=failures),
            "BE 0123.456.748",
            filled={"vat_number": "BE 0123.456.748"},
            requested_slot="vat_number",
        )
        slots, messages, _ = await run(ValidateRegistrationForm(), tracker, domain)
        failures = slots["failed_attempts"]
        replies.append(responses(messages))
        assert slots["vat_number"] is None and slots["requested_slot"] == "vat_number"
    assert replies == [["utter_vat_wrong_check_digits"], ["utter_example_vat_number"], ["utter_offer_human"]]
    assert failures == {"vat_number": 3}


async def test_no_vat_number_means_split_billing_only(domain):
    tracker = tracker_for(
        verified_slots(entity_type="company", services=["cpo", "split_billing"]),
        "we don't have one",
        filled={"vat_number": "we don't have one"},
        requested_slot="vat_number",
    )
    slots, messages, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert slots["vat_number"] == NO_VAT_NUMBER
    assert slots["services"] is None  # asked again, the rule explained
    assert responses(messages) == ["utter_no_vat_number_rule"]


async def test_an_iban_outside_sepa_is_refused_with_its_country(domain):
    text = "TR33 0006 1005 1978 6457 8413 26"
    tracker = tracker_for(verified_slots(), text, filled={"iban": text}, requested_slot="iban")
    slots, messages, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert slots["iban"] is None
    assert messages[0]["response"] == "utter_iban_not_sepa" and messages[0]["country"] == "TR"


async def test_a_good_iban_is_masked_and_gets_a_mandate_reference(domain):
    text = "be71 0961 2345 6769"
    tracker = tracker_for(verified_slots(), text, filled={"iban": text}, requested_slot="iban")
    slots, messages, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert slots["iban"] == "BE71096123456769" and slots["bic"] == "GKCCBEBB"
    assert slots["mandate_reference"].startswith("SMP-")
    assert messages[0]["iban_masked"] == "BE71 **** **** 6769"
    assert "0961" not in str(messages)


async def test_services_need_a_vat_number_and_the_reason_is_given(domain):
    slots_before = verified_slots(entity_type="private_person", vat_number=None)
    tracker = tracker_for(
        slots_before, "public charging please", filled={"services": "public charging please"}, requested_slot="services"
    )
    slots, messages, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert slots["services"] is None
    assert messages[0]["response"] == "utter_services_need_vat"
    assert "CPO" in messages[0]["services"]


async def test_declining_the_terms_ends_the_registration_plainly(domain):
    tracker = tracker_for(
        verified_slots(), "no", intent="deny", filled={"terms_accepted": "no"}, requested_slot="terms_accepted"
    )
    slots, messages, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert slots["registration_blocked"] == "terms_accepted_declined" and slots["requested_slot"] is None
    assert responses(messages) == ["utter_terms_declined"]


@pytest.mark.parametrize(
    "text,reset",
    [
        ("the IBAN is wrong", {"iban", "bic", "bank_name", "mandate_agreed"}),
        ("change the invoice e-mail", {"invoice_email"}),
        ("wrong vat number", {"vat_number", "vat_check"}),
    ],
)
async def test_naming_an_answer_on_the_summary_asks_it_again(domain, text, reset):
    slots_before = complete_company({"token": "x", "expires_at": "2999-01-01T00:00:00Z"}) | {
        "registration_confirmed": None
    }
    tracker = tracker_for(
        slots_before, text, filled={"registration_confirmed": text}, requested_slot="registration_confirmed"
    )
    slots, messages, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert {name for name, value in slots.items() if value is None} >= reset | {"registration_confirmed"}
    first_reset = next(s for s in ("vat_number", "invoice_email", "iban") if s in reset)
    assert slots["requested_slot"] == first_reset
    assert responses(messages) == ["utter_changing_answer"]


async def test_change_answer_action_resets_the_named_answer(domain):
    slots_before = complete_company({"token": "x", "expires_at": "2999-01-01T00:00:00Z"})
    tracker = tracker_for(slots_before, "oops, the phone number is wrong", intent="change_answer")
    slots, _, _ = await run(ActionChangeAnswer(), tracker, domain)
    assert slots == {"phone": None, "registration_confirmed": None}


# --- summary and submission ------------------------------------------------------------------


async def test_the_summary_never_shows_the_full_iban(domain):
    tracker = tracker_for(complete_company({"token": "x", "expires_at": "2999-01-01T00:00:00Z"}))
    _, messages, _ = await run(ActionAskRegistrationConfirmed(), tracker, domain)
    summary = messages[0]
    assert summary["response"] == "utter_registration_summary"
    assert summary["iban_masked"] == "BE71 **** **** 6769"
    assert "BE71096123456769" not in str(messages)
    assert summary["stations_label"] == "Garage (5010000101)"


async def test_submitting_twice_registers_once(back_end, domain):
    session = login(back_end)
    tracker = tracker_for(complete_company(session), "yes", intent="affirm", sender_id="same-person")
    first_slots, messages, _ = await run(ActionSubmitRegistration(), tracker, domain)
    assert responses(messages)[0] == "utter_registration_done"
    reference = first_slots["registration_reference"]
    assert first_slots["iban"] is None  # answers are forgotten once registered
    # The same conversation sends the same registration again (a retry after a lost answer).
    again_slots, _, _ = await run(ActionSubmitRegistration(), tracker, domain)
    assert again_slots["registration_reference"] == reference
    listing = requests.get(
        f"{back_end.url}/v1/organisations", headers={"Authorization": "Bearer unit-admin-token"}, timeout=5
    ).json()
    assert [o["legal_name"] for o in listing["organisations"]].count("Peeters Laadpunten BV") == 1


async def test_naming_someone_else_administrator_says_they_are_invited(back_end, domain):
    slots = complete_company(login(back_end)) | {"admin_email": "boss@peeters.be", "admin_name": "Bart Peeters"}
    _, messages, _ = await run(ActionSubmitRegistration(), tracker_for(slots, "yes", intent="affirm"), domain)
    assert responses(messages)[:3] == ["utter_registration_done", "utter_cpo_linked", "utter_admin_invited"]
    assert messages[2]["admin_email"] == "boss@peeters.be"


async def test_a_vat_number_registered_before_is_explained_and_asked_again(back_end, domain):
    first = complete_company(login(back_end))
    await run(ActionSubmitRegistration(), tracker_for(first, "yes", intent="affirm", sender_id="first"), domain)
    other = login(back_end, "pieter.claes@example.be")
    second = complete_company(other) | {
        "account_email": "pieter.claes@example.be",
        "admin_email": "pieter.claes@example.be",
        "charging_stations": ["5010000201"],
        "mandate_reference": "SMP-20261124-UNIT0002",
    }
    slots, messages, _ = await run(ActionSubmitRegistration(), tracker_for(second, "yes", sender_id="second"), domain)
    assert responses(messages) == ["utter_refused_vat_number_taken"]
    assert slots["vat_number"] is None and slots["registration_confirmed"] is None


async def test_a_refused_answer_is_asked_again(back_end, domain):
    session = login(back_end)
    slots_before = complete_company(session) | {"charging_stations": ["5010000201"]}  # not this login's
    slots, messages, events = await run(ActionSubmitRegistration(), tracker_for(slots_before), domain)
    assert slots["charging_stations"] is None and slots["registration_confirmed"] is None
    assert responses(messages) == ["utter_refused_station_not_found"]
    assert events[-1] == {"event": "followup", "name": "registration_form", "timestamp": None}


async def test_an_expired_session_asks_for_a_new_code(back_end, domain):
    slots_before = complete_company({"token": "expired", "expires_at": "2000-01-01T00:00:00Z"})
    slots, messages, _ = await run(ActionSubmitRegistration(), tracker_for(slots_before), domain)
    assert slots["login_code"] is None and slots["registration_confirmed"] is None
    assert responses(messages) == ["utter_session_expired"]
    assert latest_login_code(back_end.outbox, ACCOUNT)


async def test_a_declined_registration_submits_nothing(domain):
    slots, messages, _ = await run(
        ActionSubmitRegistration(), tracker_for(verified_slots(registration_blocked="terms_declined")), domain
    )
    assert slots == {} and messages == []


def test_the_request_for_an_existing_organisation_only_names_it():
    organisation = {"id": "org_1", "legal_name": "Claes Logistics BV", "terms_accepted_at": None, "mandate": None}
    slots = complete_company({"token": "x", "expires_at": "2999-01-01T00:00:00Z"}) | {
        "account_organisations": [organisation],
        "organisation_choice": "org_1",
    }
    body = registration_request(tracker_for(slots))
    assert body["organisation"] == {"id": "org_1"}
    assert body["mandate"]["iban"] == "BE71096123456769"


async def test_coming_back_says_welcome_back_and_proves_the_login_again(back_end, domain):
    slots_before = verified_slots(account_session={"token": "old", "expires_at": "2000-01-01T00:00:00Z"})
    slots, messages, _ = await run(ActionStartRegistration(), tracker_for(slots_before, "continue"), domain)
    assert responses(messages) == ["utter_registration_resumed", "utter_session_expired"]
    assert slots["login_code"] is None
    first, _, _ = await run(ActionStartRegistration(), tracker_for({}, "register"), domain)
    assert first == {"registration_blocked": None, "suggested_step": None}


async def test_a_belgian_number_without_prefix_is_taken_as_belgian(domain):
    tracker = tracker_for(
        verified_slots(entity_type="company"),
        "0123.456.749",
        filled={"vat_number": "0123.456.749"},
        requested_slot="vat_number",
    )
    slots, messages, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert slots["vat_number"] == "BE0123456749"
    assert messages[0]["vat_number"] == "BE0123456749"  # the user sees the prefix that was assumed
    tracker = tracker_for(
        verified_slots(entity_type="company"),
        "136695976",
        filled={"vat_number": "136695976"},
        requested_slot="vat_number",
    )
    slots, messages, _ = await run(ValidateRegistrationForm(), tracker, domain)
    assert slots["vat_number"] is None and messages[0]["response"] == "utter_vat_no_country"


async def test_a_live_vies_number_fills_in_name_and_address(domain, monkeypatch):
    from tests.unit.stand_in import ScriptedServer

    vies = ScriptedServer(
        [(200, {"isValid": True, "name": "BV PEETERS LAADPUNTEN", "address": "Kerkstraat 5\n9000 Gent"}, 0)]
    )
    monkeypatch.setenv("VIES_ENABLED", "true")
    monkeypatch.setenv("VIES_URL", vies.url)
    action_settings.get_settings.cache_clear()
    try:
        tracker = tracker_for(
            verified_slots(entity_type="company"),
            "BE0123456749",
            filled={"vat_number": "BE0123456749"},
            requested_slot="vat_number",
        )
        slots, messages, _ = await run(ValidateRegistrationForm(), tracker, domain)
    finally:
        vies.close()
        action_settings.get_settings.cache_clear()
    assert slots["legal_name"] == "BV PEETERS LAADPUNTEN"
    assert slots["registered_address"] == {
        "street": "Kerkstraat 5",
        "postal_code": "9000",
        "city": "Gent",
        "country": "BE",
    }
    assert slots["vat_check"]["status"] == "valid" and slots["vat_check"]["checked_at"]
    assert slots["requested_slot"] == "invoice_email"  # name and address are not asked
    assert responses(messages) == ["utter_vies_prefilled"]


async def test_vies_down_never_blocks(domain, monkeypatch):
    from scripts.stack import free_port

    monkeypatch.setenv("VIES_ENABLED", "true")
    monkeypatch.setenv("VIES_URL", f"http://127.0.0.1:{free_port()}")
    action_settings.get_settings.cache_clear()
    try:
        tracker = tracker_for(
            verified_slots(entity_type="company"),
            "BE0123456749",
            filled={"vat_number": "BE0123456749"},
            requested_slot="vat_number",
        )
        slots, messages, _ = await run(ValidateRegistrationForm(), tracker, domain)
    finally:
        action_settings.get_settings.cache_clear()
    assert slots["vat_number"] == "BE0123456749" and slots["vat_check"]["status"] == "unavailable"
    assert responses(messages) == ["utter_vat_accepted_unavailable"]


# --- questions whose content depends on the conversation --------------------------------


async def test_stations_are_offered_by_name_and_serial_with_all(domain):
    from actions.registration.questions import ActionAskChargingStations

    _, messages, _ = await run(ActionAskChargingStations(), tracker_for(verified_slots()), domain)
    assert [b["title"] for b in messages[0]["buttons"]] == [
        "Garage (5010000101)",
        "Parking front (5010000102)",
        "All of them",
    ]
    assert messages[0]["station_list"] == "Garage (5010000101), Parking front (5010000102)"


async def test_organisations_are_offered_with_a_new_one(domain):
    from actions.registration.questions import ActionAskOrganisationChoice

    slots = verified_slots(account_organisations=[{"id": "org_1", "legal_name": "Claes Logistics BV"}])
    _, messages, _ = await run(ActionAskOrganisationChoice(), tracker_for(slots), domain)
    assert [b["title"] for b in messages[0]["buttons"]] == ["Claes Logistics BV", "A new organisation"]


async def test_without_vat_number_only_split_billing_is_offered(domain):
    from actions.registration.questions import ActionAskServices

    _, messages, _ = await run(ActionAskServices(), tracker_for(verified_slots(vat_number=NO_VAT_NUMBER)), domain)
    assert responses(messages) == ["utter_ask_services_split_billing_only"]
    _, messages, _ = await run(ActionAskServices(), tracker_for(verified_slots(vat_number="BE0123456749")), domain)
    assert responses(messages) == ["utter_ask_services"]


async def test_the_mandate_shows_creditor_reference_scheme_and_a_masked_iban(domain, monkeypatch):
    from actions.registration.mandate import ActionAskMandateAgreed

    monkeypatch.setenv("MANDATE_SCHEME", "B2B")
    monkeypatch.setenv("CREDITOR_ID", "BE12ZZZ0123456789")
    action_settings.get_settings.cache_clear()
    try:
        slots = complete_company({"token": "x", "expires_at": "2999-01-01T00:00:00Z"})
        _, messages, _ = await run(ActionAskMandateAgreed(), tracker_for(slots), domain)
    finally:
        action_settings.get_settings.cache_clear()
    text = messages[0]
    assert text["creditor_name"] == "Smappee Services BV" and text["creditor_id"] == "BE12ZZZ0123456789"
    assert text["mandate_reference"] == "SMP-20261124-UNIT0001"
    assert text["iban_masked"] == "BE71 **** **** 6769"
    assert responses(messages) == ["utter_mandate_text", "utter_mandate_scheme_b2b", "utter_ask_mandate_agreed"]


async def test_the_terms_question_links_the_current_version(domain):
    from actions.registration.mandate import ActionAskTermsAccepted

    _, messages, _ = await run(ActionAskTermsAccepted(), tracker_for(verified_slots()), domain)
    assert messages[0]["terms_version"] == "2024-05" and messages[0]["terms_url"].startswith("https://")


async def test_starting_over_clears_every_answer(domain):
    from actions.registration.answers import REGISTRATION
    from actions.registration.start import ActionResetRegistration

    slots, messages, _ = await run(ActionResetRegistration(), tracker_for(complete_company({})), domain)
    assert set(slots) == set(REGISTRATION.slots) and not any(slots.values())
    assert {"iban", "vat_number", "account_session", "failed_attempts"} <= set(slots)
    assert responses(messages) == ["utter_registration_cleared"]


async def test_a_second_registration_reads_the_account_again(back_end, domain):
    session = login(back_end)
    slots = {"account_email": ACCOUNT, "login_code": VERIFIED, "account_session": session}
    set_slots, messages, _ = await run(ActionStartRegistration(), tracker_for(slots, "register"), domain)
    assert responses(messages) == ["utter_registration_intro"]
    assert [s["serial"] for s in set_slots["account_stations"]] == ["5010000101", "5010000102"]


# --- registration by service -------------------------------------------------------


def test_the_station_question_comes_only_with_the_cpo_service():
    form = ValidateRegistrationForm()
    with_cpo = tracker_for(verified_slots(services=["cpo", "split_billing"]), "")
    without = tracker_for(verified_slots(services=["split_billing", "public_charging_cards"]), "")
    assert "charging_stations" in form.questions(with_cpo)
    assert "charging_stations" not in form.questions(without)


async def test_cpo_from_a_login_without_stations_is_explained_and_asked_again(domain):
    slots = verified_slots(account_stations=[], vat_number="BE0123456749", entity_type="company")
    tracker = tracker_for(slots, "CPO and split billing", filled={"services": "CPO and split billing"})
    tracker.slots["requested_slot"] = "services"
    dispatcher = CollectingDispatcher()
    result = ValidateRegistrationForm().validate_services("CPO and split billing", dispatcher, tracker, domain)
    assert result["services"] is None
    assert responses(dispatcher.messages) == ["utter_cpo_needs_stations"]
    taken = ValidateRegistrationForm().validate_services("split billing", CollectingDispatcher(), tracker, domain)
    assert taken["services"] == ["split_billing"]


async def test_split_billing_alone_is_registered_without_stations_and_points_to_agreements(back_end, domain):
    session = login(back_end, "no.stations@example.be")
    slots = complete_company(session) | {
        "account_email": "no.stations@example.be",
        "admin_email": "no.stations@example.be",
        "account_stations": [],
        "services": ["split_billing", "public_charging_cards"],
        "charging_stations": None,
        "vat_number": "BE0412345614",
    }
    tracker = tracker_for(slots, "yes", intent="affirm")
    assert "charging_stations" not in registration_request(tracker)
    _, messages, events = await run(ActionSubmitRegistration(), tracker, domain)
    assert responses(messages) == [
        "utter_registration_done",
        "utter_next_steps_split_billing",
        "utter_next_steps_public_charging_cards",
    ]
    assert not any(e.get("name") == "suggested_step" and e.get("value") for e in events)
