"""A yes (or a no) right after the assistant suggested a next step."""

from __future__ import annotations

from actions.suggestions import ActionDeclineSuggestion, ActionTakeSuggestion
from tests.unit.conftest import tracker_for
from tests.unit.test_registration_actions import responses, run


async def test_a_yes_after_the_pricing_suggestion_starts_the_pricing(domain):
    tracker = tracker_for({"suggested_step": "pricing"}, "ok let's do that", intent="affirm")
    slots, messages, events = await run(ActionTakeSuggestion(), tracker, domain)
    assert {"event": "followup", "name": "action_start_pricing"} in [
        {"event": e["event"], "name": e.get("name")} for e in events
    ]
    assert slots["suggested_step"] is None and messages == []


async def test_a_yes_after_the_registration_opens_the_stations(domain):
    tracker = tracker_for({"suggested_step": "public_charging"}, "yes please", intent="affirm")
    _, _, events = await run(ActionTakeSuggestion(), tracker, domain)
    assert [e["name"] for e in events if e["event"] == "followup"] == ["action_start_public_charging"]


async def test_a_yes_with_nothing_suggested_asks_what_next(domain):
    tracker = tracker_for({}, "ok", intent="affirm")
    _, messages, events = await run(ActionTakeSuggestion(), tracker, domain)
    assert responses(messages) == ["utter_nothing_suggested"]
    assert not [e for e in events if e["event"] == "followup"]


async def test_a_no_to_the_suggestion_forgets_it(domain):
    tracker = tracker_for({"suggested_step": "pricing"}, "not now", intent="deny")
    slots, messages, _ = await run(ActionDeclineSuggestion(), tracker, domain)
    assert responses(messages) == ["utter_suggestion_declined"]
    assert slots["suggested_step"] is None
