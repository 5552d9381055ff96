"""The split billing flows' actions with rasa-sdk trackers, the real domain and the real back end:
an employer adds agreements (several at once, the Belgian cap), lists and changes them; an
employee confirms one."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import requests

from actions import conversation
from actions.login import VERIFIED
from actions.split_billing.changes import (
    ActionChangeAgreement,
    ActionStartAgreementChanges,
    ValidateAgreementChangeForm,
)
from actions.split_billing.employee import (
    ActionAskEmployeeConfirmed,
    ActionConfirmAgreement,
    ActionStartAgreementConfirmation,
    ValidateAgreementConfirmationForm,
)
from actions.split_billing.employer import ActionAddAgreements, ActionStartAgreements, ValidateAgreementForm
from tests.outbox import messages_to
from tests.unit.conftest import tracker_for
from tests.unit.test_registration_actions import login, responses, run

FLEET = "fleet@vandamme-transport.be"
EMPLOYEE = "jan.janssens@example.be"
START = (date.today() + timedelta(days=10)).isoformat()


def register_split_billing(back_end) -> dict[str, Any]:
    """Vandamme Transport NV, Belgian, registered for split billing only by its fleet manager."""
    session = login(back_end, FLEET)
    now = "2026-11-24T10:00:00Z"
    body = {
        "organisation": {
            "entity_type": "company",
            "legal_name": "Vandamme Transport NV",
            "vat_number": "BE0412345614",
            "registered_address": {"street": "Kaai 1", "postal_code": "8500", "city": "Kortrijk", "country": "BE"},
            "invoice_email": "facturen@vandamme.be",
            "contact_name": "Lotte Vandamme",
            "phone": "+3256112233",
        },
        "terms": {"version": "2024-05", "accepted_at": now},
        "mandate": {
            "iban": "BE71 0961 2345 6769",
            "account_holder": "Vandamme Transport NV",
            "reference": "SMP-20261124-VDT00001",
            "signed_at": now,
            "scheme": "CORE",
        },
        "services": ["split_billing"],
    }
    conversation.dashboard().create_registration(session["token"], body, uuid.uuid4().hex)
    return session


def employer_slots(session: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"account_email": FLEET, "login_code": VERIFIED, "account_session": session, **extra}


def agreements_in_back_end(back_end) -> list[dict[str, Any]]:
    listing = requests.get(
        f"{back_end.url}/v1/organisations", headers={"Authorization": "Bearer unit-admin-token"}, timeout=5
    ).json()
    return [a for o in listing["organisations"] for a in o["split_billing_agreements"]]


async def add_agreements(back_end, domain, request: str, answers: dict[str, str]) -> tuple[dict, list]:
    """The employer's whole turn sequence: start with ``request``, then answer each question asked."""
    session = register_split_billing(back_end)
    slots = employer_slots(session)
    started, messages, _ = await run(
        ActionStartAgreements(), tracker_for(slots, request, intent="add_agreement"), domain
    )
    slots |= started
    said = list(messages)
    # The form's first run (activation) reads the opening message.
    validated, messages, _ = await run(ValidateAgreementForm(), tracker_for(slots, request), domain)
    slots |= validated
    said += messages
    for _ in range(10):
        asked = next((q for q in ValidateAgreementForm().questions(tracker_for(slots)) if slots.get(q) is None), None)
        if asked is None:
            break
        text = answers[asked]
        tracker = tracker_for(slots, text, filled={asked: text}, requested_slot=asked)
        if text == "yes":
            tracker = tracker_for(slots, text, intent="affirm", filled={asked: text}, requested_slot=asked)
        validated, messages, _ = await run(ValidateAgreementForm(), tracker, domain)
        slots |= validated
        said += messages
    return slots, said


async def test_two_agreements_in_one_go_each_employee_invited(back_end, domain):
    request = f"add Jan Janssens {EMPLOYEE} and Els Peeters els.peeters@example.be, both at 0.28 from {START}"
    slots, said = await add_agreements(
        back_end,
        domain,
        request,
        {"agreement_region": "both in flanders", "agreement_end_date": "no end date", "agreement_confirmed": "yes"},
    )
    assert "utter_agreement_noted" in responses(said)
    assert slots["agreement_rate"] == "0.28"
    assert slots["agreement_region"] == {"Jan Janssens": "flanders", "Els Peeters": "flanders"}
    _, messages, _ = await run(ActionAddAgreements(), tracker_for(slots, "yes", intent="affirm"), domain)
    assert responses(messages) == ["utter_agreements_added"]
    stored = agreements_in_back_end(back_end)
    assert sorted((a["first_name"], a["rate_per_kwh"], a["status"], a["end_date"]) for a in stored) == [
        ("Els", "0.28", "pending", None),
        ("Jan", "0.28", "pending", None),
    ]
    assert messages_to(back_end.outbox, EMPLOYEE, "split-billing-invitation")


