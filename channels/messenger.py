"""Facebook Messenger (Messenger Platform, webhook). Requests are checked with
X-Hub-Signature-256 (the app secret). Buttons become quick replies when they
fit (at most 13, titles of at most 20 characters), a numbered list otherwise;
images are image attachments."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from sanic import Blueprint, response
from sanic.request import Request

from channels.messaging import MessagingInput, MessagingOutput, OnNewMessage

MAX_QUICK_REPLIES = 13
MAX_TITLE = 20


def hub_signature(app_secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


class MessengerOutput(MessagingOutput):
    max_text = 2000

    @classmethod
    def name(cls) -> str:
        return "messenger"

    def shows_buttons(self, buttons: list[dict[str, Any]]) -> bool:
        return len(buttons) <= MAX_QUICK_REPLIES and all(len(str(b.get("title", ""))) <= MAX_TITLE for b in buttons)

    async def _send(self, recipient_id: str, message: dict[str, Any]) -> None:
        await self.post(
            f"{self.channel.api_url}/me/messages",
            log_as="me/messages",
            params={"access_token": self.channel.page_access_token},
            json={"recipient": {"id": recipient_id}, "messaging_type": "RESPONSE", "message": message},
        )

    async def send_text(self, recipient_id: str, text: str) -> None:
        await self._send(recipient_id, {"text": text})

    async def send_buttons(self, recipient_id: str, text: str, buttons: list[dict[str, Any]]) -> None:
        await self._send(
            recipient_id,
            {
                "text": text or "…",
                "quick_replies": [
                    {"content_type": "text", "title": str(b["title"]), "payload": str(b["payload"])[:1000]}
                    for b in buttons
                ],
            },
        )

    async def send_image(self, recipient_id: str, url: str) -> None:
        await self._send(recipient_id, {"attachment": {"type": "image", "payload": {"url": url, "is_reusable": True}}})


class MessengerInput(MessagingInput):
    output_class = MessengerOutput

    @classmethod
    def name(cls) -> str:
        return "messenger"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> MessengerInput:
        credentials = credentials or {}
        return cls(
            str(credentials.get("page_access_token") or ""),
            str(credentials.get("app_secret") or ""),
            str(credentials.get("verify_token") or ""),
            api_url=str(credentials.get("api_url") or "https://graph.facebook.com/v18.0"),
        )

    def __init__(
        self,
        page_access_token: str,
        app_secret: str,
        verify_token: str,
        api_url: str = "https://graph.facebook.com/v18.0",
    ) -> None:
        super().__init__()
        self.page_access_token = page_access_token
        self.app_secret = app_secret
        self.verify_token = verify_token
        self.api_url = api_url.rstrip("/")

    @property
    def configured(self) -> bool:
        return bool(self.page_access_token and self.app_secret and self.verify_token)

    def routes(self, blueprint: Blueprint, on_new_message: OnNewMessage) -> None:
        @blueprint.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> Any:
            # Meta checks the webhook once, with the verify token set in the app.
            token = request.args.get("hub.verify_token", "")
            if request.args.get("hub.mode") == "subscribe" and hmac.compare_digest(token, self.verify_token):
                return response.text(request.args.get("hub.challenge", ""))
            return response.text("unauthorised", status=403)

        @blueprint.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> Any:
            expected = hub_signature(self.app_secret, request.body)
            if not hmac.compare_digest(request.headers.get("X-Hub-Signature-256", ""), expected):
                return response.text("unauthorised", status=401)
            for entry in (request.json or {}).get("entry", []):
                for event in entry.get("messaging", []):
                    sender = str((event.get("sender") or {}).get("id") or "")
                    message = event.get("message") or {}
                    if message.get("is_echo"):
                        continue
                    text = (
                        (message.get("quick_reply") or {}).get("payload")
                        or message.get("text")
                        or (event.get("postback") or {}).get("payload")
                        or ""
                    )
                    if sender and text:
                        await self.deliver(request, on_new_message, sender, str(text), {"channel": "messenger"})
            return response.text("EVENT_RECEIVED")
