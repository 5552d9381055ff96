"""Every write endpoint of the back end, sent bodies of the wrong shape: a 4xx that
names the problem, never a 500 (the probe found 7 of 17 such bodies answered 500)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.unit.test_dashboard_api import CLIENT, company_registration, login

WRONG_VALUES: list[Any] = [None, 5, -1.5, "x", "", [], {}, True, [None], {"a": {"b": []}}, "NaN", "0" * 5000]


async def endpoints(client: Any, settings: Any) -> list[tuple[str, str, dict[str, str], dict[str, Any]]]:
    """(method, path, headers, a valid body) for every write endpoint, with what they need in place."""
    session = await login(client, settings)
    registered = await client.post(
        "/v1/registrations", json=company_registration(), headers=session | {"Idempotency-Key": "setup"}
    )
    organisation = (await registered.json())["organisation"]["id"]
    policy_body = {
        "organisation_id": organisation,
        "name": "Visitors",
        "prices": {"energy_per_kwh": "0.35", "start_fee": "1", "hourly": [{"price": "2", "from_hours": "3"}]},
        "groups": [{"kind": "smappee_community", "discount_percent": "10"}],
        "charging_stations": ["5010000101"],
    }
    created = await client.post("/v1/pricing-policies", json=policy_body, headers=session | {"Idempotency-Key": "p"})
    policy = (await created.json())["id"]
    address = {"street": "Kerkstraat 5", "postal_code": "9000", "city": "Gent", "country": "BE"}
    return [
        ("POST", "/v1/login-codes", CLIENT, {"email": "an.peeters@example.be"}),
        ("POST", "/v1/login-codes/verify", CLIENT, {"email": "an.peeters@example.be", "code": "123456"}),
        ("POST", "/v1/registrations", session, company_registration(charging_stations=["5010000102"])),
        ("PUT", "/v1/charging-stations/5010000101/address", session, address),
        (
            "PUT",
            "/v1/charging-stations/5010000101/connectors/1/public-charging",
            session,
            {"enabled": True, "visibility": "public", "opening_hours": {"twentyfourseven": True}},
        ),
        ("POST", "/v1/pricing-policies", session, policy_body),
        ("PUT", f"/v1/pricing-policies/{policy}", session, {k: policy_body[k] for k in ("name", "prices", "groups")}),
        ("PUT", f"/v1/pricing-policies/{policy}/charging-stations", session, {"charging_stations": ["5010000101"]}),
        ("POST", "/v1/admin-invitations/accept", session, {"token": "not-a-token"}),
    ]


def mutations(body: dict[str, Any]) -> list[Any]:
    """The body with each field (and each nested object's field) replaced by wrong values,
    and bodies that aren't objects."""
    variants: list[Any] = [[], "x", 5, None, [body]]
    for key, value in body.items():
        variants += [body | {key: wrong} for wrong in WRONG_VALUES]
        if isinstance(value, dict):
            variants += [body | {key: value | {inner: wrong}} for inner in value for wrong in WRONG_VALUES[:6]]
    return variants


async def test_no_body_of_the_wrong_shape_gets_a_500(client, settings):
    tried = 0
    for method, path, headers, body in await endpoints(client, settings):
        for number, variant in enumerate(mutations(body)):
            response = await client.request(
                method, path, data=json.dumps(variant), headers=headers | {"Idempotency-Key": f"m{number}"}
            )
            tried += 1
            assert response.status < 500, (method, path, variant, await response.text())
            if response.status >= 400:  # a refusal says what and why
                problem = (await response.json())["error"]
                assert problem["code"] and problem["message"], problem
    assert tried > 400


@pytest.mark.parametrize(
    "raw", ['{"email": NaN}', '{"email": Infinity}', '{"email": "a@b.be",}', "{not json", "\x00", '"just a string"']
)
async def test_json_that_isnt_is_a_400(client, raw):
    response = await client.post("/v1/login-codes", data=raw, headers=CLIENT | {"Idempotency-Key": "j"})
    assert response.status == 400 and (await response.json())["error"]["code"] == "invalid_json"


async def test_a_wrong_type_is_named(client, settings):
    session = await login(client, settings)
    body = company_registration()
    body["organisation"] = "x"
    response = await client.post("/v1/registrations", json=body, headers=session | {"Idempotency-Key": "t"})
    assert response.status == 400
    assert (await response.json())["error"] | {"message": ""} == {
        "code": "invalid_body",
        "field": "organisation",
        "message": "",
    }
