"""Every hostile input (tests/hostile_inputs.py, 250 and more) at every question of
every flow, and in every text field of every endpoint that takes one: no crash,
no 500, a clear answer, nothing stored that carries the attack. The counts go to
var/test-reports/hostile-input.txt, which the test command prints."""

from __future__ import annotations

import json
import time
import unicodedata
from pathlib import Path
from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.login import VERIFIED
from actions.pricing.form import ValidatePricingForm
from actions.public_charging import ValidatePublicChargingForm
from actions.registration.form import ValidateRegistrationForm
from charging_host.text import has_control_characters, looks_like_code
from tests import hostile_inputs
from tests.unit.conftest import tracker_for
from tests.unit.test_dashboard_api import CLIENT, company_registration, login
from tests.unit.test_registration_actions import complete_company

REPORT = Path(__file__).resolve().parents[2] / "var" / "test-reports" / "hostile-input.txt"
SESSION = {"token": "not-used", "expires_at": "2999-01-01T00:00:00Z"}
# An organisation as GET /v1/me shows one.
ORGANISATION = {
    "id": "org_x",
    "legal_name": "Peeters Laadpunten BV",
    "entity_type": "company",
    "vat_number": "BE0123456749",
    "registered_address": {"street": "Kerkstraat 5", "postal_code": "9000", "city": "Gent", "country": "BE"},
    "invoice_email": "facturen@peeters.be",
    "contact_name": "An Peeters",
    "phone": "+32470123456",
    "terms_accepted_at": None,
    "mandate": None,
    "services": ["split_billing"],
}
STATION = {"serial": "5010000101", "name": "Garage", "organisation_id": "org_x", "connectors": 2, "public": []}


def garbage_in(value: Any) -> bool:
    """Whether a stored value carries what an attack is made of."""
    if isinstance(value, dict):
        return any(garbage_in(v) for v in value.values())
    if isinstance(value, list):
        return any(garbage_in(v) for v in value)
    if not isinstance(value, str):
        return False
    invisible = any(unicodedata.category(ch) in ("Cf", "Co", "Cs") for ch in value)
    return has_control_characters(value) or invisible or looks_like_code(value) or len(value) > 500


def registration_state(question: str) -> dict[str, Any]:
    state = complete_company(SESSION) | {"registration_confirmed": None, question: None}
    if question == "admin_name":
        state["admin_email"] = "boss@peeters.be"
    if question == "organisation_choice":
        state["account_organisations"] = [ORGANISATION]
    return state


PUBLIC = {
    "account_email": "a@b.be",
    "login_code": VERIFIED,
    "account_session": SESSION,
    "public_charging_mode": "enable",
    "public_stations": [STATION],
    "charge_points": [{"serial": "5010000101", "position": 1}],
    "visibility": "public",
    "opening_hours": {"twentyfourseven": True},
}
PRICING = {
    "account_email": "a@b.be",
    "login_code": VERIFIED,
    "account_session": SESSION,
    "public_stations": [STATION],
    "pricing_organisation": "org_x",
    "existing_policies": [{"id": "pol_1", "name": "Visitors", "prices": {}, "groups": [], "charging_stations": []}],
    "price_structure": {"energy_per_kwh": "0.35", "start_fee": None, "hourly": []},
    "community_discount": "0",
    "token_group": "none",
    "pricing_stations": ["5010000101"],
    "policy_name": "Visitors",
    "policy_choice": "pol_1",
}
QUESTIONS: list[tuple[Any, str, dict[str, Any]]] = (
    [
        (ValidateRegistrationForm, q, registration_state(q))
        for q in (
            "admin_email", "admin_name", "organisation_choice", "entity_type", "vat_number", "legal_name",
            "registered_address", "invoice_email", "contact_name", "phone", "terms_accepted", "iban",
            "account_holder", "mandate_agreed", "services", "charging_stations", "registration_confirmed",
        )
    ]
    + [(ValidateRegistrationForm, q, {q: None}) for q in ("account_email", "login_code")]
    + [
        (ValidatePublicChargingForm, q, PUBLIC | {q: None})
        for q in ("charge_points", "visibility", "opening_hours", "public_charging_confirmed")
    ]
    + [(ValidatePublicChargingForm, "station_address", PUBLIC | {"station_address": None})]
    + [
        (ValidatePricingForm, q, PRICING | {q: None})
        for q in (
            "policy_choice", "price_structure", "community_discount", "token_group", "pricing_stations",
            "policy_name", "pricing_confirmed",
        )
    ]
)  # fmt: skip


