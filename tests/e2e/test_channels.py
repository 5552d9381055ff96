"""Channel contract tests: provider-shaped webhook requests (a Telegram update,
a Twilio WhatsApp form post, a Slack event, a Messenger event), signed as the
provider signs them, posted to the real Rasa server; the replies the channel
code sends to the provider's API (a local stand-in: tests/providers.py) carry
the right text, buttons or media. Hand-off works on each."""

from __future__ import annotations

import json
import time
import uuid

import pytest
import requests

from channels.messenger import hub_signature
from channels.slack import slack_signature
from channels.whatsapp import twilio_signature
from tests.conftest import AGENT
from tests.outbox import latest_login_code
from tests.providers import SECRETS


class Telegram:
    name = "telegram"

    def __init__(self, stack, providers):
        self.stack, self.providers = stack, providers
        self.chat = str(int(uuid.uuid4().int % 10**9))
        self.url = f"{stack.rasa_url}/webhooks/telegram/webhook"

    def post(self, update, secret=SECRETS["TELEGRAM_WEBHOOK_SECRET"]):
        return requests.post(
            self.url, json={"update_id": 1, **update}, timeout=90, headers={"X-Telegram-Bot-Api-Secret-Token": secret}
        )

    def say(self, text, language_code=None, **signing):
        sender = {"id": int(self.chat), **({"language_code": language_code} if language_code else {})}
        return self.post(
            {
                "message": {
                    "message_id": 1,
                    "chat": {"id": int(self.chat), "type": "private"},
                    "from": sender,
                    "text": text,
                }
            },
            **signing,
        )

    def tap(self, data):
        return self.post(
            {
                "callback_query": {
                    "id": "cb1",
                    "data": data,
                    "from": {"id": int(self.chat)},
                    "message": {"message_id": 2, "chat": {"id": int(self.chat)}},
                }
            }
        )

    def mine(self, call):
        return call["path"].startswith("/telegram/bot") and str(call["body"].get("chat_id")) == self.chat

    @staticmethod
    def text(call):
        return call["body"].get("text", "")

    @staticmethod
    def buttons(call):
        return [row[0]["text"] for row in (call["body"].get("reply_markup") or {}).get("inline_keyboard", [])]

    @staticmethod
    def image(call):
        return call["body"].get("photo") if call["path"].endswith("/sendPhoto") else None


class WhatsApp:
    name = "whatsapp"

    def __init__(self, stack, providers):
        self.stack, self.providers = stack, providers
        self.number = f"+32470{uuid.uuid4().int % 10**6:06d}"
        self.url = f"{stack.rasa_url}/webhooks/whatsapp/webhook"

    def say(self, text, token=SECRETS["TWILIO_AUTH_TOKEN"]):
        form = {
            "From": f"whatsapp:{self.number}",
            "To": SECRETS["TWILIO_WHATSAPP_NUMBER"],
            "Body": text,
            "NumMedia": "0",
            "AccountSid": SECRETS["TWILIO_ACCOUNT_SID"],
            "MessageSid": "SM" + uuid.uuid4().hex,
        }
        return requests.post(
            self.url, data=form, timeout=90, headers={"X-Twilio-Signature": twilio_signature(token, self.url, form)}
        )

    def mine(self, call):
        return call["path"].startswith("/twilio/") and call["body"].get("To") == f"whatsapp:{self.number}"

    @staticmethod
    def text(call):
        return call["body"].get("Body", "")

    @staticmethod
    def buttons(call):
        return []  # WhatsApp messages here have none: numbered text instead

    @staticmethod
    def image(call):
        return call["body"].get("MediaUrl")


