"""Talking to the running assistant (tests/conftest.py) over Rasa's REST channel."""

import uuid

import pytest
import requests

from scripts.stack import Stack
from tests.outbox import latest_login_code


class Conversation:
    """One person talking to the assistant over the REST channel."""

    def __init__(self, stack: Stack):
        self.stack = stack
        self.sender = f"e2e-{uuid.uuid4().hex[:10]}"
        self.replies: list = []

    def say(self, text: str, language_hint: str | None = None) -> str:
        body: dict = {"sender": self.sender, "message": text}
        if language_hint:  # as the web page or a messaging app would give it
            body["metadata"] = {"language": language_hint}
        response = requests.post(
            f"{self.stack.rasa_url}/webhooks/rest/webhook",
            json=body,
            headers={"Authorization": f"Bearer {self.stack.rest_token}"},
            timeout=90,
        )
        response.raise_for_status()
        self.replies = response.json()
        return self.text

    @property
    def text(self) -> str:
        return "\n".join(m.get("text", "") for m in self.replies)

    @property
    def buttons(self) -> list:
        return [b for m in self.replies for b in m.get("buttons", [])]

    def login(self, email: str) -> None:
        assert "Smappee login" in self.say("I want to register as a charging host")
        assert "sent a 6-digit code" in self.say(email)
        assert "that's you" in self.say(latest_login_code(self.stack.outbox, email))

    def tracker(self) -> dict:
        response = requests.get(
            f"{self.stack.rasa_url}/conversations/{self.sender}/tracker",
            params={"token": self.stack.rasa_token},
            timeout=10,
        )
        response.raise_for_status()
        return response.json()


@pytest.fixture
def conversation(stack):
    return Conversation(stack)


def organisations(stack: Stack) -> list:
    response = requests.get(
        f"{stack.dashboard_url}/v1/organisations",
        headers={"Authorization": f"Bearer {stack.admin_token}"},
        timeout=10,
    )
    response.raise_for_status()
    return response.json()["organisations"]
