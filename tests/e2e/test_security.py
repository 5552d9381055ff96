"""What nobody may do: use Rasa's HTTP API without its token, read or write
someone else's conversation through the chat socket, connect from another site."""

import asyncio
from pathlib import Path

import pytest
import requests
import socketio

from tests.e2e.conftest import Conversation


class ChatSocket:
    """A browser's socket to the web chat channel (long-polling: the same
    protocol the widget falls back to)."""

    def __init__(self, stack, origin=None):
        self.stack = stack
        self.origin = origin or stack.web_url
        self.client = socketio.AsyncClient(reconnection=False)
        self.received = []
        for event in ("session_confirm", "bot_uttered", "history", "chat_error"):
            self.client.on(event, self._recorder(event))

    def _recorder(self, event):
        async def record(data):
            self.received.append((event, data))

        return record

    async def connect(self):
        await self.client.connect(self.stack.rasa_url, headers={"Origin": self.origin}, transports=["polling"])
        return self

    async def session(self, **credentials):
        await self.client.emit("session_request", credentials)
        return await self.next("session_confirm")

    async def next(self, event, timeout=60):
        for _ in range(int(timeout * 10)):
            for index, (name, _data) in enumerate(self.received):
                if name == event:
                    return self.received.pop(index)[1]
            await asyncio.sleep(0.1)
        raise AssertionError(f"no {event} within {timeout}s; got {self.received}")

    async def say(self, text, **extra):
        await self.client.emit("user_uttered", {"message": text, **extra})

    async def close(self):
        # Abort: a polite close waits for the pending long-poll (up to 25 s).
        await self.client.eio.disconnect(abort=True)
        for task in asyncio.all_tasks():
            if task is not asyncio.current_task() and "engineio" in repr(task.get_coro()):
                task.cancel()


def test_rasa_http_api_refuses_requests_without_the_token(stack):
    conversation = Conversation(stack)
    conversation.say("hi")
    base = f"{stack.rasa_url}/conversations/{conversation.sender}"
    assert requests.get(f"{base}/tracker", timeout=10).status_code == 401
    assert requests.get(f"{base}/tracker", params={"token": "wrong"}, timeout=10).status_code == 401
    refused = requests.post(f"{base}/tracker/events", json=[{"event": "pause"}], timeout=10)
    assert refused.status_code == 401
    assert requests.post(f"{stack.rasa_url}/model/train", json={}, timeout=10).status_code == 401
    assert conversation.tracker()["paused"] is False  # nothing changed
    # No other site's page may call it from a browser (no CORS for it).
    preflight = requests.options(
        f"{base}/tracker",
        timeout=10,
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.headers.get("Access-Control-Allow-Origin") in (None, "")


async def test_a_socket_only_reaches_its_own_conversation(stack):
    alice = await ChatSocket(stack).connect()
    session = await alice.session()
    assert session["resumed"] is False and session["session_id"].startswith("web-")
    await alice.say("hi")
    assert "charging-host assistant" in (await alice.next("bot_uttered"))["text"]

    # Mallory knows Alice's conversation id but not its key: a new conversation of her own.
    mallory = await ChatSocket(stack).connect()
    stolen = await mallory.session(session_id=session["session_id"], session_key="0" * 64)
    assert stolen["session_id"] != session["session_id"] and stolen["resumed"] is False
    await asyncio.sleep(1)
    assert not [e for e, _ in mallory.received if e == "history"]
    # Naming Alice's conversation in a message changes nothing either.
    await mallory.say("what is a cpo", session_id=session["session_id"], sender=session["session_id"])
    assert "charge point operator" in (await mallory.next("bot_uttered"))["text"]
    await asyncio.sleep(1)
    assert not [e for e, _ in alice.received if e == "bot_uttered"]

    events = requests.get(
        f"{stack.rasa_url}/conversations/{session['session_id']}/tracker",
        params={"token": stack.rasa_token},
        timeout=10,
    ).json()["events"]
    assert [e["text"] for e in events if e["event"] == "user"] == ["hi"]

    # With the key (a reload of Alice's page), her history comes back.
    again = await ChatSocket(stack).connect()
    resumed = await again.session(session_id=session["session_id"], session_key=session["session_key"])
    assert resumed["resumed"] is True and resumed["session_id"] == session["session_id"]
    history = (await again.next("history"))["messages"]
    assert history[0] == {"author": "user", "text": "hi", "timestamp": history[0]["timestamp"]}
    assert "charging-host assistant" in history[1]["text"]
    for socket in (alice, mallory, again):
        await socket.close()


async def test_a_message_before_a_session_is_refused(stack):
    socket = await ChatSocket(stack).connect()
    await socket.say("hi")
    assert (await socket.next("chat_error"))["reason"] == "no_session"
    await socket.close()


async def test_another_site_cannot_open_the_chat_socket(stack):
    socket = ChatSocket(stack, origin="https://evil.example")
    with pytest.raises(socketio.exceptions.ConnectionError):
        await socket.connect()


def test_the_rest_channel_needs_its_token(stack):
    # Without it anyone could write as any conversation (a Telegram chat id is easy to guess).
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        refused = requests.post(
            f"{stack.rasa_url}/webhooks/rest/webhook",
            headers=headers,
            timeout=10,
            json={"sender": "telegram:12345", "message": "hi"},
        )
        assert refused.status_code == 401
    assert Conversation(stack).say("hi")  # with it, the assistant answers


def test_only_the_agent_console_holds_rasas_api_token(stack):
    holders = []
    for name, process in stack.processes.items():
        environment = Path(f"/proc/{process.pid}/environ").read_bytes().split(b"\0")
        if f"RASA_AUTH_TOKEN={stack.rasa_token}".encode() in environment:
            holders.append(name)
    assert holders == ["web"]