class Slack:
    name = "slack"

    def __init__(self, stack, providers):
        self.stack, self.providers = stack, providers
        self.channel = "D" + uuid.uuid4().hex[:10].upper()
        self.url = f"{stack.rasa_url}/webhooks/slack/webhook"

    def _signed_post(
        self,
        body: bytes,
        content_type: str,
        secret: str = SECRETS["SLACK_SIGNING_SECRET"],
        age: float = 0,
        headers: dict[str, str] | None = None,
    ):
        timestamp = str(int(time.time() - age))
        return requests.post(
            self.url,
            data=body,
            timeout=30,
            headers={
                "Content-Type": content_type,
                "X-Slack-Request-Timestamp": timestamp,
                "X-Slack-Signature": slack_signature(secret, timestamp, body),
                **(headers or {}),
            },
        )

    def say(self, text, **signing):
        event = {
            "type": "event_callback",
            "event": {
                "type": "message",
                "channel_type": "im",
                "user": "U1",
                "channel": self.channel,
                "text": text,
                "ts": str(time.time()),
            },
        }
        return self._signed_post(json.dumps(event).encode(), "application/json", **signing)

    def click(self, value):
        payload = {
            "type": "block_actions",
            "user": {"id": "U1"},
            "channel": {"id": self.channel},
            "actions": [{"action_id": "button_0", "value": value}],
        }
        body = "payload=" + requests.utils.quote(json.dumps(payload))
        return self._signed_post(body.encode(), "application/x-www-form-urlencoded")

    def mine(self, call):
        return call["path"] == "/slack/api/chat.postMessage" and call["body"].get("channel") == self.channel

    @staticmethod
    def text(call):
        return call["body"].get("text", "")

    @staticmethod
    def buttons(call):
        return [
            e["text"]["text"] for b in call["body"].get("blocks", []) if b["type"] == "actions" for e in b["elements"]
        ]

    @staticmethod
    def image(call):
        return next((b["image_url"] for b in call["body"].get("blocks", []) if b["type"] == "image"), None)


class Messenger:
    name = "messenger"

    def __init__(self, stack, providers):
        self.stack, self.providers = stack, providers
        self.psid = str(uuid.uuid4().int % 10**15)
        self.url = f"{stack.rasa_url}/webhooks/messenger/webhook"

    def say(self, text, secret=SECRETS["MESSENGER_APP_SECRET"], quick_reply=None):
        message = {"mid": "m_" + uuid.uuid4().hex, "text": text}
        if quick_reply:
            message["quick_reply"] = {"payload": quick_reply}
        body = json.dumps(
            {
                "object": "page",
                "entry": [
                    {
                        "id": "page",
                        "time": 1,
                        "messaging": [{"sender": {"id": self.psid}, "recipient": {"id": "page"}, "message": message}],
                    }
                ],
            }
        ).encode()
        return requests.post(
            self.url,
            data=body,
            timeout=90,
            headers={"Content-Type": "application/json", "X-Hub-Signature-256": hub_signature(secret, body)},
        )

    def mine(self, call):
        return call["path"] == "/graph/me/messages" and call["body"]["recipient"]["id"] == self.psid

    @staticmethod
    def text(call):
        return call["body"]["message"].get("text", "")

    @staticmethod
    def buttons(call):
        return [q["title"] for q in call["body"]["message"].get("quick_replies", [])]

    @staticmethod
    def image(call):
        attachment = call["body"]["message"].get("attachment") or {}
        return (attachment.get("payload") or {}).get("url") if attachment.get("type") == "image" else None


CHANNELS = [Telegram, WhatsApp, Slack, Messenger]


def replies(user, after=0, count=1):
    """The provider API calls made for this user, from index ``after``, once ``count`` arrived."""
    return user.providers.wait_for(user.mine, count=after + count)[after:]


def settle(user, seconds=1.5):
    """Every call for this user once no more arrive."""
    calls = user.providers.calls_where(user.mine)
    while True:
        time.sleep(seconds)
        now = user.providers.calls_where(user.mine)
        if len(now) == len(calls):
            return now
        calls = now


def turn(user, text):
    """Say something and wait for the whole answer (Slack answers after its webhook returns)."""
    before = len(user.providers.calls_where(user.mine))
    user.say(text)
    replies(user, after=before)
    return settle(user, seconds=1)[before:]


