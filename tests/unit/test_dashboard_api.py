"""The back end's endpoints, over HTTP on an in-process aiohttp server."""

import re
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from dashboard.app import create_app
from dashboard.settings import Settings
from tests.outbox import latest_login_code, messages_to

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "accounts.json"
CLIENT = {"Authorization": "Bearer client-token"}
ADMIN = {"Authorization": "Bearer admin-token"}


def ask_code(client, email: str, key: str = ""):
    return client.post(
        "/v1/login-codes", json={"email": email}, headers=CLIENT | {"Idempotency-Key": key or uuid.uuid4().hex}
    )


async def login(client, settings, email="an.peeters@example.be") -> dict:
    response = await ask_code(client, email)
    assert response.status == 202
    code = latest_login_code(Path(settings.outbox), email)
    response = await client.post("/v1/login-codes/verify", json={"email": email, "code": code}, headers=CLIENT)
    assert response.status == 200
    token = (await response.json())["access_token"]
    return {"Authorization": f"Bearer {token}"}


def company_registration(**overrides) -> dict:
    now = datetime(2026, 11, 24, 10, 0, tzinfo=timezone.utc).isoformat()
    body = {
        "organisation": {
            "entity_type": "company",
            "legal_name": "Peeters Laadpunten BV",
            "vat_number": "be 0123.456.749",
            "registered_address": {"street": "Kerkstraat 5", "postal_code": "9000", "city": "Gent", "country": "BE"},
            "invoice_email": "facturen@peeters.be",
            "contact_name": "An Peeters",
            "phone": "+32470123456",
        },
        "terms": {"version": "2024-05", "accepted_at": now},
        "mandate": {
            "iban": "BE71 0961 2345 6769",
            "account_holder": "Peeters Laadpunten BV",
            "reference": "SMP-20261124-AB12CD34",
            "signed_at": now,
            "scheme": "CORE",
        },
        "services": ["cpo", "split_billing"],
        "charging_stations": ["5010000101"],
    }
    body.update(overrides)
    return body


async def test_every_endpoint_that_changes_data_needs_a_token(client):
    assert (
        await client.post("/v1/login-codes", json={"email": "an.peeters@example.be"}, headers={"Idempotency-Key": "k"})
    ).status == 401
    assert (await client.post("/v1/login-codes/verify", json={})).status == 401
    wrong = {"Authorization": "Bearer admin-token"}
    assert (
        await client.post("/v1/login-codes", json={"email": "x@y.be"}, headers=wrong | {"Idempotency-Key": "k"})
    ).status == 401
    assert (await client.post("/v1/registrations", json={}, headers={"Idempotency-Key": "k"})).status == 401
    assert (await client.get("/v1/organisations")).status == 401
    assert (await client.get("/v1/organisations", headers=CLIENT)).status == 401
    assert (await client.get("/v1/me", headers=CLIENT)).status == 401


async def test_unknown_account_is_reported(client):
    response = await ask_code(client, "nobody@example.be")
    assert response.status == 404
    assert (await response.json())["error"]["code"] == "account_not_found"


async def test_wrong_codes_count_down_then_a_new_code_is_needed(client, settings):
    email = "an.peeters@example.be"
    await ask_code(client, email)
    code = latest_login_code(Path(settings.outbox), email)
    wrong = "000000" if code != "000000" else "111111"
    first = await client.post("/v1/login-codes/verify", json={"email": email, "code": wrong}, headers=CLIENT)
    assert first.status == 422 and (await first.json())["error"]["attempts_left"] == 2
    await client.post("/v1/login-codes/verify", json={"email": email, "code": wrong}, headers=CLIENT)
    third = await client.post("/v1/login-codes/verify", json={"email": email, "code": wrong}, headers=CLIENT)
    assert third.status == 429
    # Even the right code no longer works.
    late = await client.post("/v1/login-codes/verify", json={"email": email, "code": code}, headers=CLIENT)
    assert late.status == 404 and (await late.json())["error"]["code"] == "no_pending_code"


