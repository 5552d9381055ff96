"""The action server's client of the agent console: it queues a conversation
for a person (Rasa has no endpoint that lists conversations, so the hand-off
action tells the console)."""

from __future__ import annotations

import logging
from typing import Any

import requests

from actions.settings import get_settings
from common.logs import conversation_ref

logger = logging.getLogger(__name__)


class ConsoleUnavailable(Exception):
    """The console did not take the hand-off (down, time-out, refusal)."""


class ConsoleClient:
    def __init__(self, base_url: str, token: str, timeout: float = 5.0):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.http = requests.Session()

    @classmethod
    def from_settings(cls) -> ConsoleClient:
        settings = get_settings()
        return cls(settings.console_url, settings.handoff_token, settings.console_timeout)

    def queue_handoff(self, conversation_id: str, channel: str, reason: str, summary: dict[str, Any]) -> dict:
        # Queueing twice is harmless: the console keeps one open hand-off per
        # conversation, so one retry is safe.
        body: dict[str, Any] = {
            "conversation_id": conversation_id,
            "channel": channel,
            "reason": reason,
            "summary": summary,
        }
        failure: Exception = ConsoleUnavailable("not tried")
        for _ in range(2):
            try:
                response = self.http.post(
                    f"{self.base_url}/internal/handoffs",
                    json=body,
                    timeout=self.timeout,
                    headers={"Authorization": f"Bearer {self.token}"},
                )
            except requests.RequestException as error:
                failure = error
                continue
            if response.status_code == 201:
                return response.json()
            failure = ConsoleUnavailable(f"HTTP {response.status_code}")
            if response.status_code < 500:
                break
        logger.warning("hand-off not queued for %s: %s", conversation_ref(conversation_id), failure)
        raise ConsoleUnavailable(str(failure))