async def test_a_rate_above_the_cap_is_questioned_and_the_cap_offered(back_end, domain):
    slots, said = await add_agreements(
        back_end,
        domain,
        f"add an agreement for Jan Janssens {EMPLOYEE} at 0.45 from {START}",
        {
            "agreement_region": "Flanders",
            "agreement_rate": "0.25",
            "agreement_end_date": "no",
            "agreement_confirmed": "yes",
        },
    )
    above = next(m for m in said if m.get("response") == "utter_agreement_rate_above_cap")
    assert above["region"] == "Flanders" and above["cap"].startswith("€0.3")
    assert above["buttons"][0]["title"].startswith("Use €0.3")
    assert slots["agreement_rate"] == "0.25"  # the second answer, within the cap


async def test_a_missing_e_mail_is_asked_for_that_person(back_end, domain):
    slots, _ = await add_agreements(
        back_end,
        domain,
        "new agreement for Jan Janssens",
        {
            "agreement_person_details": EMPLOYEE,
            "agreement_region": "9000 Gent",
            "agreement_start_date": START,
            "agreement_rate": "28 cent",
            "agreement_end_date": "no end date",
            "agreement_confirmed": "yes",
        },
    )
    assert slots["agreement_people"][0]["email"] == EMPLOYEE
    assert slots["agreement_rate"] == "0.28"


async def test_an_employer_without_split_billing_is_taken_through_the_registration_first(back_end, domain):
    session = login(back_end, FLEET)
    slots = employer_slots(session)
    started, messages, _ = await run(ActionStartAgreements(), tracker_for(slots, "add agreement for Jan"), domain)
    assert started["agreement_blocked"] == "no_split_billing"
    _, messages, events = await run(ActionAddAgreements(), tracker_for(slots | started), domain)
    assert responses(messages) == ["utter_agreements_register_first"]
    assert {"event": "followup", "name": "registration_form"} in [
        {"event": e["event"], "name": e.get("name")} for e in events if e["event"] == "followup"
    ]
    assert any(e.get("name") == "return_to_flow" and e.get("value") == "action_start_agreements" for e in events)


async def agreement_added(back_end, domain) -> dict[str, Any]:
    await test_two_agreements_in_one_go_each_employee_invited(back_end, domain)
    return employer_slots(login(back_end, FLEET))


async def test_a_rate_change_named_in_one_message_is_confirmed_then_stored(back_end, domain):
    slots = await agreement_added(back_end, domain)
    text = "change Jan's rate to 0,30"
    started, _, _ = await run(
        ActionStartAgreementChanges(), tracker_for(slots, text, intent="change_agreement"), domain
    )
    slots |= started
    validated, _, _ = await run(ValidateAgreementChangeForm(), tracker_for(slots, text), domain)
    slots |= validated
    assert slots["agreement_change"] == {"kind": "rate", "rate": "0.30"}
    tracker = tracker_for(slots, "yes", intent="affirm", filled={"agreement_change_confirmed": "yes"})
    validated, _, _ = await run(ValidateAgreementChangeForm(), tracker, domain)
    _, messages, _ = await run(ActionChangeAgreement(), tracker_for(slots | validated), domain)
    assert responses(messages) == ["utter_agreement_rate_done"]
    jan = next(a for a in agreements_in_back_end(back_end) if a["first_name"] == "Jan")
    assert jan["rate_per_kwh"] == "0.30"


async def test_ending_an_agreement_says_it_cannot_restart(back_end, domain):
    slots = await agreement_added(back_end, domain)
    text = "end Els's agreement"
    started, _, _ = await run(
        ActionStartAgreementChanges(), tracker_for(slots, text, intent="change_agreement"), domain
    )
    slots |= started
    validated, messages, _ = await run(ValidateAgreementChangeForm(), tracker_for(slots, text), domain)
    slots |= validated
    assert slots["agreement_change"] == {"kind": "end_now"}
    tracker = tracker_for(slots, "yes", intent="affirm", filled={"agreement_change_confirmed": "yes"})
    slots |= (await run(ValidateAgreementChangeForm(), tracker, domain))[0]
    _, messages, _ = await run(ActionChangeAgreement(), tracker_for(slots), domain)
    assert responses(messages) == ["utter_agreement_end_now_done"]
    els = next(a for a in agreements_in_back_end(back_end) if a["first_name"] == "Els")
    assert els["status"] == "ended"


async def test_the_list_shows_each_agreement_with_its_status(back_end, domain):
    slots = await agreement_added(back_end, domain)
    started, _, _ = await run(
        ActionStartAgreementChanges(), tracker_for(slots, "show my agreements", intent="list_agreements"), domain
    )
    _, messages, _ = await run(ActionChangeAgreement(), tracker_for(slots | started), domain)
    assert responses(messages) == ["utter_agreement_list"]
    assert "Jan Janssens" in messages[0]["agreement_lines"] and "pending" in messages[0]["agreement_lines"]