async def test_expired_code_is_refused(tmp_path):
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/d.db",
        api_token="client-token",
        fixtures=str(FIXTURES),
        outbox=str(tmp_path / "outbox"),
        login_code_ttl_seconds=-1,
    )
    async with TestClient(TestServer(create_app(settings))) as client:
        email = "an.peeters@example.be"
        await ask_code(client, email)
        code = latest_login_code(tmp_path / "outbox", email)
        response = await client.post("/v1/login-codes/verify", json={"email": email, "code": code}, headers=CLIENT)
        assert response.status == 410


async def test_a_new_code_replaces_the_old_one_and_codes_are_rate_limited(client, settings):
    email = "an.peeters@example.be"
    await ask_code(client, email)
    old = latest_login_code(Path(settings.outbox), email)
    await ask_code(client, email)
    new = latest_login_code(Path(settings.outbox), email)
    if old != new:
        response = await client.post("/v1/login-codes/verify", json={"email": email, "code": old}, headers=CLIENT)
        assert response.status == 422
    for _ in range(2):
        await ask_code(client, email)
    limited = await ask_code(client, email)
    assert limited.status == 429


async def test_me_lists_stations_and_organisations(client, settings):
    headers = await login(client, settings, "els@claes-logistics.be")
    me = await (await client.get("/v1/me", headers=headers)).json()
    assert [s["serial"] for s in me["charging_stations"]] == ["5010000401"]
    assert me["organisations"][0]["legal_name"] == "Claes Logistics BV"


async def test_registration_is_stored_once_with_normalised_values(client, settings):
    headers = await login(client, settings) | {"Idempotency-Key": "reg-1"}
    body = company_registration()
    first = await client.post("/v1/registrations", json=body, headers=headers)
    assert first.status == 201, await first.text()
    created = await first.json()
    assert created["organisation"]["mandate"]["iban"] == "BE71 **** **** 6769"
    again = await client.post("/v1/registrations", json=body, headers=headers)
    assert again.status == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert (await again.json()) == created

    listing = await (await client.get("/v1/organisations", headers=ADMIN)).json()
    new = [o for o in listing["organisations"] if o["legal_name"] == "Peeters Laadpunten BV"]
    assert len(new) == 1
    organisation = new[0]
    assert organisation["vat_number"] == "BE0123456749"
    assert organisation["mandate"]["iban"] == "BE71096123456769"
    assert organisation["mandate"]["bic"] == "GKCCBEBB"
    assert organisation["services"] == ["cpo", "split_billing"]
    assert organisation["charging_stations"] == ["5010000101"]
    assert organisation["admin_email"] == "an.peeters@example.be"
    assert organisation["terms_version"] == "2024-05"
    single = await client.get(f"/v1/organisations/{organisation['id']}", headers=ADMIN)
    assert (await single.json()) == organisation


async def test_same_key_with_another_body_is_refused(client, settings):
    headers = await login(client, settings) | {"Idempotency-Key": "reg-2"}
    assert (await client.post("/v1/registrations", json=company_registration(), headers=headers)).status == 201
    other = company_registration(services=["split_billing"])
    response = await client.post("/v1/registrations", json=other, headers=headers)
    assert response.status == 409


async def test_registration_without_idempotency_key_is_refused(client, settings):
    headers = await login(client, settings)
    response = await client.post("/v1/registrations", json=company_registration(), headers=headers)
    assert response.status == 400


@pytest.mark.parametrize(
    "change,code",
    [
        ({"services": ["cpo"], "organisation_vat": None}, "service_not_allowed"),
        ({"organisation_vat": "BE0123456748"}, "vat_number_invalid"),
        ({"mandate_iban": "TR330006100519786457841326"}, "iban_not_sepa"),
        ({"terms": {"version": "2001-01", "accepted_at": "2026-11-24T10:00:00Z"}}, "terms_not_accepted"),
        ({"charging_stations": ["5010000201"]}, "station_not_found"),
    ],
)
async def test_the_back_end_checks_the_rules_again(client, settings, change, code):
    body = company_registration()
    if "organisation_vat" in change:
        body["organisation"]["vat_number"] = change.pop("organisation_vat")
    if "mandate_iban" in change:
        body["mandate"]["iban"] = change.pop("mandate_iban")
    body.update(change)
    headers = await login(client, settings) | {"Idempotency-Key": f"bad-{code}"}
    response = await client.post("/v1/registrations", json=body, headers=headers)
    assert (await response.json())["error"]["code"] == code
    listing = await (await client.get("/v1/organisations", headers=ADMIN)).json()
    assert all(o["legal_name"] != "Peeters Laadpunten BV" for o in listing["organisations"])


