"""Setting a pricing policy over Rasa's REST channel, checked as OCPI tariffs in the back end."""

import requests

from tests.e2e.conftest import Conversation
from tests.outbox import latest_login_code


def test_a_policy_with_a_start_fee_and_a_second_hourly_price_after_3_hours(stack):
    c = Conversation(stack)
    assert "know it's you" in c.say("I want to set my prices")
    c.say("open.public@example.be")
    ask = c.say(latest_login_code(stack.outbox, "open.public@example.be"))
    assert "excl. VAT (21% VAT is added" in ask and "plugged in" in ask
    slip = c.say("35 per kWh, 1 euro to start, 2 euro an hour after 3 hours")
    assert "Did you mean €0.35?" in slip
    assert "Smappee Community" in c.say("yes")
    assert "only works for Smappee cards" in c.text
    assert "your own cards" in c.say("10%")
    assert "Should Shop front (5010000701) use these prices?" in c.say("staff cards 04A1B2C3D4 and 04A1B2C3D5, free")
    assert "name" in c.say("yes")  # the only station
    summary = c.say("Visitors")
    lines = summary.split("\n")
    kwh = next(i for i, line in enumerate(lines) if "/kWh" in line)
    minute = next(i for i, line in enumerate(lines) if "/min" in line)
    session = next(i for i, line in enumerate(lines) if "per session" in line)
    assert kwh < minute < session  # the order EU law wants
    assert "€0.35/kWh (€0.42 incl. VAT)" in summary
    assert "Own cards: Staff (2 cards): free" in summary
    assert "from 3 h: €0.0333/min = €2.00/h" in summary
    # 20 kWh x 0.35 + 1 = 8.00; + 10% commission 0.80; + 21% VAT 1.85
    assert "costs the driver €10.65" in summary and "Smappee Community: 10%" in summary
    assert "Saved" in c.say("yes")

    # The back end serves it as OCPI tariffs.
    client = requests.Session()
    listing = client.get(
        f"{stack.dashboard_url}/v1/tariffs", headers={"Authorization": f"Bearer {stack.admin_token}"}, timeout=10
    ).json()
    standard, community, staff = [
        t for t in listing["tariffs"] if t["tariff_alt_text"][0]["text"].startswith("Visitors")
    ]
    assert staff["tariff_alt_text"][0]["text"] == "Visitors: Staff"
    assert all(p["price"] == 0 for e in staff["elements"] for p in e["price_components"])
    kinds = [[p["type"] for p in e["price_components"]] for e in standard["elements"]]
    assert kinds == [["FLAT"], ["ENERGY"], ["TIME", "PARKING_TIME"]]
    assert standard["elements"][2]["restrictions"] == {"min_duration": 10800}
    assert standard["elements"][1]["price_components"][0]["price"] == 0.35
    assert community["elements"][1]["price_components"][0]["price"] == 0.315

    shown = c.say("what prices did I set?")
    assert '"Visitors"' in shown and "5010000701" in shown

    # Changing it later: the same policy gets new prices, the rest is kept.
    assert "change one of your pricing policies" in c.say("I want to change my prices")
    assert 'Say "keep"' in c.say("Visitors")
    c.say("0,40 per kWh and 1 euro to start")
    c.say("keep")  # discount
    c.say("keep")  # own cards
    c.say("keep")  # stations
    summary = c.say("keep")  # name
    assert '"Visitors"' in summary and "€0.40/kWh" in summary and "Smappee Community: 10%" in summary
    assert "Updated" in c.say("yes")
    listing = client.get(
        f"{stack.dashboard_url}/v1/tariffs", headers={"Authorization": f"Bearer {stack.admin_token}"}, timeout=10
    ).json()
    visitors = [t for t in listing["tariffs"] if t["tariff_alt_text"][0]["text"] == "Visitors"]
    assert any(t["tariff_alt_text"][0]["text"] == "Visitors: Staff" for t in listing["tariffs"])
    assert len(visitors) == 1  # changed, not a second policy
    assert visitors[0]["elements"][1]["price_components"][0]["price"] == 0.40
    assert len(visitors[0]["elements"]) == 2  # the hourly price is gone, as said
