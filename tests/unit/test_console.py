"""The agent console's back end: login, the queue, take over, write, hand back.

Rasa's HTTP API is a scripted stand-in here (what the console sends it is
checked); the end-to-end and browser tests use the real Rasa server.
"""

from __future__ import annotations

import json
import time

import pytest
import pytest_asyncio
from aiohttp.test_utils import TestClient, TestServer

from tests.unit.stand_in import ScriptedServer
from web import handoffs
from web.agents import hash_password, password_matches, save_agent
from web.server import COOKIE, DEVICE_COOKIE, create_app, session_cookie
from web.settings import WebSettings

HANDOFF_TOKEN = "unit-handoff-token"
SUMMARY = {
    "name": "Jan",
    "flow": "registration_form",
    "asking": "iban",
    "collected": [{"field": "iban", "value": "BE71 **** **** 6769"}],
    "latest_message": "a person",
}


@pytest.fixture
def rasa():
    server = ScriptedServer([])
    yield server
    server.close()


@pytest.fixture
def web_settings(tmp_path, rasa):
    agents = tmp_path / "agents.json"
    save_agent(str(agents), "sofie", "Sofie", "correct horse battery")
    save_agent(str(agents), "tom", "Tom", "another long password")
    return WebSettings(
        rasa_url=rasa.url,
        rasa_token="unit-rasa-token",
        rasa_public_url="http://127.0.0.1:5005",
        database_url=f"sqlite:///{tmp_path}/console.db",
        agents_file=str(agents),
        handoff_token=HANDOFF_TOKEN,
        secret="unit-console-secret",
    )


@pytest_asyncio.fixture
async def console(web_settings):
    async with TestClient(TestServer(create_app(web_settings))) as test_client:
        yield test_client


async def log_in(console, username="sofie", password="correct horse battery"):
    response = await console.post("/console/api/login", json={"username": username, "password": password})
    assert response.status == 200, await response.text()
    return response


async def queue(console, conversation_id="web-abc", summary=SUMMARY):
    response = await console.post(
        "/internal/handoffs",
        headers={"Authorization": f"Bearer {HANDOFF_TOKEN}"},
        json={"conversation_id": conversation_id, "channel": "web_chat", "reason": "asked", "summary": summary},
    )
    assert response.status == 201, await response.text()
    return await response.json()


def test_passwords_are_hashed_and_checked():
    stored = hash_password("correct horse battery")
    assert "correct horse" not in stored
    assert password_matches("correct horse battery", stored)
    assert not password_matches("correct horse batter", stored)
    assert not password_matches("anything", "not-a-hash")


async def test_the_console_refuses_everything_without_login(console):
    for path in ("/console/api/me", "/console/api/handoffs", "/console/api/handoffs/x"):
        assert (await console.get(path)).status == 401
    response = await console.post("/console/api/handoffs/x/take", json={})
    assert response.status == 401


async def test_wrong_password_is_refused_and_guessing_is_stopped(console):
    for _ in range(5):
        response = await console.post("/console/api/login", json={"username": "sofie", "password": "guess"})
        assert response.status == 401
        assert COOKIE not in response.cookies
    response = await console.post("/console/api/login", json={"username": "sofie", "password": "correct horse battery"})
    assert response.status == 429


async def test_someone_guessing_an_agents_password_cannot_lock_the_agent_out(web_settings):
    async with TestClient(TestServer(create_app(web_settings))) as server:
        agent = TestClient(server.server)
        attacker = TestClient(server.server)
        for client in (agent, attacker):
            await client.start_server()
        try:
            await log_in(agent)  # the agent's browser, known from an earlier login
            for _ in range(6):
                await attacker.post("/console/api/login", json={"username": "sofie", "password": "guess"})
            right = {"username": "sofie", "password": "correct horse battery"}
            assert (await attacker.post("/console/api/login", json=right)).status == 429
            assert (await agent.post("/console/api/login", json=right)).status == 200
            # A forged device cookie is an untrusted browser.
            attacker.session.cookie_jar.update_cookies({DEVICE_COOKIE: "eyJ1IjoiIHNvZmllIn0.forged"})
            assert (await attacker.post("/console/api/login", json=right)).status == 429
        finally:
            await agent.close()
            await attacker.close()


async def test_login_sets_a_strict_http_only_cookie(console):
    response = await log_in(console)
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/console"
    me = await (await console.get("/console/api/me")).json()
    assert me == {"username": "sofie", "name": "Sofie"}


async def test_a_forged_or_expired_cookie_is_refused(console, web_settings):
    forged = session_cookie(web_settings, "sofie").rsplit(".", 1)[0] + ".0000"
    response = await console.get("/console/api/me", cookies={COOKIE: forged})
    assert response.status == 401
    expired = session_cookie(web_settings, "sofie", now=time.time() - web_settings.session_ttl_seconds - 5)
    response = await console.get("/console/api/me", cookies={COOKIE: expired})
    assert response.status == 401
    other_secret = WebSettings(secret="someone-else", agents_file=web_settings.agents_file)
    response = await console.get("/console/api/me", cookies={COOKIE: session_cookie(other_secret, "sofie")})
    assert response.status == 401


