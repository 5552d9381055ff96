"""The console's client of Rasa's HTTP API (the one place that holds its token).

Hand-off with the API, as Rasa 3.6 works: the hand-off action has already
paused the conversation; an agent's words are ``bot`` events delivered on the
user's own channel (``output_channel=latest``); handing back resumes the
conversation and triggers the ``handed_back`` intent, so the assistant picks
up where it was.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, unquote

import aiohttp

from common.logs import conversation_ref

TIMEOUT = aiohttp.ClientTimeout(total=30)


def _redacted(path: str) -> str:
    """The path as logs may show it: a conversation's id (a phone number, for WhatsApp) as a reference."""
    parts = path.split("/")
    if len(parts) > 2 and parts[1] == "conversations":
        parts[2] = conversation_ref(unquote(parts[2]))
    return "/".join(parts)


class RasaUnavailable(Exception):
    """Rasa's API did not answer, or answered with an error."""


class RasaApi:
    def __init__(self, base_url: str, token: str, session: aiohttp.ClientSession) -> None:
        self.base_url = base_url
        self.token = token
        self.session = session

    async def _call(self, method: str, path: str, json: Any = None, params: dict[str, str] | None = None) -> Any:
        query = {"token": self.token, **(params or {})}
        try:
            async with self.session.request(
                method, f"{self.base_url}{path}", json=json, params=query, timeout=TIMEOUT
            ) as response:
                if response.status >= 400:
                    raise RasaUnavailable(f"{method} {_redacted(path)}: HTTP {response.status}")
                return await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError) as failure:
            raise RasaUnavailable(f"{method} {_redacted(path)}: {type(failure).__name__}") from failure

    @staticmethod
    def _conversation(conversation_id: str) -> str:
        # Rasa's routes do not unquote: keep the characters our ids use as they are.
        return f"/conversations/{quote(conversation_id, safe=':+@')}"

    async def tracker(self, conversation_id: str) -> dict[str, Any]:
        return await self._call(
            "GET", f"{self._conversation(conversation_id)}/tracker", params={"include_events": "AFTER_RESTART"}
        )

    async def _post_events(self, conversation_id: str, events: list[dict[str, Any]]) -> None:
        await self._call(
            "POST",
            f"{self._conversation(conversation_id)}/tracker/events",
            json=events,
            params={"output_channel": "latest", "execute_side_effects": "true"},
        )

    async def say(
        self, conversation_id: str, agent: str, text: str, handoff: str | None = None, language: str | None = None
    ) -> None:
        """The agent's words, delivered on the user's channel, marked as the agent's (and the
        conversation's language, for the words a messaging channel adds)."""
        metadata = {
            "agent": agent,
            **({"handoff": handoff} if handoff else {}),
            **({"language": language} if language else {}),
        }
        await self._post_events(conversation_id, [{"event": "bot", "text": text, "metadata": metadata}])

    async def pause(self, conversation_id: str) -> None:
        await self._post_events(conversation_id, [{"event": "pause"}])

    async def hand_back(self, conversation_id: str) -> None:
        # trigger_intent does nothing while paused: resume first.
        await self._post_events(
            conversation_id,
            [
                {"event": "resume"},
                {"event": "slot", "name": "handoff_active", "value": None},
                {"event": "action", "name": "action_listen"},
            ],
        )
        await self._call(
            "POST",
            f"{self._conversation(conversation_id)}/trigger_intent",
            json={"name": "handed_back", "entities": {}},
            params={"output_channel": "latest"},
        )