async def test_the_employee_confirms_with_iban_station_and_card(back_end, domain):
    await agreement_added(back_end, domain)
    slots: dict[str, Any] = {
        "account_email": EMPLOYEE,
        "login_code": VERIFIED,
        "account_session": login(back_end, EMPLOYEE),
    }
    slots["account_stations"] = [{"serial": "5010000951", "name": "Oprit", "connectors": 1}]
    slots["account_name"] = "Jan Janssens"
    started, _, _ = await run(ActionStartAgreementConfirmation(), tracker_for(slots, "confirm my agreement"), domain)
    slots |= started
    assert slots["employee_agreement"]  # the one waiting: no question
    for question, answer, intent in (
        ("employee_iban", "my iban is NL91 ABNA 0417 1643 00", "inform"),
        ("employee_station", "yes", "affirm"),
        ("employee_card", "the spare card", "inform"),
    ):
        tracker = tracker_for(slots, answer, intent=intent, filled={question: answer}, requested_slot=question)
        validated, messages, _ = await run(ValidateAgreementConfirmationForm(), tracker, domain)
        slots |= validated
    assert (slots["employee_station"], slots["employee_card"]) == ("5010000951", "04BEEF00654321")
    _, summary, _ = await run(ActionAskEmployeeConfirmed(), tracker_for(slots), domain)
    assert summary[0]["iban_masked"] == "NL91 **** **** **** 4300"
    assert summary[0]["employer"] == "Vandamme Transport NV"
    slots["employee_confirmed"] = True
    _, messages, events = await run(ActionConfirmAgreement(), tracker_for(slots), domain)
    assert responses(messages) == ["utter_agreement_confirmed_done"], messages[0].get("reason")
    assert any(e.get("name") == "employee_iban" and e.get("value") is None for e in events)  # not kept
    jan = next(a for a in agreements_in_back_end(back_end) if a["first_name"] == "Jan")
    assert (jan["status"], jan["iban"], jan["card_uid"]) == ("active", "NL91ABNA0417164300", "04BEEF00654321")


async def test_an_employee_without_an_agreement_is_told_who_starts_it(back_end, domain):
    slots = {"account_email": EMPLOYEE, "login_code": VERIFIED, "account_session": login(back_end, EMPLOYEE)}
    started, messages, _ = await run(ActionStartAgreementConfirmation(), tracker_for(slots, "confirm"), domain)
    assert started["employee_blocked"] == "nothing_pending"
    assert responses(messages) == ["utter_no_pending_agreement"]


async def test_a_request_the_model_took_for_an_answer_still_starts_the_flow(domain):
    from actions.unplaced import ActionReadUnplacedMessage

    text = "add split billing for Fatima El Amrani (f.elamrani@acme.be) at 0,27 from 1/3"
    slots, messages, events = await run(ActionReadUnplacedMessage(), tracker_for({}, text), domain)
    assert slots["agreement_request"] == text
    assert {"event": "followup", "name": "action_start_agreements"} in [
        {"event": e["event"], "name": e.get("name")} for e in events
    ]
    _, messages, events = await run(ActionReadUnplacedMessage(), tracker_for({}, "Garage, connector 1"), domain)
    assert responses(messages) == ["utter_default"] and not events


async def test_a_change_taken_for_a_new_agreement_goes_to_the_change_and_back(domain):
    text = "put the reimbursement of Lien Goossens to 0,29"
    _, _, events = await run(ActionStartAgreements(), tracker_for({}, text, intent="add_agreement"), domain)
    assert [e.get("name") for e in events if e["event"] == "followup"] == ["action_start_agreement_changes"]
    text = "add Tom Wuyts tom@wuyts.be at 0,28 from 1/3"
    slots, _, events = await run(
        ActionStartAgreementChanges(), tracker_for({}, text, intent="change_agreement"), domain
    )
    assert [e.get("name") for e in events if e["event"] == "followup"] == ["action_start_agreements"]
    assert slots["agreement_request"] == text


async def test_a_new_rate_above_the_cap_is_questioned_and_the_cap_offered(back_end, domain):
    slots = await agreement_added(back_end, domain)
    text = "change Jan's rate to 0,45"
    started, _, _ = await run(
        ActionStartAgreementChanges(), tracker_for(slots, text, intent="change_agreement"), domain
    )
    validated, messages, _ = await run(ValidateAgreementChangeForm(), tracker_for(slots | started, text), domain)
    assert validated.get("agreement_change") is None
    above = next(m for m in messages if m.get("response") == "utter_agreement_rate_above_cap")
    assert above["names"] == "Jan Janssens" and above["region"] == "Flanders"
    assert above["buttons"][0]["payload"].startswith("0.3")