async def test_writes_must_be_json_from_this_site(console):
    await log_in(console)
    conversation = await queue(console)
    take = f"/console/api/handoffs/{conversation['id']}/take"
    response = await console.post(take, data="x=1", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status == 415
    response = await console.post(take, json={}, headers={"Origin": "https://evil.example"})
    assert response.status == 403


async def test_only_the_action_server_queues_a_conversation(console):
    body = {"conversation_id": "web-abc", "channel": "web_chat", "reason": "asked", "summary": SUMMARY}
    assert (await console.post("/internal/handoffs", json=body)).status == 401
    wrong = await console.post("/internal/handoffs", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status == 401


async def test_asking_twice_queues_the_conversation_once(console):
    first = await queue(console)
    second = await queue(console, summary={**SUMMARY, "asking": "account_holder"})
    assert first["id"] == second["id"]
    await log_in(console)
    listed = (await (await console.get("/console/api/handoffs")).json())["handoffs"]
    assert [h["id"] for h in listed] == [first["id"]]
    assert listed[0]["summary"]["asking"] == "account_holder"


async def test_take_over_write_and_hand_back(console, rasa):
    conversation = await queue(console)
    await log_in(console)
    rasa.answers = [(200, {}, 0)] * 2  # pause; "Sofie has joined"
    taken = await console.post(f"/console/api/handoffs/{conversation['id']}/take", json={})
    assert taken.status == 200
    assert (await taken.json())["agent"] == "sofie"
    pause, joined = rasa.requests
    assert pause["path"].startswith("/conversations/web-abc/tracker/events?")
    assert "token=unit-rasa-token" in pause["path"] and "output_channel=latest" in pause["path"]
    assert json.loads(pause["body"]) == [{"event": "pause"}]
    assert json.loads(joined["body"]) == [
        {
            "event": "bot",
            "text": "Sofie from Smappee support has joined the conversation.",
            "metadata": {"agent": "Sofie", "handoff": "joined"},
        }
    ]

    rasa.answers = [(200, {}, 0)]
    sent = await console.post(f"/console/api/handoffs/{conversation['id']}/messages", json={"text": "Hi Jan, I'm here"})
    assert sent.status == 201
    assert json.loads(rasa.requests[-1]["body"])[0]["metadata"] == {"agent": "Sofie"}

    rasa.answers = [(200, {}, 0)] * 3  # "handed back"; resume; trigger_intent
    back = await console.post(f"/console/api/handoffs/{conversation['id']}/hand-back", json={})
    assert back.status == 200 and (await back.json())["status"] == handoffs.HANDED_BACK
    ended, resume, trigger = rasa.requests[-3:]
    assert json.loads(ended["body"])[0]["metadata"]["handoff"] == "ended"
    assert [e["event"] for e in json.loads(resume["body"])] == ["resume", "slot", "action"]
    assert trigger["path"].startswith("/conversations/web-abc/trigger_intent")
    assert json.loads(trigger["body"])["name"] == "handed_back"
    listed = (await (await console.get("/console/api/handoffs")).json())["handoffs"]
    assert listed == []


async def test_another_agent_cannot_take_or_write_in_a_taken_conversation(console, web_settings, rasa):
    conversation = await queue(console)
    await log_in(console)
    rasa.answers = [(200, {}, 0)] * 2
    assert (await console.post(f"/console/api/handoffs/{conversation['id']}/take", json={})).status == 200
    tom = {COOKIE: session_cookie(web_settings, "tom")}
    console.session.cookie_jar.clear()
    assert (await console.post(f"/console/api/handoffs/{conversation['id']}/take", json={}, cookies=tom)).status == 409
    response = await console.post(
        f"/console/api/handoffs/{conversation['id']}/messages", json={"text": "hi"}, cookies=tom
    )
    assert response.status == 409
    assert (
        await console.post(f"/console/api/handoffs/{conversation['id']}/hand-back", json={}, cookies=tom)
    ).status == 409


async def test_a_message_rasa_did_not_take_is_reported_as_not_delivered(console, rasa):
    conversation = await queue(console)
    await log_in(console)
    rasa.answers = [(200, {}, 0)] * 2
    await console.post(f"/console/api/handoffs/{conversation['id']}/take", json={})
    rasa.answers = [(503, {}, 0)]
    response = await console.post(f"/console/api/handoffs/{conversation['id']}/messages", json={"text": "hello"})
    assert response.status == 502
    assert "not delivered" in (await response.json())["error"]["message"]


async def test_pages_carry_a_strict_content_security_policy(console):
    response = await console.get("/")
    assert response.status == 200
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "ws://127.0.0.1:5005" in policy
    page = await response.text()
    assert 'data-server="http://127.0.0.1:5005"' in page
    assert "unit-rasa-token" not in page and HANDOFF_TOKEN not in page
    assert "<script>" not in page  # no inline script: the policy forbids it
    assert (await console.get("/console")).status == 200
