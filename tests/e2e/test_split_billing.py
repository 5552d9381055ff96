"""Split billing over Rasa's REST channel, checked in the back end: an employer registers
for split billing from a login without stations, adds two agreements (one message, the
Belgian cap questioned), changes a rate, ends one; the other employee confirms with an IBAN."""

from datetime import date, timedelta

from tests.e2e.conftest import Conversation, organisations
from tests.outbox import latest_login_code, messages_to

FLEET = "fleet@vandamme-transport.be"  # no stations on this login
JAN = "jan.janssens@example.be"  # one station, two cards
ELS = "els.peeters@example.be"  # no login yet: one is made for her


def vandamme(stack) -> dict:
    return next(o for o in organisations(stack) if o["legal_name"] == "Vandamme Transport NV")


def register_for_split_billing(c: Conversation) -> str:
    assert "Smappee login" in c.say("we want to register our company for split billing")
    c.say(FLEET)
    assert "0 charging station" in c.say(latest_login_code(c.stack.outbox, FLEET))
    c.say("me")
    c.say("a company")
    c.say("BE 0412.345.614")
    c.say("Vandamme Transport NV")
    c.say("Kaai 1, 8500 Kortrijk")
    c.say("facturen@vandamme.be")
    c.say("me")
    c.say("056 11 22 33")
    c.say("yes")
    c.say("BE71 0961 2345 6769")
    c.say("yes")
    c.say("yes")
    summary = c.say("split billing")  # no station step: straight to the summary
    assert "none needed" in summary
    return c.say("yes")


def test_an_employer_runs_split_billing_and_an_employee_confirms(stack, conversation):
    c = conversation
    done = register_for_split_billing(c)
    assert "REG-" in done and "add an agreement for each employee" in done
    assert vandamme(stack)["charging_stations"] == []

    start = (date.today() + timedelta(days=14)).isoformat()
    reply = c.say(f"add Jan Janssens {JAN} and Els Peeters {ELS} at 0,45 per kWh from {start}")
    assert "Where does each of them live" in reply
    questioned = c.say("both in flanders")
    # 0.45 is above the Flemish cap: said with the cap, its quarter, and offered as a button.
    assert "above the maximum" in questioned and "Flanders" in questioned
    assert any(b["title"].startswith("Use €0.3") for b in c.buttons)
    assert "end on a set date" in c.say("0.28")
    summary = c.say("no end date")
    assert "Jan Janssens" in summary and "Els Peeters" in summary and "€0.28/kWh" in summary
    assert "agreements added for Jan Janssens, Els Peeters" in c.say("yes")
    assert messages_to(stack.outbox, JAN, "split-billing-invitation")
    assert messages_to(stack.outbox, ELS, "split-billing-invitation")

    # A rate change, named in one message.
    assert "from €0.28/kWh to €0.30/kWh" in c.say("change Jan's rate to 0,30")
    assert "is now €0.30/kWh" in c.say("yes")
    # Els's agreement ends before she confirms it; the question says it can't restart.
    assert "can't be paused or restarted" in c.say("end Els's agreement")
    assert "has ended" in c.say("yes")
    listing = c.say("show my split billing agreements")
    assert "pending" in listing and "ended" in listing

    # Jan confirms, in his own conversation.
    jan = Conversation(stack)
    assert "confirm your Split Billing agreement" in jan.say("I got an email to confirm my payment details")
    asked_code = jan.say(JAN)
    assert "sent a 6-digit code" in asked_code, asked_code
    shown = jan.say(latest_login_code(stack.outbox, JAN))
    assert "Vandamme Transport NV will reimburse your home charging at €0.30/kWh" in shown
    assert "NL91 **** **** **** 4300" in jan.say("NL91 ABNA 0417 1643 00")
    jan.say("yes")  # the one station
    summary = jan.say("the spare card")
    assert "NL91 **** **** **** 4300" in summary and "NL91ABNA" not in summary
    assert "is active" in jan.say("yes")

    # Jan will leave: an end date is set (and stays changeable until then).
    last_day = date.today() + timedelta(days=120)
    asked = c.say(f"Jan leaves the company on {last_day.day}/{last_day.month}/{last_day.year}")
    assert "Set the end of Jan Janssens's agreement" in asked
    assert "ends on" in c.say("yes")

    agreements = {a["first_name"]: a for a in vandamme(stack)["split_billing_agreements"]}
    assert set(agreements) == {"Jan", "Els"}
    assert agreements["Jan"]["status"] == "active"
    assert agreements["Jan"]["iban"] == "NL91ABNA0417164300"
    assert agreements["Jan"]["rate_per_kwh"] == "0.30"
    assert agreements["Jan"]["charging_station"] == "5010000951"
    assert agreements["Jan"]["card_uid"] == "04BEEF00654321"
    assert agreements["Jan"]["start_date"] == start and agreements["Jan"]["end_date"] == last_day.isoformat()
    assert agreements["Els"]["status"] == "ended" and agreements["Els"]["iban"] is None


def test_an_employee_who_asks_to_register_is_told_the_employer_starts_it(conversation):
    reply = conversation.say("my boss wants to reimburse my home charging, can i register for split billing myself?")
    assert "started by the employer" in reply
    assert any(b["payload"] == "/confirm_agreement" for b in conversation.buttons)