async def test_private_person_gets_split_billing_only(client, settings):
    headers = await login(client, settings, "pieter.claes@example.be") | {"Idempotency-Key": "private"}
    body = company_registration(services=["split_billing"], charging_stations=[])
    body["organisation"] |= {"entity_type": "private_person", "vat_number": None, "legal_name": "Pieter Claes"}
    response = await client.post("/v1/registrations", json=body, headers=headers)
    assert response.status == 201, await response.text()
    assert (await response.json())["organisation"]["entity_type"] == "private_person"


def invitation_token(settings, email: str) -> str:
    message = messages_to(Path(settings.outbox), email, "invitation")[-1]
    found = re.search(r"token=([\w-]+)", message.get_payload(decode=True).decode())
    assert found is not None, "no invitation link"
    return found.group(1)


async def test_someone_named_administrator_becomes_it_only_by_accepting(client, settings):
    headers = await login(client, settings) | {"Idempotency-Key": "admin"}
    body = company_registration(admin={"email": "els@claes-logistics.be", "name": "Els Claes"})
    response = await client.post("/v1/registrations", json=body, headers=headers)
    assert response.status == 201
    organisation = (await response.json())["organisation"]
    # Another existing login was named: until it accepts, the caller administers the organisation.
    assert organisation["admin_email"] == "an.peeters@example.be"
    els = await login(client, settings, "els@claes-logistics.be")
    listed = (await (await client.get("/v1/me", headers=els)).json())["organisations"]
    assert organisation["id"] not in [o["id"] for o in listed]
    token = invitation_token(settings, "els@claes-logistics.be")

    # Only the invited login can accept, and only once.
    accept = "/v1/admin-invitations/accept"
    assert (await client.post(accept, json={"token": token}, headers=await login(client, settings))).status == 403
    assert (await client.post(accept, json={"token": "made-up"}, headers=els)).status == 404
    accepted = await client.post(accept, json={"token": token}, headers=els)
    assert accepted.status == 200 and (await accepted.json())["admin_email"] == "els@claes-logistics.be"
    assert (await client.post(accept, json={"token": token}, headers=els)).status == 404
    listed = (await (await client.get("/v1/me", headers=els)).json())["organisations"]
    assert organisation["id"] in [o["id"] for o in listed]
    stored = await (await client.get(f"/v1/organisations/{organisation['id']}", headers=ADMIN)).json()
    assert stored["admin_email"] == "els@claes-logistics.be"


async def test_a_new_administrator_gets_a_login_and_an_invitation(client, settings):
    headers = await login(client, settings) | {"Idempotency-Key": "admin"}
    body = company_registration(admin={"email": "boss@peeters.be", "name": "Bart Peeters"})
    response = await client.post("/v1/registrations", json=body, headers=headers)
    assert response.status == 201
    assert (await response.json())["organisation"]["admin_email"] == "an.peeters@example.be"
    assert len(messages_to(Path(settings.outbox), "boss@peeters.be", "invitation")) == 1
    boss = await login(client, settings, "boss@peeters.be")  # the new login can prove itself and accept
    accepted = await client.post(
        "/v1/admin-invitations/accept", json={"token": invitation_token(settings, "boss@peeters.be")}, headers=boss
    )
    assert (await accepted.json())["admin_email"] == "boss@peeters.be"


