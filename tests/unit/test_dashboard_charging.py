"""Public charging, pricing policies and QR images in the back end."""

import io
from urllib.parse import urlparse

import pytest
import zxingcpp
from PIL import Image

from tests.unit.test_dashboard_api import ADMIN, company_registration, login

ADDRESS = {"street": "Kerkstraat 5", "postal_code": "9000", "city": "Gent", "country": "BE"}
WEEKDAYS = {
    "twentyfourseven": False,
    "regular_hours": [{"weekday": d, "period_begin": "07:00", "period_end": "19:00"} for d in range(1, 6)],
}


async def registered(client, settings, services=("cpo", "split_billing")):
    headers = await login(client, settings)
    stations = ["5010000101", "5010000102"] if "cpo" in services else []  # only the CPO function has stations
    body = company_registration(services=list(services), charging_stations=stations)
    response = await client.post("/v1/registrations", json=body, headers=headers | {"Idempotency-Key": "reg"})
    assert response.status == 201, await response.text()
    return headers, (await response.json())["organisation"]["id"]


def station(me, serial):
    return next(s for s in me["charging_stations"] if s["serial"] == serial)


async def open_connector(client, headers, position=1, **body):
    payload = {"enabled": True, "visibility": "public", "opening_hours": WEEKDAYS} | body
    return await client.put(
        f"/v1/charging-stations/5010000101/connectors/{position}/public-charging", json=payload, headers=headers
    )


async def test_a_connector_opens_with_address_hours_and_a_qr_code(client, settings):
    headers, _ = await registered(client, settings)
    assert (await open_connector(client, headers)).status == 409  # no address yet
    response = await client.put("/v1/charging-stations/5010000101/address", json=ADDRESS, headers=headers)
    assert response.status == 200
    response = await open_connector(client, headers)
    assert response.status == 200, await response.text()
    connector = (await response.json())["connectors"][0]
    assert connector["public_charging"] and connector["visibility"] == "public"
    assert connector["session_activation"] == "authenticated" and connector["cpo"] == "Smappee Services"
    assert connector["opening_hours"] == WEEKDAYS
    links = connector["scan_and_charge"]
    assert links["link"] == "https://pay.smappee.net/scan/5010000101/1"
    url = urlparse(links["png_url"])
    image = await client.get(f"{url.path}?{url.query}")
    assert image.status == 200 and image.content_type == "image/png"
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(await image.read())))
    assert [r.text for r in decoded] == [links["link"]]
    me = await (await client.get("/v1/me", headers=headers)).json()
    assert station(me, "5010000101")["connectors"][1]["public_charging"] is False  # connector 2 untouched


async def test_a_qr_link_with_a_wrong_signature_or_a_closed_connector_shows_nothing(client, settings):
    headers, _ = await registered(client, settings)
    await client.put("/v1/charging-stations/5010000101/address", json=ADDRESS, headers=headers)
    links = (await (await open_connector(client, headers)).json())["connectors"][0]["scan_and_charge"]
    url = urlparse(links["png_url"])
    assert (await client.get(f"{url.path}?{url.query.replace('signature=', 'signature=0')}")).status == 403
    await open_connector(client, headers, enabled=False)
    assert (await client.get(f"{url.path}?{url.query}")).status == 404


async def test_split_billing_only_may_not_open_to_the_public(client, settings):
    headers, _ = await registered(client, settings, services=("split_billing",))
    await client.put("/v1/charging-stations/5010000101/address", json=ADDRESS, headers=headers)
    response = await open_connector(client, headers)
    # Split billing links no station to the organisation: the station has no CPO function.
    assert response.status == 403 and (await response.json())["error"]["code"] == "not_registered"


async def test_an_unregistered_station_may_not_open(client, settings):
    headers = await login(client, settings)
    response = await open_connector(client, headers)
    assert response.status == 403 and (await response.json())["error"]["code"] == "not_registered"


async def test_someone_elses_station_is_not_found(client, settings):
    headers = await login(client, settings, "sanne@example.nl")
    response = await client.put("/v1/charging-stations/5010000101/address", json=ADDRESS, headers=headers)
    assert response.status == 404


PRICES = {"energy_per_kwh": "0.35", "start_fee": "1", "hourly": [{"price": "2", "from_hours": "3"}]}


