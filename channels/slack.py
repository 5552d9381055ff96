"""Slack (Events API and interactivity, one request URL). Requests are checked
with Slack's signing secret; Slack waits 3 s and then retries, so the message
is handled after answering, and retries are acknowledged and dropped (Rasa's
connector runs the actions again). Buttons are Block Kit buttons; images are
image blocks. Text is escaped: a name like <script> stays text."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import re
import time
from typing import Any

from sanic import Blueprint, response
from sanic.request import Request

from channels.messaging import MessagingInput, MessagingOutput, OnNewMessage
from common.domain_texts import response_text

logger = logging.getLogger(__name__)
MAX_CLOCK_SKEW = 300


def slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_unescape(text: str) -> str:
    """A person's text as typed: without the bot's @mention, with Slack's escapes undone."""
    text = re.sub(r"<@[A-Z0-9]+>\s*", "", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


def slack_signature(signing_secret: str, timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()


class SlackOutput(MessagingOutput):
    max_text = 3000

    @classmethod
    def name(cls) -> str:
        return "slack"

    def shows_buttons(self, buttons: list[dict[str, Any]]) -> bool:
        return len(buttons) <= 25

    async def _post_message(self, channel: str, text: str, blocks: list[dict[str, Any]]) -> None:
        await self.post(
            f"{self.channel.api_url}/chat.postMessage",
            log_as="chat.postMessage",
            headers={"Authorization": f"Bearer {self.channel.bot_token}"},
            json={"channel": channel, "text": text, "blocks": blocks},
        )

    async def send_text(self, recipient_id: str, text: str) -> None:
        await self._post_message(recipient_id, slack_escape(text), [])

    async def send_buttons(self, recipient_id: str, text: str, buttons: list[dict[str, Any]]) -> None:
        elements = [
            {
                "type": "button",
                "action_id": f"button_{i}",
                "value": str(b["payload"])[:2000],
                "text": {"type": "plain_text", "text": str(b["title"])[:75]},
            }
            for i, b in enumerate(buttons)
        ]
        blocks: list[dict[str, Any]] = [
            {"type": "section", "text": {"type": "mrkdwn", "text": slack_escape(text or "…")}},
            {"type": "actions", "elements": elements},
        ]
        await self._post_message(recipient_id, slack_escape(text), blocks)

    async def send_image(self, recipient_id: str, url: str) -> None:
        alt_text = response_text("utter_label_image_alt_text")
        await self._post_message(recipient_id, url, [{"type": "image", "image_url": url, "alt_text": alt_text}])


class SlackInput(MessagingInput):
    output_class = SlackOutput

    @classmethod
    def name(cls) -> str:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> SlackInput:
        credentials = credentials or {}
        return cls(
            str(credentials.get("bot_token") or ""),
            str(credentials.get("signing_secret") or ""),
            str(credentials.get("api_url") or "https://slack.com/api"),
        )

    def __init__(self, bot_token: str, signing_secret: str, api_url: str) -> None:
        super().__init__()
        self.bot_token = bot_token
        self.signing_secret = signing_secret
        self.api_url = api_url.rstrip("/")
        self._tasks: set = set()

    @property
    def configured(self) -> bool:
        return bool(self.bot_token and self.signing_secret)

    def _signed(self, request: Request) -> bool:
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_CLOCK_SKEW:
            return False
        expected = slack_signature(self.signing_secret, timestamp, request.body)
        return hmac.compare_digest(request.headers.get("X-Slack-Signature", ""), expected)

    def _later(self, request: Request, on_new_message: OnNewMessage, channel: str, text: str) -> None:
        task = asyncio.ensure_future(self.deliver(request, on_new_message, channel, text, {"channel": "slack"}))
        self._tasks.add(task)  # keep a reference until it is done
        task.add_done_callback(self._tasks.discard)

    def routes(self, blueprint: Blueprint, on_new_message: OnNewMessage) -> None:
        @blueprint.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> Any:
            if not self._signed(request):
                return response.text("unauthorised", status=401)
            if request.headers.get("X-Slack-Retry-Num"):
                return response.text("", status=200)  # the first delivery is being handled
            if request.form.get("payload"):  # a button was clicked
                payload = json.loads(request.form.get("payload"))
                actions = payload.get("actions") or []
                channel = (payload.get("channel") or {}).get("id")
                if actions and channel:
                    self._later(request, on_new_message, channel, str(actions[0].get("value") or ""))
                return response.text("", status=200)
            body = request.json or {}
            if body.get("type") == "url_verification":
                return response.json({"challenge": body.get("challenge")})
            event = body.get("event") or {}
            from_a_person = (
                event.get("type") in ("message", "app_mention") and not event.get("bot_id") and not event.get("subtype")
            )
            if from_a_person and event.get("channel") and event.get("text"):
                self._later(request, on_new_message, event["channel"], slack_unescape(event["text"]))
            return response.text("", status=200)