async def test_one_organisation_per_vat_number(client, settings):
    first = await client.post(
        "/v1/registrations",
        json=company_registration(),
        headers=await login(client, settings) | {"Idempotency-Key": "1"},
    )
    assert first.status == 201
    body = company_registration(charging_stations=["5010000201"])
    body["mandate"]["reference"] = "SMP-20261124-OTHER002"
    body["organisation"]["vat_number"] = "BE 0123 456 749"  # the same number, written otherwise
    headers = await login(client, settings, "pieter.claes@example.be") | {"Idempotency-Key": "2"}
    second = await client.post("/v1/registrations", json=body, headers=headers)
    assert second.status == 409 and (await second.json())["error"]["code"] == "vat_number_taken"


async def test_a_station_belongs_to_one_organisation(client, settings):
    headers = await login(client, settings)
    first = await client.post(
        "/v1/registrations", json=company_registration(), headers=headers | {"Idempotency-Key": "a"}
    )
    assert first.status == 201
    body = company_registration()
    body["mandate"]["reference"] = "SMP-20261124-OTHER001"
    body["organisation"]["vat_number"] = "BE0417497106"
    second = await client.post("/v1/registrations", json=body, headers=headers | {"Idempotency-Key": "b"})
    assert second.status == 409 and (await second.json())["error"]["code"] == "station_taken"


async def test_existing_organisation_gets_services_and_stations_added(client, settings):
    headers = await login(client, settings, "els@claes-logistics.be") | {"Idempotency-Key": "existing"}
    body = {
        "organisation": {"id": "org_claeslogist"},
        "terms": {"version": "2024-05", "accepted_at": "2026-11-24T10:00:00Z"},
        "mandate": {
            "iban": "BE71096123456769",
            "account_holder": "Claes Logistics BV",
            "reference": "SMP-20261124-CLAES001",
            "signed_at": "2026-11-24T10:00:00Z",
        },
        "services": ["cpo"],
        "charging_stations": ["5010000401"],
    }
    response = await client.post("/v1/registrations", json=body, headers=headers)
    assert response.status == 201, await response.text()
    organisation = (await response.json())["organisation"]
    assert organisation["services"] == ["cpo", "split_billing"]
    assert organisation["charging_stations"] == ["5010000401"]


async def test_bad_json_gets_a_clear_error(client, settings):
    headers = await login(client, settings) | {"Idempotency-Key": "x", "Content-Type": "application/json"}
    response = await client.post("/v1/registrations", data="{not json", headers=headers)
    assert response.status == 400
    assert (await response.json())["error"]["code"] == "invalid_json"


async def test_a_mandate_reference_is_used_once(client, settings):
    headers = await login(client, settings)
    first = await client.post(
        "/v1/registrations", json=company_registration(), headers=headers | {"Idempotency-Key": "m1"}
    )
    assert first.status == 201
    body = company_registration(charging_stations=["5010000102"])
    body["organisation"]["vat_number"] = "BE0417497106"  # another organisation, the same mandate reference
    second = await client.post("/v1/registrations", json=body, headers=headers | {"Idempotency-Key": "m2"})
    assert second.status == 409 and (await second.json())["error"]["code"] == "mandate_reference_taken"


async def test_a_repeated_code_request_sends_one_mail(client, settings):
    first = await ask_code(client, "sanne@example.nl", key="same")
    again = await ask_code(client, "sanne@example.nl", key="same")
    assert first.status == again.status == 202
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(messages_to(Path(settings.outbox), "sanne@example.nl", "login-code")) == 1
    assert (await ask_code(client, "sanne@example.nl")).status == 202  # a new key: a new code
    assert len(messages_to(Path(settings.outbox), "sanne@example.nl", "login-code")) == 2


def test_the_contract_lists_exactly_the_routes_served(settings):
    import yaml

    app = create_app(settings)
    served = {
        (route.method.lower(), resource.canonical)
        for resource in app.router.resources()
        for route in resource
        if route.method != "HEAD"
    }
    contract = yaml.safe_load((Path(__file__).resolve().parents[2] / "dashboard" / "openapi.yaml").read_text())
    documented = {(method, path) for path, methods in contract["paths"].items() for method in methods}
    assert served == documented
