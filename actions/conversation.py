"""Helpers every flow's actions share: reading the user's turn, counting failures."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.dashboard_client import DashboardClient
from charging_host.yes_no import read_yes_no

FAILED_ATTEMPTS_SLOT = "failed_attempts"
# After this many failed answers to one question, a person is offered.
FAILURES_BEFORE_HUMAN = 3


@functools.lru_cache(maxsize=1)
def dashboard() -> DashboardClient:
    return DashboardClient.from_settings()


async def call_blocking(function: Callable, *args, **kwargs) -> Any:
    """Run a blocking client call without stalling other conversations."""
    return await asyncio.to_thread(function, *args, **kwargs)


def latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def latest_text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def yes_or_no(tracker: Tracker, value: Any) -> bool | None:
    """True for a yes, False for a no, None when the answer is neither: the
    intent when the language model is sure of it, else the words
    (``charging_host.yes_no``: "yep", "ok go ahead", "👍", "not yet", "I do not agree")."""
    intent = latest_intent(tracker)
    if intent == "affirm":
        return True
    if intent == "deny":
        return False
    return read_yes_no(str(value or latest_text(tracker)))


def refuse(
    slot: str,
    response: str,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    count: bool = True,
    **values: Any,
) -> dict:
    """Say what is wrong and ask again, never the same way twice in a row: the
    second failed answer to a question gets it said another way, with an example
    and buttons where the answers are a closed set (``utter_example_<slot>``);
    every third, a person is offered instead of the complaint."""
    result: dict = {slot: None}
    if not count:
        dispatcher.utter_message(response=response, **values)
        return result
    failures = dict(tracker.get_slot(FAILED_ATTEMPTS_SLOT) or {})
    failures[slot] = failures.get(slot, 0) + 1
    dispatcher.utter_message(**failure_message(failures[slot], slot, response), **values)
    result[FAILED_ATTEMPTS_SLOT] = failures
    return result


def failure_message(failures: int, slot: str, response: str) -> dict[str, str]:
    """What to say after the ``failures``-th unusable answer to one question
    (the question itself follows, asked by the form)."""
    if failures % FAILURES_BEFORE_HUMAN == 0:
        return {"response": "utter_offer_human"}
    if failures % 2 == 0:
        return {"response": f"utter_example_{slot}"}
    return {"response": response}


def accept(slot: str, tracker: Tracker, **values: Any) -> dict:
    """Fill the slot (and related ones) and forget earlier failures on it."""
    failures = dict(tracker.get_slot(FAILED_ATTEMPTS_SLOT) or {})
    result = dict(values)
    if failures.pop(slot, None) is not None:
        result[FAILED_ATTEMPTS_SLOT] = failures
    return result


def confirmation(
    slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, again_response: str, ask_again: list
) -> dict:
    """A summary's yes (go on) or no (say so, and ask ``ask_again`` once more)."""
    answer = True if value is True else yes_or_no(tracker, value)
    if answer is True:
        return {slot: True}
    if answer is False:
        dispatcher.utter_message(response=again_response)
        return {slot: None, **dict.fromkeys(ask_again)}
    return refuse(slot, "utter_yes_or_no", dispatcher, tracker)
