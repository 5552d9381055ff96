"""A conversation as people see it, from Rasa's tracker events: who wrote what.

Shared by the web chat channel (history after a page reload) and the agent
console (the conversation an agent takes over). No Rasa import: plain data.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from charging_host.mandate import mask_ibans_in

# How many past messages are shown.
HISTORY_LIMIT = 200
# Messages the HTTP API injects (trigger_intent) are not the user's words.
EXTERNAL_PREFIX = "EXTERNAL:"


def author_of(message: dict[str, Any]) -> dict[str, Any]:
    """The assistant, or a support agent (named in the bot event's metadata by
    the agent console)."""
    if message.get("agent"):
        return {"author": "agent", "agent_name": str(message["agent"])}
    return {"author": "assistant"}


def widget_message(message: dict[str, Any]) -> dict[str, Any]:
    """The fields of a bot message that are shown (never raw custom JSON)."""
    shown: dict[str, Any] = {"text": str(message.get("text") or ""), **author_of(message)}
    if message.get("buttons"):
        shown["buttons"] = [
            {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))} for b in message["buttons"]
        ]
    if message.get("image"):
        shown["image"] = str(message["image"])
    if message.get("handoff"):
        shown["handoff"] = str(message["handoff"])  # "joined" or "ended"
    return shown


def history_of(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """User and bot messages in order, each with its author and time."""
    shown: list[dict[str, Any]] = []
    for event in events:
        kind = event.get("event")
        text = event.get("text")
        if kind == "user" and text and not str(text).startswith(EXTERNAL_PREFIX):
            # Shown again later: after confirmation an IBAN is only ever shown masked.
            shown.append({"author": "user", "text": mask_ibans_in(str(text)), "timestamp": event.get("timestamp")})
        elif kind == "bot":
            message = {**(event.get("data") or {}), **(event.get("metadata") or {}), "text": text}
            if message["text"] or message.get("image") or message.get("buttons"):
                shown.append({**widget_message(message), "timestamp": event.get("timestamp")})
    return shown
