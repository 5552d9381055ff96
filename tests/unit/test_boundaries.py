"""Who may see and change what, and the exact edges of each rule: every check
here fails if the guard it names is taken away or moved by one."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from charging_host.pricing import (
    MAX_ENERGY_PRICE,
    MAX_HOURLY_PRICE,
    MAX_HOURS_BEFORE_SECOND_PRICE,
    MAX_START_FEE,
    HourlyPrice,
    PriceStructure,
    check_prices,
)
from dashboard.app import create_app
from dashboard.settings import Settings
from tests.outbox import latest_login_code
from tests.unit.test_dashboard_api import ADMIN, CLIENT, FIXTURES, ask_code, login
from tests.unit.test_dashboard_charging import registered

# --- admin-only and owner-only endpoints -------------------------------------------


async def pricing_policy_of_an_peeters(client, settings):
    headers, organisation_id = await registered(client, settings)
    body = {"organisation_id": organisation_id, "prices": {"energy_per_kwh": "0.30"}, "charging_stations": []}
    response = await client.post("/v1/pricing-policies", json=body, headers=headers | {"Idempotency-Key": "own"})
    assert response.status == 201
    return headers, organisation_id, (await response.json())["id"]


@pytest.mark.parametrize("path", ["/v1/organisations", "/v1/organisations/{organisation}", "/v1/tariffs"])
async def test_support_staffs_endpoints_need_the_admin_token(client, settings, path):
    session, organisation_id, _ = await pricing_policy_of_an_peeters(client, settings)
    url = path.format(organisation=organisation_id)
    for headers in ({}, CLIENT, session, {"Authorization": "Bearer admin-token-but-longer"}):
        response = await client.get(url, headers=headers)
        assert response.status == 401, (url, headers)
    assert (await client.get(url, headers=ADMIN)).status == 200


async def test_another_account_cannot_read_or_change_a_pricing_policy(client, settings):
    _, organisation_id, policy = await pricing_policy_of_an_peeters(client, settings)
    els = await login(client, settings, "els@claes-logistics.be")
    for method, path, body in (
        ("GET", f"/v1/pricing-policies/{policy}", None),
        ("GET", f"/v1/pricing-policies/{policy}/tariffs", None),
        ("PUT", f"/v1/pricing-policies/{policy}", {"name": "mine now"}),
        ("PUT", f"/v1/pricing-policies/{policy}/charging-stations", {"charging_stations": ["5010000401"]}),
    ):
        response = await client.request(method, path, json=body, headers=els)
        assert response.status in (403, 404), (method, path, response.status)
    listed = await (await client.get("/v1/pricing-policies", headers=els)).json()
    assert policy not in [p["id"] for p in listed["pricing_policies"]]
    # Nor create one for An's organisation.
    body = {"organisation_id": organisation_id, "prices": {"energy_per_kwh": "0.30"}}
    created = await client.post("/v1/pricing-policies", json=body, headers=els | {"Idempotency-Key": "theirs"})
    assert created.status == 404


async def test_another_account_cannot_use_an_organisation_or_its_stations(client, settings):
    _, organisation_id = await registered(client, settings)
    els = await login(client, settings, "els@claes-logistics.be")
    body = {"organisation": {"id": organisation_id}, "services": ["split_billing"], "charging_stations": ["5010000401"]}
    response = await client.post("/v1/registrations", json=body, headers=els | {"Idempotency-Key": "x"})
    assert response.status == 404 and (await response.json())["error"]["code"] == "organisation_not_found"
    me = await (await client.get("/v1/me", headers=els)).json()
    assert organisation_id not in [o["id"] for o in me["organisations"]]
    address = {"street": "Kerkstraat 5", "postal_code": "9000", "city": "Gent", "country": "BE"}
    assert (await client.put("/v1/charging-stations/5010000101/address", json=address, headers=els)).status == 404


# --- price bounds, exactly at the edge ------------------------------------------------


def hourly(*prices: HourlyPrice) -> PriceStructure:
    return PriceStructure(Decimal("0.30"), None, prices)


@pytest.mark.parametrize(
    "at_the_bound,over,code",
    [
        (PriceStructure(Decimal("1.50")), PriceStructure(Decimal("1.51")), "energy_too_high"),
        (
            PriceStructure(Decimal("0.30"), Decimal("10.00")),
            PriceStructure(Decimal("0.30"), Decimal("10.01")),
            "start_fee_too_high",
        ),
        (hourly(HourlyPrice(Decimal("20.00"))), hourly(HourlyPrice(Decimal("20.01"))), "hourly_too_high"),
        (
            hourly(HourlyPrice(Decimal(1)), HourlyPrice(Decimal(2), Decimal(24))),
            hourly(HourlyPrice(Decimal(1)), HourlyPrice(Decimal(2), Decimal("24.01"))),
            "hours_out_of_range",
        ),
    ],
)
def test_a_price_at_its_bound_is_taken_and_a_cent_more_is_questioned(at_the_bound, over, code):
    # The bounds of docs/decisions.md: EUR 1.50/kWh, 10.00 a session, 20.00 an hour, 24 hours.
    assert (Decimal("1.50"), Decimal("10.00"), Decimal("20.00")) == (MAX_ENERGY_PRICE, MAX_START_FEE, MAX_HOURLY_PRICE)
    assert Decimal(24) == MAX_HOURS_BEFORE_SECOND_PRICE
    assert [p.code for p in check_prices(at_the_bound)] == []
    assert code in [p.code for p in check_prices(over)]


# --- one-time codes: their lifetime and their tries, exactly ----------------------------


async def code_client(tmp_path: Path, **overrides: Any) -> TestClient:
    settings = replace(
        Settings(
            database_url=f"sqlite:///{tmp_path}/d.db",
            api_token="client-token",
            fixtures=str(FIXTURES),
            outbox=str(tmp_path / "outbox"),
        ),
        **overrides,
    )
    client = TestClient(TestServer(create_app(settings)))
    await client.start_server()
    return client


async def test_a_code_works_until_its_last_second_and_not_after(tmp_path, monkeypatch):
    from dashboard import login as login_module

    client = await code_client(tmp_path, login_code_ttl_seconds=600)
    base = datetime.now(timezone.utc)
    clock = {"now": base}
    monkeypatch.setattr(login_module, "utcnow", lambda: clock["now"])
    email = "an.peeters@example.be"

    async def verify(code: str) -> int:
        body = {"email": email, "code": code}
        return (await client.post("/v1/login-codes/verify", json=body, headers=CLIENT)).status

    try:
        await ask_code(client, email)
        clock["now"] = base + timedelta(seconds=600)  # its very last moment
        assert await verify(latest_login_code(tmp_path / "outbox", email)) == 200
        await ask_code(client, email)  # asked at base + 600 s
        clock["now"] = base + timedelta(seconds=1200, microseconds=1)  # one moment too late
        assert await verify(latest_login_code(tmp_path / "outbox", email)) == 410
    finally:
        await client.close()


async def test_the_last_try_still_counts_and_then_the_code_is_void(tmp_path):
    client = await code_client(tmp_path, login_code_max_attempts=5)
    try:
        email = "an.peeters@example.be"
        await ask_code(client, email)
        code = latest_login_code(tmp_path / "outbox", email)
        wrong = "000000" if code != "000000" else "111111"
        for left in (4, 3, 2, 1):
            response = await client.post("/v1/login-codes/verify", json={"email": email, "code": wrong}, headers=CLIENT)
            assert (await response.json())["error"]["attempts_left"] == left
        fifth = await client.post("/v1/login-codes/verify", json={"email": email, "code": wrong}, headers=CLIENT)
        assert fifth.status == 429
        right = await client.post("/v1/login-codes/verify", json={"email": email, "code": code}, headers=CLIENT)
        assert right.status == 404
    finally:
        await client.close()
