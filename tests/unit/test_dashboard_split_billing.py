"""Split billing over the back end's HTTP API: registration without stations, the
employer's agreements, the employee's confirmation, the Belgian cap."""

import uuid
from datetime import date, timedelta
from pathlib import Path

from tests.outbox import messages_to
from tests.unit.test_dashboard_api import ADMIN, company_registration, login

FLEET = "fleet@vandamme-transport.be"  # a fleet manager's login: no stations
EMPLOYEE = "jan.janssens@example.be"  # one station, two cards


def key() -> dict:
    return {"Idempotency-Key": uuid.uuid4().hex}


def soon(days: int = 5) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


async def register_split_billing(client, settings) -> tuple[dict, str]:
    """The fleet manager registers Vandamme Transport for split billing only."""
    headers = await login(client, settings, FLEET)
    body = company_registration(services=["split_billing"])
    del body["charging_stations"]
    body["organisation"] |= {"legal_name": "Vandamme Transport NV", "vat_number": "BE0412345614"}
    response = await client.post("/v1/registrations", json=body, headers=headers | key())
    assert response.status == 201, await response.text()
    return headers, (await response.json())["organisation"]["id"]


def agreement(**overrides) -> dict:
    body = {
        "employee_email": EMPLOYEE,
        "first_name": "Jan",
        "last_name": "Janssens",
        "rate_per_kwh": "0.28",
        "region": "flanders",
        "start_date": soon(),
    }
    return body | overrides


async def add(client, headers, organisation_id, body):
    return await client.post(
        f"/v1/organisations/{organisation_id}/split-billing-agreements", json=body, headers=headers | key()
    )


async def test_split_billing_is_registered_from_a_login_without_stations(client, settings):
    _, organisation_id = await register_split_billing(client, settings)
    shown = await (await client.get(f"/v1/organisations/{organisation_id}", headers=ADMIN)).json()
    assert shown["services"] == ["split_billing"]
    assert shown["charging_stations"] == []
    assert shown["split_billing_agreements"] == []


async def test_stations_go_with_the_cpo_service_only(client, settings):
    headers = await login(client, settings)
    with_stations = company_registration(services=["split_billing"], charging_stations=["5010000101"])
    response = await client.post("/v1/registrations", json=with_stations, headers=headers | key())
    assert (await response.json())["error"]["code"] == "stations_not_expected"
    cpo_without = company_registration(services=["cpo"], charging_stations=[])
    response = await client.post("/v1/registrations", json=cpo_without, headers=headers | key())
    assert (await response.json())["error"]["code"] == "missing_field"


async def test_an_employer_adds_agreements_and_each_employee_is_invited(client, settings):
    headers, organisation_id = await register_split_billing(client, settings)
    first = await add(client, headers, organisation_id, agreement())
    assert first.status == 201, await first.text()
    created = await first.json()
    assert created["status"] == "pending"
    assert created["rate_per_kwh"] == "0.28"
    assert created["iban"] is None
    second = await add(
        client,
        headers,
        organisation_id,
        agreement(employee_email="els.peeters@example.be", first_name="Els", last_name="Peeters", end_date=soon(90)),
    )
    assert second.status == 201, await second.text()
    listing = await (
        await client.get(f"/v1/organisations/{organisation_id}/split-billing-agreements", headers=headers)
    ).json()
    assert [(a["first_name"], a["status"]) for a in listing["agreements"]] == [("Jan", "pending"), ("Els", "pending")]
    for email in (EMPLOYEE, "els.peeters@example.be"):
        (invitation,) = messages_to(Path(settings.outbox), email, "split-billing-invitation")
        assert invitation["Subject"] == "Confirm your payment details"
        assert "Vandamme Transport NV" in invitation.get_payload()
    # One open agreement per employee and employer.
    again = await add(client, headers, organisation_id, agreement(rate_per_kwh="0.25"))
    assert (await again.json())["error"]["code"] == "agreement_exists"


async def test_a_rate_above_the_belgian_cap_is_refused_with_the_cap_and_its_quarter(client, settings):
    headers, organisation_id = await register_split_billing(client, settings)
    response = await add(client, headers, organisation_id, agreement(rate_per_kwh="0.45"))
    problem = (await response.json())["error"]
    assert response.status == 422
    assert problem["code"] == "rate_above_cap"
    assert problem["region"] == "flanders"
    assert problem["quarter"].startswith("20") and "-Q" in problem["quarter"]
    assert problem["source"].startswith("https://")
    # Where the employee lives decides: outside Belgium no cap applies.
    abroad = await add(client, headers, organisation_id, agreement(rate_per_kwh="0.45", region="outside_belgium"))
    assert abroad.status == 201, await abroad.text()


async def test_a_belgian_employer_says_where_the_employee_lives(client, settings):
    headers, organisation_id = await register_split_billing(client, settings)
    body = agreement()
    del body["region"]
    response = await add(client, headers, organisation_id, body)
    assert (await response.json())["error"]["field"] == "region"


async def test_dates_and_rates_that_cannot_be(client, settings):
    headers, organisation_id = await register_split_billing(client, settings)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    for body, code in (
        (agreement(start_date=yesterday), "start_date_invalid"),
        (agreement(end_date=soon(1)), "end_date_invalid"),  # before the start
        (agreement(rate_per_kwh="0"), "rate_invalid"),
        (agreement(rate_per_kwh="28"), "rate_invalid"),
        (agreement(employee_email="not an address"), "email_invalid"),
    ):
        response = await add(client, headers, organisation_id, body)
        assert (await response.json())["error"]["code"] == code, body