def test_telegram_shows_buttons_as_an_inline_keyboard_and_answers_a_tap(stack, providers):
    user = Telegram(stack, providers)
    assert user.say("/start").status_code == 200  # what Telegram sends when someone opens the bot
    greeting = replies(user)[0]
    assert "charging-host assistant" in user.text(greeting)
    assert user.buttons(greeting) == [
        "Register as a charging host",
        "Make my charger public",
        "Set my prices",
        "What is a CPO?",
    ]
    assert greeting["body"]["reply_markup"]["inline_keyboard"][3][0]["callback_data"] == "what is a cpo"
    user.tap("what is a cpo")
    providers.wait_for(lambda c: c["path"].endswith("/answerCallbackQuery"))
    assert "charge point operator" in user.text(replies(user, after=1)[0])


def test_telegram_greets_in_the_language_of_the_users_app(stack, providers):
    user = Telegram(stack, providers)
    assert user.say("/start", language_code="de").status_code == 200  # Telegram sends the app's language
    greeting = replies(user)[0]
    assert "Smappee-Assistent" in user.text(greeting)
    assert "charging-host assistant" not in user.text(greeting)
    assert user.buttons(greeting)[3] == "Was ist ein CPO?"


def test_whatsapp_numbers_the_buttons_and_understands_a_number(stack, providers):
    user = WhatsApp(stack, providers)
    answer = user.say("hi")
    assert answer.status_code == 200 and answer.text == "<Response/>"
    greeting = replies(user)[0]
    assert greeting["body"]["From"] == SECRETS["TWILIO_WHATSAPP_NUMBER"]
    assert greeting["headers"]["Authorization"].startswith("Basic ")
    body = user.text(greeting)
    assert "1. Register as a charging host" in body and "4. What is a CPO?" in body
    user.say("4")
    assert "charge point operator" in user.text(replies(user, after=1)[0])


def test_slack_sends_block_buttons_answers_a_click_and_drops_retries(stack, providers):
    user = Slack(stack, providers)
    assert user.say("hi").status_code == 200
    greeting = replies(user)[0]
    assert greeting["headers"]["Authorization"] == f"Bearer {SECRETS['SLACK_BOT_TOKEN']}"
    assert user.buttons(greeting) == [
        "Register as a charging host",
        "Make my charger public",
        "Set my prices",
        "What is a CPO?",
    ]
    assert user.click("what is a cpo").status_code == 200
    assert "charge point operator" in user.text(replies(user, after=1)[0])
    # Slack's retry of a slow request is acknowledged and not handled twice.
    assert user.say("hi").status_code == 200
    before = len(settle(user))
    event = json.dumps(
        {"type": "event_callback", "event": {"type": "message", "channel": user.channel, "text": "hi"}}
    ).encode()
    assert user._signed_post(event, "application/json", headers={"X-Slack-Retry-Num": "1"}).status_code == 200
    assert len(settle(user)) == before


def test_slack_url_verification_and_escaping(stack, providers):
    user = Slack(stack, providers)
    body = json.dumps({"type": "url_verification", "challenge": "abc123"}).encode()
    assert user._signed_post(body, "application/json").json() == {"challenge": "abc123"}


