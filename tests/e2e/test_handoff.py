"""Hand-off over the REST channel with every process real: the offer after
repeated failures, what the user writes while paused, a restart of the Rasa
server, /restart and a new session while paused, and the form taken up again."""

import sqlite3

import requests

from tests.conftest import AGENT
from tests.e2e.conftest import Conversation


def console(stack):
    session = requests.Session()
    session.post(
        f"{stack.web_url}/console/api/login",
        timeout=10,
        json={"username": AGENT["username"], "password": AGENT["password"]},
    ).raise_for_status()
    return session


def queued(stack, session, conversation_id):
    handoffs = session.get(f"{stack.web_url}/console/api/handoffs", timeout=10).json()["handoffs"]
    return [h for h in handoffs if h["conversation_id"] == conversation_id]


def test_after_three_failures_a_person_takes_over_and_the_registration_goes_on(stack):
    c = Conversation(stack)
    c.login("strange.input@example.be")
    c.say("me")
    c.say("a company")
    for wrong in ("BE 0123.456.748", "NL123", "my vat is 42"):
        c.say(wrong)
    assert "support people can take over" in c.text
    offer = [b for b in c.buttons if b["title"] == "Talk to a person"]
    assert offer and offer[0]["payload"] == "/ask_human"

    assert "colleague from Smappee support" in c.say(offer[0]["payload"])
    agents = console(stack)
    [handoff] = queued(stack, agents, c.sender)
    assert handoff["reason"] == "repeated_failures"
    assert handoff["summary"]["asking"] == "vat_number"

    # While paused: silence, the message is kept for the agent, and it fills nothing.
    assert c.say("BE0123456749 is what my accountant says") == ""
    # A restart of the Rasa server does not end the hand-off.
    stack.restart("rasa")
    assert c.say("hello? anyone?") == ""
    # Nor does /restart (a user's slash command is read as words; Rasa's restart would
    # un-pause and forget the answers).
    assert c.say("/restart") == ""
    tracker = c.tracker()
    assert tracker["paused"] is True
    assert tracker["slots"]["vat_number"] is None and tracker["slots"]["handoff_active"] is True
    shown = agents.get(f"{stack.web_url}/console/api/handoffs/{handoff['id']}", timeout=10).json()
    assert [m["text"] for m in shown["messages"][-3:]] == [
        "BE0123456749 is what my accountant says",
        "hello? anyone?",
        "restart",
    ]

    base = f"{stack.web_url}/console/api/handoffs/{handoff['id']}"
    assert agents.post(f"{base}/take", json={}, timeout=30).status_code == 200
    assert (
        agents.post(f"{base}/messages", json={"text": "Type BE0123456749 when it asks."}, timeout=30).status_code == 201
    )
    assert agents.post(f"{base}/hand-back", json={}, timeout=30).status_code == 200
    tracker = c.tracker()
    assert tracker["paused"] is False and tracker["slots"]["handoff_active"] is None
    back = [e["text"] for e in tracker["events"] if e["event"] == "bot"][-2:]
    assert back[0] == "I'm back! Let's carry on where we were."
    assert "VAT number" in back[1]
    assert "valid VAT number" in c.say("BE0123456749")
    assert queued(stack, agents, c.sender) == []


def test_asking_for_a_person_outside_a_flow(stack):
    c = Conversation(stack)
    c.say("hi")
    assert "colleague from Smappee support" in c.say("i want a real agent not a bot")
    agents = console(stack)
    [handoff] = queued(stack, agents, c.sender)
    assert handoff["summary"]["flow"] is None and handoff["channel"] == "rest"
    base = f"{stack.web_url}/console/api/handoffs/{handoff['id']}"
    agents.post(f"{base}/take", json={}, timeout=30).raise_for_status()
    agents.post(f"{base}/hand-back", json={}, timeout=30).raise_for_status()
    assert "What else can I do for you?" in [e["text"] for e in c.tracker()["events"] if e["event"] == "bot"][-1]


def test_a_hand_off_outlives_the_session(stack):
    c = Conversation(stack)
    c.login("restart@example.be")
    assert "colleague from Smappee support" in c.say("talk to a person")
    # Two hours pass: the conversation's stored events are moved back in time.
    with sqlite3.connect(stack.var_dir / "tracker.db") as db:
        db.execute(
            "UPDATE events SET timestamp = timestamp - 7200, "
            "data = json_set(data, '$.timestamp', json_extract(data, '$.timestamp') - 7200) "
            "WHERE sender_id = ?",
            (c.sender,),
        )
    assert c.say("hello, still waiting") == ""
    tracker = c.tracker()
    kinds = [e["event"] for e in tracker["events"]]
    assert kinds.count("session_started") == 2  # a new session began...
    assert tracker["paused"] is True  # ...and the person still has the conversation
    assert tracker["slots"]["account_email"] == "restart@example.be"  # answers carried over
    agents = console(stack)
    [handoff] = queued(stack, agents, c.sender)
    shown = agents.get(f"{stack.web_url}/console/api/handoffs/{handoff['id']}", timeout=10).json()
    assert shown["messages"][-1]["text"] == "hello, still waiting"
    base = f"{stack.web_url}/console/api/handoffs/{handoff['id']}"
    agents.post(f"{base}/take", json={}, timeout=30).raise_for_status()
    agents.post(f"{base}/hand-back", json={}, timeout=30).raise_for_status()
    assert c.tracker()["paused"] is False
