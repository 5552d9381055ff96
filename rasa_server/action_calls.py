"""What Rasa sends the action server for the language follower.

Rasa sends every custom action the whole conversation (every event since the
start) and the whole domain (90 kB here). ``action_follow_language`` runs on
every message (the ``language`` slot's custom mapping) and reads only the
slots, the latest message, the active form and the latest user event
(actions/language.py): it gets those, the events from the latest user message
on, and no domain. The serialising and parsing saved grows with the
conversation; the other actions get what Rasa sends them.
"""

from __future__ import annotations

from typing import Any

import rasa
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

RECENT_EVENTS_ONLY = frozenset({"action_follow_language"})
_rasas_own = RemoteAction._action_call_format


def recent_events(tracker: DialogueStateTracker) -> list[dict[str, Any]]:
    """The events from the latest user message on (all of them when there is none),
    read from the end: the conversation's events are not copied on every message."""
    recent = []
    for event in reversed(tracker.events):
        recent.append(event)
        if isinstance(event, UserUttered):
            break
    return [event.as_dict() for event in reversed(recent)]


def action_call_format(self: RemoteAction, tracker: DialogueStateTracker, domain: Domain) -> dict[str, Any]:
    if self.name() not in RECENT_EVENTS_ONLY:
        return _rasas_own(self, tracker, domain)
    state = tracker.current_state(EventVerbosity.NONE)
    state["events"] = recent_events(tracker)
    return {"next_action": self.name(), "sender_id": tracker.sender_id, "tracker": state, "version": rasa.__version__}


def install() -> None:
    RemoteAction._action_call_format = action_call_format
