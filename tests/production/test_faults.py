"""Faults on the production-shaped stack, end to end: hosts register over the
REST channel through the load balancer while a process dies or restarts, or
the back end's answer to a submission is lost. Each registration must
complete, once.
"""

from __future__ import annotations

import json
import queue
import threading
import time
import uuid

import requests
import socketio

from tests.e2e.conftest import Conversation, organisations
from tests.outbox import latest_login_code
from tests.production import hosts

REGISTRATIONS = "/v1/registrations"


def login_code(stack, number, email_of=hosts.email_of):
    return lambda: latest_login_code(stack.outbox, email_of(number))


def play(c: Conversation, turns) -> None:
    for message, expected in turns:
        text = c.say(message() if callable(message) else message)
        assert expected in text, f"{message!r} was answered with {text!r}"


def registrations_of(stack, number, legal_name=None) -> list:
    """The back end's registrations of host ``number``'s organisation (its admin API)."""
    legal_name = legal_name or f"Laadpunt {number:03d} BV"
    named = [o for o in organisations(stack) if o["legal_name"] == legal_name]
    assert len(named) <= 1, "two organisations for one host"
    return named[0]["registrations"] if named else []


def reference_in(text: str) -> str:
    assert "Your reference is REG-" in text, text
    return text.split("Your reference is ")[1].split(".")[0]


def registers_once_despite(stack, accounts, after: int, fault) -> None:
    """A host answers ``after`` messages of a registration, ``fault()`` happens,
    then the host goes on as if nothing had: the registration completes, once."""
    number = accounts.take()
    c = Conversation(stack)
    turns = hosts.registration(number, login_code(stack, number))
    play(c, turns[:after])
    fault()
    play(c, turns[after:])
    reference = reference_in(c.say(hosts.SUBMIT[0]))
    assert [r["reference"] for r in registrations_of(stack, number)] == [reference]
    assert c.tracker()["slots"]["registration_reference"] == reference


def test_a_rasa_server_killed_mid_registration_the_host_goes_on_through_the_other(stack, accounts):
    try:
        # Logged in, company, VAT number, name, address given: the next messages go to the other server.
        registers_once_despite(stack, accounts, 8, lambda: stack.crash("rasa-1"))
    finally:
        stack.start(["rasa-1"])


def test_postgresql_restarted_mid_registration_loses_nothing(stack, accounts):
    # Every process's pooled connections die with the server: the next turn
    # (tracker store, back end) still gets an answer, not an error.
    registers_once_despite(stack, accounts, 10, lambda: stack.restart("postgres"))


def test_redis_restarted_mid_registration_keeps_the_login_and_the_lock(stack, accounts):
    # The account session is still there (Redis's append-only file), whichever
    # action server runs the next action: no new login code is asked for.
    registers_once_despite(stack, accounts, 6, lambda: stack.restart("redis"))


def member_registers(stack, accounts):
    """A member of a registered organisation up to the summary: the path on
    which the back end would take a second registration."""
    number = accounts.take("member")
    c = Conversation(stack)
    play(c, hosts.member_registration(number, login_code(stack, number, hosts.member_email_of)))
    return number, c


def member_registrations(stack, number) -> list:
    return registrations_of(stack, number, hosts.member_organisation_of(number))


def submissions_of(stack, number) -> list:
    return [
        f
        for f in stack.link.sent("POST", REGISTRATIONS)
        if hosts.member_organisation_of(number).encode() in f.body and f.status == 201
    ]


def test_a_lost_500_at_submit_is_retried_with_the_same_key_and_registers_once(stack, accounts):
    number, c = member_registers(stack, accounts)
    stack.link.lose_next_answer("POST", REGISTRATIONS, "500")
    assert "couldn't reach the Smappee system" in c.say(hosts.SUBMIT[0])
    # The back end did register it: only its answer was lost.
    assert len(member_registrations(stack, number)) == 1
    reference = reference_in(c.say("try again"))
    assert [r["reference"] for r in member_registrations(stack, number)] == [reference]
    sent = submissions_of(stack, number)
    assert len(sent) == 2 and sent[0].headers["Idempotency-Key"] == sent[1].headers["Idempotency-Key"]

    # The count above sees a duplicate: the organisation may well register a
    # second time (with a mandate of its own), and then the count is 2.
    body = json.loads(sent[0].body)
    body["mandate"]["reference"] = body["mandate"]["reference"][:-8] + uuid.uuid4().hex[:8].upper()
    again = requests.post(
        f"{stack.dashboard_url}{REGISTRATIONS}",
        json=body,
        headers={**sent[0].headers, "Idempotency-Key": uuid.uuid4().hex},
        timeout=10,
    )
    assert again.status_code == 201, again.text
    assert len(member_registrations(stack, number)) == 2