async def test_a_pricing_policy_is_served_as_ocpi_tariffs(client, settings):
    headers, organisation_id = await registered(client, settings)
    body = {
        "organisation_id": organisation_id,
        "prices": PRICES,
        "charging_stations": ["5010000101"],
        "groups": [{"kind": "smappee_community", "discount_percent": 10}],
    }
    created = await client.post("/v1/pricing-policies", json=body, headers=headers | {"Idempotency-Key": "p1"})
    assert created.status == 201, await created.text()
    policy = await created.json()
    assert policy["name"] == "Default pricing" and policy["prices_include_vat"] is False
    assert policy["charging_stations"] == ["5010000101"]
    standard, community = policy["tariffs"]
    assert [e["price_components"][0]["type"] for e in standard["elements"]] == ["FLAT", "ENERGY", "TIME"]
    assert standard["elements"][2]["restrictions"] == {"min_duration": 10800}
    assert community["id"] == f"{policy['id']}-community"
    assert community["elements"][1]["price_components"][0]["price"] == 0.315
    again = await client.post("/v1/pricing-policies", json=body, headers=headers | {"Idempotency-Key": "p1"})
    assert (await again.json())["id"] == policy["id"]
    assert len((await (await client.get("/v1/pricing-policies", headers=headers)).json())["pricing_policies"]) == 1

    moved = await client.put(
        f"/v1/pricing-policies/{policy['id']}/charging-stations",
        json={"charging_stations": ["5010000102"]},
        headers=headers,
    )
    assert (await moved.json())["charging_stations"] == ["5010000101", "5010000102"]
    changed = await client.put(
        f"/v1/pricing-policies/{policy['id']}",
        json={"name": "Visitors", "prices": {"energy_per_kwh": "0.40"}},
        headers=headers,
    )
    assert (await changed.json())["tariffs"][0]["elements"][0]["price_components"][0]["price"] == 0.40
    tariffs = await (await client.get(f"/v1/pricing-policies/{policy['id']}/tariffs", headers=headers)).json()
    assert tariffs["tariffs"][0]["tariff_alt_text"][0]["text"] == "Visitors"
    everything = await (await client.get("/v1/tariffs", headers=ADMIN)).json()
    assert [t["id"] for t in everything["tariffs"]] == [policy["id"], f"{policy['id']}-community"]


@pytest.mark.parametrize(
    "prices,code,suggestion",
    [
        ({"energy_per_kwh": "35"}, "energy_too_high", "0.35"),
        ({"energy_per_kwh": "-1"}, "negative", None),
        (
            {"energy_per_kwh": "0.3", "hourly": [{"price": "1", "from_hours": "3"}, {"price": "2", "from_hours": "2"}]},
            "second_starts_before_first",
            None,
        ),
    ],
)
async def test_implausible_prices_are_refused_with_a_suggestion(client, settings, prices, code, suggestion):
    headers, organisation_id = await registered(client, settings)
    response = await client.post(
        "/v1/pricing-policies",
        json={"organisation_id": organisation_id, "prices": prices},
        headers=headers | {"Idempotency-Key": code},
    )
    problem = (await response.json())["error"]
    assert response.status == 422 and problem["problems"][0]["code"] == code
    assert problem["problems"][0]["suggestion"] == suggestion


async def test_a_split_billing_organisation_gets_no_pricing_policy(client, settings):
    headers, organisation_id = await registered(client, settings, services=("split_billing",))
    response = await client.post(
        "/v1/pricing-policies",
        json={"organisation_id": organisation_id, "prices": PRICES},
        headers=headers | {"Idempotency-Key": "x"},
    )
    assert response.status == 403


async def test_drivers_pay_the_vat_of_the_stations_country(client, settings):
    headers, organisation_id = await registered(client, settings)
    lille = {"street": "Rue Nationale 10", "postal_code": "59000", "city": "Lille", "country": "FR"}
    assert (await client.put("/v1/charging-stations/5010000102/address", json=lille, headers=headers)).status == 200
    body = {"organisation_id": organisation_id, "prices": {"energy_per_kwh": "0.35"}}
    body["charging_stations"] = ["5010000102"]
    policy = await (
        await client.post("/v1/pricing-policies", json=body, headers=headers | {"Idempotency-Key": "fr"})
    ).json()
    assert policy["vat_percent"] == {"FR": "20"}
    (tariff,) = policy["tariffs"]
    assert tariff["country_code"] == "FR"
    assert tariff["elements"][0]["price_components"][0]["vat"] == 20.0
    # A Belgian station (no address: the organisation's country) joins: one set of tariffs per country.
    both = await client.put(
        f"/v1/pricing-policies/{policy['id']}/charging-stations",
        json={"charging_stations": ["5010000101"]},
        headers=headers,
    )
    shown = await both.json()
    assert shown["vat_percent"] == {"BE": "21", "FR": "20"}
    assert sorted((t["country_code"], t["elements"][0]["price_components"][0]["vat"]) for t in shown["tariffs"]) == [
        ("BE", 21.0),
        ("FR", 20.0),
    ]