async def test_every_input_at_every_question(back_end, domain):
    tried, crashes, silent, garbage = 0, [], [], []
    started = time.monotonic()
    for form, question, state in QUESTIONS:
        if question == "login_code":
            state = state | {"account_email": "an.peeters@example.be"}
        for text in hostile_inputs.ALL:
            tried += 1
            tracker = tracker_for(state, text, filled={question: text}, requested_slot=question)
            dispatcher = CollectingDispatcher()
            try:
                events = await form().run(dispatcher, tracker, domain)
            except Exception as failure:
                crashes.append((question, text[:40], repr(failure)))
                continue
            changed = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
            if changed.get(question) is None and not dispatcher.messages:
                silent.append((question, text[:40]))
            stored = {k: v for k, v in changed.items() if k not in ("requested_slot",) and garbage_in(v)}
            if stored:
                garbage.append((question, text[:40], sorted(stored)))
    seconds = time.monotonic() - started
    questions = len(QUESTIONS)
    write_report(
        f"at the questions: {len(hostile_inputs.ALL)} inputs x {questions} questions of 3 flows = {tried} tried "
        f"in {seconds:.0f} s: {len(crashes)} crashes, {len(silent)} without an answer, "
        f"{len(garbage)} with garbage stored"
    )
    assert crashes == [] and silent == [] and garbage == []


def endpoint_bodies(session: dict[str, str]) -> list[tuple[str, str, dict[str, str], dict[str, Any], list[str]]]:
    """(method, path, headers, a valid body, the paths of its text fields)."""
    registration = company_registration()
    registration_fields = [
        f"organisation.{k}" for k in ("legal_name", "vat_number", "invoice_email", "contact_name", "phone")
    ]
    registration_fields += [
        f"organisation.registered_address.{k}" for k in ("street", "postal_code", "city", "country")
    ]
    registration_fields += ["mandate.iban", "mandate.account_holder", "mandate.reference", "admin.email", "admin.name"]
    registration["admin"] = {"email": "an.peeters@example.be", "name": "An Peeters"}
    address = {"street": "Kerkstraat 5", "postal_code": "9000", "city": "Gent", "country": "BE"}
    return [
        ("POST", "/v1/login-codes", CLIENT, {"email": "an.peeters@example.be"}, ["email"]),
        ("POST", "/v1/login-codes/verify", CLIENT, {"email": "an.peeters@example.be", "code": "1"}, ["email", "code"]),
        ("POST", "/v1/registrations", session, registration, registration_fields),
        ("PUT", "/v1/charging-stations/5010000101/address", session, address, list(address)),
        ("POST", "/v1/admin-invitations/accept", session, {"token": "x"}, ["token"]),
    ]  # fmt: skip


def with_field(body: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    copy = json.loads(json.dumps(body))
    *parents, last = path.split(".")
    node = copy
    for key in parents:
        node = node[key]
    node[last] = value
    return copy


async def test_every_input_in_every_text_field_of_the_back_end(client, settings):
    session = await login(client, settings)
    tried, errors, unexplained = 0, [], []
    inputs = [text for text in hostile_inputs.ALL if len(text) <= 100_000]  # the 1 MB one stays at the questions
    for method, path, headers, body, fields in endpoint_bodies(session):
        for field in fields:
            for number, text in enumerate(inputs):
                tried += 1
                response = await client.request(
                    method,
                    path,
                    json=with_field(body, field, text),
                    headers=headers | {"Idempotency-Key": f"{field}-{number}"},
                )
                if response.status >= 500:
                    errors.append((path, field, text[:40], response.status))
                elif response.status >= 400 and not (await response.json()).get("error", {}).get("message"):
                    unexplained.append((path, field, text[:40]))
    organisations = await (
        await client.get("/v1/organisations", headers={"Authorization": "Bearer admin-token"})
    ).json()
    stored = [
        (o["id"], [k for k, v in o.items() if garbage_in(v)]) for o in organisations["organisations"] if garbage_in(o)
    ]
    write_report(
        f"at the back end: {len(inputs)} inputs x {sum(len(e[4]) for e in endpoint_bodies(session))} text fields "
        f"= {tried} requests: {len(errors)} answered 500, {len(unexplained)} refusals without a reason, "
        f"{len(stored)} organisations stored with garbage"
    )
    assert errors == [] and unexplained == [] and stored == []


def write_report(line: str) -> None:
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    with REPORT.open("a", encoding="utf-8") as report:
        report.write(line + "\n")


def test_no_input_in_any_field_of_a_new_organisation_or_mandate_is_stored_as_it_came():
    """The back end's own checks, field by field (the endpoint test stores one organisation at most)."""
    from dashboard.http import Refusal
    from dashboard.organisations import check_mandate, check_new_organisation

    body = company_registration()
    organisation, mandate = body["organisation"], body["mandate"]
    fields = [("organisation", k) for k in ("legal_name", "vat_number", "invoice_email", "contact_name", "phone")]
    fields += [("address", k) for k in ("street", "postal_code", "city", "country")]
    fields += [("mandate", k) for k in ("iban", "account_holder", "reference")]
    tried, stored = 0, []
    for part, key in fields:
        for text in hostile_inputs.ALL:
            tried += 1
            try:
                if part == "mandate":
                    columns = check_mandate(mandate | {key: text}, lambda _: False)
                elif part == "address":
                    address = organisation["registered_address"] | {key: text}
                    columns = check_new_organisation(organisation | {"registered_address": address})
                else:
                    columns = check_new_organisation(organisation | {key: text})
            except Refusal:
                continue
            if garbage_in(columns):
                stored.append((key, text[:40]))
    write_report(f"the back end's checks: {tried} field values tried, {len(stored)} kept with garbage")
    assert stored == []
