"""Hand-off actions: the summary an agent sees, queueing in the real console,
and keeping a handed-off conversation paused across sessions and restarts."""

from __future__ import annotations

import pytest_asyncio
from aiohttp.test_utils import TestServer
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import handoff
from actions import settings as action_settings
from actions.handoff import ActionHandedBack, ActionHandoff, ActionRestart, ActionSessionStart, handoff_summary
from tests.unit.conftest import tracker_for
from web import handoffs
from web.server import ENGINE, create_app
from web.settings import WebSettings

SLOTS = {
    "account_email": "jan@janssens.be",
    "login_code": "739201",
    "account_session": "secret-session-token",
    "account_name": "Jan Janssens",
    "vat_number": "BE0123456749",
    "iban": "BE71096123456769",
    "terms_accepted": True,
    "registered_address": {"street": "Kerkstraat 1", "postal_code": "9000", "city": "Gent", "country": "BE"},
}


def test_the_summary_names_the_step_and_masks_the_iban_and_hides_secrets():
    summary = handoff_summary({**SLOTS, "requested_slot": "account_holder"}, "registration_form", "a person pls")
    assert summary["name"] == "Jan Janssens"
    assert summary["flow"] == "registration_form"
    assert summary["asking"] == "account_holder"
    shown = {answer["field"]: answer["value"] for answer in summary["collected"]}
    assert shown["iban"] == "BE71 **** **** 6769"
    assert shown["vat_number"] == "BE0123456749"
    assert shown["terms_accepted"] is True
    assert shown["registered_address"] == "Kerkstraat 1, 9000, Gent, BE"
    assert "login_code" not in shown and "account_session" not in shown
    text = str(summary)
    assert "739201" not in text and "secret-session-token" not in text and "096123456" not in text


def test_an_employee_confirming_split_billing_is_handed_over_with_the_iban_masked():
    slots = {"account_email": "jan@janssens.be", "employee_iban": "NL91ABNA0417164300", "employee_card": "04C0FFEE"}
    summary = handoff_summary(slots | {"requested_slot": "employee_card"}, "agreement_confirmation_form", "help")
    assert summary["flow"] == "agreement_confirmation_form" and summary["asking"] == "employee_card"
    shown = {answer["field"]: answer["value"] for answer in summary["collected"]}
    assert shown["employee_iban"] == "NL91 **** **** **** 4300"
    assert "0417164" not in str(summary)


def test_outside_a_flow_the_summary_says_so():
    summary = handoff_summary({}, None, "can I talk to someone")
    assert summary["flow"] is None and summary["asking"] is None and summary["collected"] == []
    assert summary["language"] == "en"


def test_the_summary_gives_the_conversations_language_for_the_agent():
    assert handoff_summary({"language": "fr"}, None, "je veux parler à quelqu'un")["language"] == "fr"


@pytest_asyncio.fixture
async def console(tmp_path, monkeypatch):
    settings = WebSettings(
        database_url=f"sqlite:///{tmp_path}/console.db",
        agents_file=str(tmp_path / "agents.json"),
        handoff_token="unit-handoff-token",
        secret="s",
    )
    app = create_app(settings)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    monkeypatch.setenv("CONSOLE_URL", str(server.make_url("")).rstrip("/"))
    monkeypatch.setenv("HANDOFF_TOKEN", "unit-handoff-token")
    action_settings.get_settings.cache_clear()
    handoff.console.cache_clear()
    yield app
    await server.close()
    action_settings.get_settings.cache_clear()
    handoff.console.cache_clear()


async def test_asking_for_a_person_queues_the_conversation_and_pauses_it(console, domain):
    tracker = tracker_for(
        SLOTS, text="can i talk to a person", intent="ask_human", requested_slot="iban", sender_id="web-123"
    )
    dispatcher = CollectingDispatcher()
    events = await ActionHandoff().run(dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_handoff_queued"]
    assert {"event": "pause", "timestamp": None} in events
    # No question stays open: what the user writes to the agent can't fill a slot.
    assert {"event": "slot", "timestamp": None, "name": "requested_slot", "value": None} in events
    assert {"event": "slot", "timestamp": None, "name": "handoff_active", "value": True} in events
    assert events[-1]["event"] == "action" and events[-1]["name"] == "action_listen"
    queued = handoffs.open_handoffs(console[ENGINE])
    assert len(queued) == 1
    assert queued[0]["conversation_id"] == "web-123"
    assert queued[0]["summary"]["asking"] == "iban"


async def test_repeated_failures_are_named_as_the_reason(console, domain):
    tracker = tracker_for({**SLOTS, "failed_attempts": {"iban": 3}}, text="a person", intent="ask_human")
    await ActionHandoff().run(CollectingDispatcher(), tracker, domain)
    assert handoffs.open_handoffs(console[ENGINE])[0]["reason"] == "repeated_failures"


async def test_when_the_console_is_down_the_user_gets_the_contact_details_and_goes_on(monkeypatch, domain):
    monkeypatch.setenv("CONSOLE_URL", "http://127.0.0.1:9")  # nothing listens there
    action_settings.get_settings.cache_clear()
    handoff.console.cache_clear()
    dispatcher = CollectingDispatcher()
    events = await ActionHandoff().run(dispatcher, tracker_for(SLOTS, intent="ask_human"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_human_contact"]
    assert events == []
    action_settings.get_settings.cache_clear()
    handoff.console.cache_clear()


def _tracker(slots, paused=False, active_loop=None):
    return Tracker("web-1", slots, {}, [], paused, None, active_loop or {}, "action_listen")


async def test_a_new_session_stays_paused_while_a_person_has_the_conversation(domain):
    events = await ActionSessionStart().run(
        CollectingDispatcher(), _tracker({"handoff_active": True, "iban": "BE71"}), domain
    )
    kinds = [e["event"] for e in events]
    assert kinds[0] == "session_started" and kinds[-1] == "action"
    assert "pause" in kinds
    assert {"event": "slot", "timestamp": None, "name": "iban", "value": "BE71"} in events


async def test_a_new_session_keeps_the_answers_and_is_not_paused_otherwise(domain):
    events = await ActionSessionStart().run(
        CollectingDispatcher(), _tracker({"iban": "BE71", "requested_slot": "iban"}), domain
    )
    kinds = [e["event"] for e in events]
    assert "pause" not in kinds
    assert [e["name"] for e in events if e["event"] == "slot"] == ["iban"]


async def test_restart_does_not_end_a_hand_off(domain):
    assert [
        e["event"]
        for e in await ActionRestart().run(CollectingDispatcher(), _tracker({"handoff_active": True}), domain)
    ] == ["pause", "followup"]
    assert [e["event"] for e in await ActionRestart().run(CollectingDispatcher(), _tracker({}), domain)] == ["restart"]


async def test_handed_back_says_where_it_goes_on(domain):
    dispatcher = CollectingDispatcher()
    events = await ActionHandedBack().run(dispatcher, _tracker({}, active_loop={"name": "registration_form"}), domain)
    assert dispatcher.messages[0]["response"] == "utter_handed_back"
    assert events == [{"event": "slot", "timestamp": None, "name": "handoff_active", "value": None}]
    dispatcher = CollectingDispatcher()
    await ActionHandedBack().run(dispatcher, _tracker({}), domain)
    assert dispatcher.messages[0]["response"] == "utter_handed_back_no_flow"
