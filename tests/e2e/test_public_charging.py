"""Opening charge points to the public over Rasa's REST channel, checked in the back end."""

import io

import requests
import zxingcpp
from PIL import Image

from actions.dashboard_client import DashboardClient
from tests.e2e.conftest import Conversation
from tests.outbox import latest_login_code


def account_view(stack, email):
    client = DashboardClient(stack.dashboard_url, stack.dashboard_token)
    client.request_login_code(email)
    token = client.verify_login_code(email, latest_login_code(stack.outbox, email))["access_token"]
    return client.get_account(token)


def decode(url):
    response = requests.get(url, timeout=10)
    assert response.status_code == 200 and response.headers["Content-Type"] == "image/png"
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(response.content)))]


def test_a_registered_company_opens_two_connectors_with_opening_hours_and_gets_qr_codes(stack, conversation):
    c = conversation
    assert "know it's you" in c.say("I want to make my charger public")
    c.say("open.public@example.be")
    assert "Which charge points" in c.say(latest_login_code(stack.outbox, "open.public@example.be"))
    assert "address of Shop front" in c.say("both connectors")
    answer = c.say("what does hidden visibility mean?")
    assert "only you know" in answer and "address of Shop front" in answer
    assert "visible in every charging app" in c.say("Markt 3, 8500 Kortrijk")
    assert "24/7" in c.say("visible to everyone")
    assert "don't understand" in c.say("whenever the shop is open") or "didn't understand" in c.text
    summary = c.say("weekdays 7 to 19, saturday 9 to 13, closed on sunday")
    assert "Shop front connector 1, Shop front connector 2" in summary
    assert "Mon-Fri 07:00-19:00; Sat 09:00-13:00" in summary
    done = c.say("yes")
    assert "now accept public charging" in done and "Visa or Mastercard" in done
    images = [m["image"] for m in c.replies if m.get("image")]
    assert len(images) == 2
    assert decode(images[0]) == ["https://pay.smappee.net/scan/5010000701/1"]
    assert decode(images[1]) == ["https://pay.smappee.net/scan/5010000701/2"]

    station = account_view(stack, "open.public@example.be")["charging_stations"][0]
    assert station["address"] == {"street": "Markt 3", "postal_code": "8500", "city": "Kortrijk", "country": "BE"}
    for connector in station["connectors"]:
        assert connector["public_charging"] and connector["visibility"] == "public"
        assert {"weekday": 6, "period_begin": "09:00", "period_end": "13:00"} in connector["opening_hours"][
            "regular_hours"
        ]
        assert not any(p["weekday"] == 7 for p in connector["opening_hours"]["regular_hours"])

    # The QR codes can be asked for again later.
    again = c.say("can you show me the QR codes again?")
    assert "connector 2" in again and len([m for m in c.replies if m.get("image")]) == 2

    # Closing one again, in the same conversation (the login is still proven).
    assert "no longer be public" in c.say("stop public charging")
    assert "Shop front connector 2" in c.say("connector 2")
    assert "no longer accept public charging" in c.say("yes")
    station = account_view(stack, "open.public@example.be")["charging_stations"][0]
    assert [k["public_charging"] for k in station["connectors"]] == [True, False]


def test_a_private_person_is_told_why_not(stack, conversation):
    c = conversation
    c.say("make my charger public")
    c.say("split.only@example.be")
    refused = c.say(latest_login_code(stack.outbox, "split.only@example.be"))
    assert "commercial activity" in refused and "whitelisting" in refused
    assert not c.tracker()["active_loop"].get("name")


def test_an_unregistered_owner_registers_first_and_comes_back(stack):
    c = Conversation(stack)
    c.say("I want to make my charger public")
    c.say("later.public@example.be")
    redirected = c.say(latest_login_code(stack.outbox, "later.public@example.be"))
    assert "first register as a charging host" in redirected and "administer" in redirected
    c.say("me")
    c.say("a company")
    c.say("BE 0202.239.951")
    c.say("Peeters Carports BV")
    c.say("Stationsstraat 2, 2800 Mechelen")
    c.say("later.public@example.be")
    c.say("me")
    c.say("0477 12 34 56")
    c.say("yes")
    c.say("BE68 5390 0754 7034")
    c.say("yes")
    c.say("yes")
    c.say("cpo")
    summary = c.say("yes")  # the only station
    assert "Peeters Carports BV" in summary
    back = c.say("yes")
    assert "REG-" in back and "back to opening your station" in back
    assert "Which charge points" in back  # no second login
    assert "address of Carport" in c.say("connector 1")


def test_a_back_end_that_fails_while_opening_loses_nothing(stack):
    c = Conversation(stack)
    c.say("make my charger public")
    c.say("flaky@example.be")
    c.say(latest_login_code(stack.outbox, "flaky@example.be"))
    assert "visible in every charging app" in c.say("the depot")  # it has an address already
    c.say("visible")
    assert "Shall I do that?" in c.say("24/7")
    stack.stop(["dashboard"])
    try:
        assert "try again" in c.say("yes")
    finally:
        stack.start(["dashboard"])
    assert "now accept public charging" in c.say("try again")
    station = account_view(stack, "flaky@example.be")["charging_stations"][0]
    assert station["connectors"][0]["public_charging"] is True