def test_a_submit_answer_that_times_out_is_retried_and_registers_once(stack, accounts):
    number, c = member_registers(stack, accounts)
    stack.link.lose_next_answer("POST", REGISTRATIONS, "timeout")
    # The client gave up after DASHBOARD_TIMEOUT and sent it again, with the same key.
    reference = reference_in(c.say(hosts.SUBMIT[0]))
    assert [r["reference"] for r in member_registrations(stack, number)] == [reference]
    sent = submissions_of(stack, number)
    assert len(sent) == 2 and sent[0].headers["Idempotency-Key"] == sent[1].headers["Idempotency-Key"]
    assert sent[1].headers.get("Idempotency-Key")


def test_with_every_action_server_down_for_a_turn_the_host_hears_so_and_loses_nothing(stack, accounts):
    number = accounts.take()
    c = Conversation(stack)
    turns = hosts.registration(number, login_code(stack, number))
    play(c, turns[:5])  # the next question is the VAT number
    for name in stack.action_names:
        stack.crash(name)
    try:
        assert "can't answer right now" in c.say(hosts.vat_number_of(number))
    finally:
        stack.start(stack.action_names)
    play(c, turns[5:])  # the VAT number again, checked this time, and the rest
    reference = reference_in(c.say(hosts.SUBMIT[0]))
    assert [r["reference"] for r in registrations_of(stack, number)] == [reference]


def test_two_messages_of_one_conversation_at_once_are_handled_one_after_the_other(stack, accounts):
    """The load balancer sends them to different servers; the lock store makes
    the second wait for the first, so it is read in the first one's context."""
    number = accounts.take()
    c = Conversation(stack)
    answers: dict[str, str] = {}

    def send(text: str) -> None:
        same = Conversation(stack)  # the same conversation, replies of its own
        same.sender = c.sender
        answers[text] = same.say(text)

    first = threading.Thread(target=send, args=("I want to register as a charging host",))
    first.start()
    time.sleep(0.05)  # the first holds the conversation's lock by now
    send(hosts.email_of(number))
    first.join()
    assert "6-digit code" in answers[hosts.email_of(number)]
    users = [e["text"] for e in c.tracker()["events"] if e["event"] == "user"]
    assert users == ["I want to register as a charging host", hosts.email_of(number)]


def test_the_web_chat_stays_on_its_server_and_an_agents_words_reach_it_from_the_other(stack):
    received: queue.Queue = queue.Queue()
    http = requests.Session()  # keeps the load balancer's cookie, as a browser does
    client = socketio.Client(http_session=http, reconnection=False)
    for event in ("session_confirm", "bot_uttered"):
        client.on(event, lambda data, event=event: received.put((event, data)))
    # Long polling only: every poll is a new HTTP request, which must reach the
    # server that holds the session (the other would answer "unknown session").
    client.connect(stack.rasa_url, transports=["polling"], headers={"Origin": stack.web_url}, wait_timeout=10)
    try:
        client.emit("session_request", {"language": "en"})
        event, confirm = received.get(timeout=20)
        assert event == "session_confirm"
        for text in ("hi", "what is a cpo?"):
            client.emit("user_uttered", {"message": text})
            event, reply = received.get(timeout=60)
            assert event == "bot_uttered" and reply["text"]
        holder = http.cookies.get("chat_server")
        assert holder in stack.rasa_names
        other = next(name for name in stack.rasa_names if name != holder)
        # An agent's words sent to the server that does not hold the socket
        # (as the console's request may land there) reach it through Redis.
        requests.post(
            f"{stack.instance_url(other)}/conversations/{confirm['session_id']}/tracker/events",
            params={"token": stack.rasa_token, "output_channel": "latest", "execute_side_effects": "true"},
            json=[{"event": "bot", "text": "Hello, this is Sofie from support.", "metadata": {"agent": "Sofie"}}],
            timeout=20,
        ).raise_for_status()
        while True:
            event, message = received.get(timeout=20)
            if event == "bot_uttered" and "Sofie from support" in message["text"]:
                break
        assert client.transport() == "polling"
    finally:
        client.disconnect()