def test_messenger_falls_back_to_numbers_when_titles_are_too_long_and_verifies_its_webhook(stack, providers):
    verify = requests.get(
        f"{stack.rasa_url}/webhooks/messenger/webhook",
        timeout=10,
        params={"hub.mode": "subscribe", "hub.verify_token": SECRETS["MESSENGER_VERIFY_TOKEN"], "hub.challenge": "42"},
    )
    assert verify.text == "42"
    wrong = requests.get(
        f"{stack.rasa_url}/webhooks/messenger/webhook",
        timeout=10,
        params={"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "42"},
    )
    assert wrong.status_code == 403
    user = Messenger(stack, providers)
    assert user.say("hi").status_code == 200
    greeting = replies(user)[0]
    assert greeting["query"]["access_token"] == [SECRETS["MESSENGER_PAGE_ACCESS_TOKEN"]]
    # "Register as a charging host" is longer than Messenger's 20 characters.
    assert user.buttons(greeting) == [] and "1. Register as a charging host" in user.text(greeting)
    user.say("2")
    assert "know it's you" in user.text(replies(user, after=1)[0])


@pytest.mark.parametrize("channel", CHANNELS, ids=lambda c: c.name)
def test_qr_codes_arrive_as_media(stack, providers, channel):
    user = channel(stack, providers)
    email = f"{channel.name}.host@example.be"
    # Proving the login first (opening public charging does), then asking for the codes.
    assert "know it's you" in user.text(turn(user, "make my charger public")[0])
    assert "code" in " ".join(user.text(c) for c in turn(user, email))
    turn(user, latest_login_code(stack.outbox, email))
    turn(user, "stop")
    calls = turn(user, "show me my QR codes")
    images = [user.image(c) for c in calls if user.image(c)]
    assert len(images) == 1 and images[0].startswith(f"{stack.dashboard_url}/v1/qr/")
    assert requests.get(images[0], timeout=10).headers["Content-Type"] == "image/png"


@pytest.mark.parametrize("channel", CHANNELS, ids=lambda c: c.name)
def test_a_request_without_the_providers_signature_is_refused(stack, providers, channel):
    user = channel(stack, providers)
    forged = {
        "telegram": {"secret": "guess"},
        "whatsapp": {"token": "guess"},
        "slack": {"secret": "guess"},
        "messenger": {"secret": "guess"},
    }[channel.name]
    assert user.say("hi", **forged).status_code == 401
    assert settle(user, seconds=1) == []


def test_a_slack_request_replayed_after_five_minutes_is_refused(stack, providers):
    user = Slack(stack, providers)
    # Rightly signed, but older than Slack's five minutes (or from the future): a replay.
    assert user.say("hi", age=330).status_code == 401
    assert user.say("hi", age=-330).status_code == 401
    assert settle(user, seconds=1) == []
    assert user.say("hi", age=240).status_code == 200  # a slow network is fine


def console_session(stack):
    session = requests.Session()
    response = session.post(
        f"{stack.web_url}/console/api/login",
        timeout=10,
        json={"username": AGENT["username"], "password": AGENT["password"]},
    )
    response.raise_for_status()
    return session


@pytest.mark.parametrize("channel", CHANNELS, ids=lambda c: c.name)
def test_hand_off_on_the_channel(stack, providers, channel):
    user = channel(stack, providers)
    user.say("hello")
    replies(user)
    user.say("can I talk to a person please")
    assert "colleague from Smappee support" in user.text(replies(user, after=1)[0])
    user.say("my charger shows a red light")
    time.sleep(1)
    assert len(settle(user)) == 2  # paused: the assistant says nothing

    console = console_session(stack)
    waiting = console.get(f"{stack.web_url}/console/api/handoffs", timeout=10).json()["handoffs"]
    handoff = next(
        h
        for h in waiting
        if h["channel"] == channel.name
        and h["status"] == "waiting"
        and h["conversation_id"].endswith(
            getattr(user, "chat", None) or getattr(user, "number", None) or getattr(user, "channel", None) or user.psid
        )
    )
    shown = console.get(f"{stack.web_url}/console/api/handoffs/{handoff['id']}", timeout=10).json()
    assert shown["paused"]
    assert shown["messages"][-1]["text"] == "my charger shows a red light"

    base = f"{stack.web_url}/console/api/handoffs/{handoff['id']}"
    assert console.post(f"{base}/take", json={}, timeout=30).status_code == 200
    assert "Sofie from Smappee support has joined" in user.text(replies(user, after=2)[0])
    assert console.post(f"{base}/messages", json={"text": "Is it blinking or steady?"}, timeout=30).status_code == 201
    assert user.text(replies(user, after=3)[0]) == "Sofie (Smappee support): Is it blinking or steady?"
    assert console.post(f"{base}/hand-back", json={}, timeout=30).status_code == 200
    back = [user.text(c) for c in replies(user, after=4, count=2)]
    assert "Sofie has handed you back to the assistant." in back[0]
    assert "I'm back!" in back[1]