async def test_the_employee_confirms_with_an_iban_and_the_agreement_is_active(client, settings):
    headers, organisation_id = await register_split_billing(client, settings)
    agreement_id = (await (await add(client, headers, organisation_id, agreement())).json())["id"]
    employee = await login(client, settings, EMPLOYEE)
    mine = await (await client.get("/v1/me/split-billing-agreements", headers=employee)).json()
    assert [(a["employer"], a["status"]) for a in mine["agreements"]] == [("Vandamme Transport NV", "pending")]
    me = await (await client.get("/v1/me", headers=employee)).json()
    assert [c["uid"] for c in me["charging_cards"]] == ["04BEEF00654321", "04C0FFEE123456"]
    confirm = f"/v1/me/split-billing-agreements/{agreement_id}/confirm"
    body = {"iban": "NL91 ABNA 0417 1643 00", "account_holder": "Jan Janssens"}
    # The station and the card must be named (the login has both) and be the login's own.
    missing = await client.post(confirm, json=body, headers=employee | key())
    assert (await missing.json())["error"]["field"] == "charging_station"
    not_theirs = body | {"charging_station": "5010000101", "card_uid": "04C0FFEE123456"}
    assert (await client.post(confirm, json=not_theirs, headers=employee | key())).status == 404
    outside_sepa = body | {"iban": "TR330006100519786457841326", "charging_station": "5010000951"}
    response = await client.post(confirm, json=outside_sepa | {"card_uid": "04C0FFEE123456"}, headers=employee | key())
    assert (await response.json())["error"]["code"] == "iban_not_sepa"
    done = body | {"charging_station": "5010000951", "card_uid": "04C0FFEE123456"}
    response = await client.post(confirm, json=done, headers=employee | key())
    assert response.status == 200, await response.text()
    confirmed = await response.json()
    assert confirmed["status"] == "active"
    assert confirmed["iban"] == "NL91 **** **** **** 4300"
    again = await client.post(confirm, json=done, headers=employee | key())
    assert (await again.json())["error"]["code"] == "agreement_confirmed"
    # Support sees it in full.
    shown = await (await client.get(f"/v1/organisations/{organisation_id}", headers=ADMIN)).json()
    (stored,) = shown["split_billing_agreements"]
    assert stored["iban"] == "NL91ABNA0417164300"
    assert (stored["charging_station"], stored["card_uid"], stored["status"]) == (
        "5010000951",
        "04C0FFEE123456",
        "active",
    )


async def test_an_agreement_ended_before_confirmation_cannot_restart(client, settings):
    headers, organisation_id = await register_split_billing(client, settings)
    agreement_id = (await (await add(client, headers, organisation_id, agreement())).json())["id"]
    path = f"/v1/organisations/{organisation_id}/split-billing-agreements/{agreement_id}"
    ended = await client.post(path + "/end", headers=headers)
    assert (await ended.json())["status"] == "ended"
    assert (await (await client.post(path + "/end", headers=headers)).json())["error"]["code"] == "agreement_ended"
    change = await client.patch(path, json={"rate_per_kwh": "0.25"}, headers=headers)
    assert (await change.json())["error"]["code"] == "agreement_ended"
    employee = await login(client, settings, EMPLOYEE)
    body = {"iban": "BE71 0961 2345 6769", "account_holder": "Jan Janssens", "charging_station": "5010000951"}
    confirm = await client.post(
        f"/v1/me/split-billing-agreements/{agreement_id}/confirm",
        json=body | {"card_uid": "04C0FFEE123456"},
        headers=employee | key(),
    )
    assert (await confirm.json())["error"]["code"] == "agreement_ended"
    # A new one can be made for the same employee.
    assert (await add(client, headers, organisation_id, agreement())).status == 201


async def test_a_rate_change_is_stored_and_the_cap_still_holds(client, settings):
    headers, organisation_id = await register_split_billing(client, settings)
    agreement_id = (await (await add(client, headers, organisation_id, agreement())).json())["id"]
    path = f"/v1/organisations/{organisation_id}/split-billing-agreements/{agreement_id}"
    changed = await client.patch(path, json={"rate_per_kwh": "0.3", "end_date": soon(60)}, headers=headers)
    assert changed.status == 200, await changed.text()
    assert ((await changed.json())["rate_per_kwh"], (await changed.json())["end_date"]) == ("0.30", soon(60))
    too_high = await client.patch(path, json={"rate_per_kwh": "0.50"}, headers=headers)
    assert (await too_high.json())["error"]["code"] == "rate_above_cap"
    open_ended = await client.patch(path, json={"end_date": None}, headers=headers)
    assert (await open_ended.json())["end_date"] is None


async def test_only_the_organisations_members_manage_its_agreements(client, settings):
    _, organisation_id = await register_split_billing(client, settings)
    stranger = await login(client, settings, "sanne@example.nl")
    response = await add(client, stranger, organisation_id, agreement())
    assert response.status == 404
    listing = await client.get(f"/v1/organisations/{organisation_id}/split-billing-agreements", headers=stranger)
    assert listing.status == 404
    anonymous = await client.get(f"/v1/organisations/{organisation_id}/split-billing-agreements")
    assert anonymous.status == 401


async def test_an_organisation_without_split_billing_has_no_agreements(client, settings):
    headers = await login(client, settings)
    body = company_registration(services=["cpo"])
    registered = await (await client.post("/v1/registrations", json=body, headers=headers | key())).json()
    response = await add(client, headers, registered["organisation"]["id"], agreement())
    assert (await response.json())["error"]["code"] == "split_billing_not_registered"
