"""WhatsApp through Twilio (Messaging API, webhook). Twilio's requests are
checked with their X-Twilio-Signature (Rasa's connector does not check
them). WhatsApp messages here have no buttons: they become a numbered list and
a reply "2" means the second one. Images are sent as media."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

import aiohttp
from sanic import Blueprint, response
from sanic.request import Request

from channels.messaging import MessagingInput, MessagingOutput, OnNewMessage


def twilio_signature(auth_token: str, url: str, params: Mapping[str, str]) -> str:
    """Twilio's signature: HMAC-SHA1 of the webhook URL followed by the POST
    parameters sorted by name, each name immediately followed by its value."""
    payload = url + "".join(f"{name}{params[name]}" for name in sorted(params))
    return base64.b64encode(hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()).decode()


class WhatsAppOutput(MessagingOutput):
    max_text = 1600

    @classmethod
    def name(cls) -> str:
        return "whatsapp"

    async def _send(self, recipient_id: str, **fields: str) -> None:
        channel = self.channel
        await self.post(
            f"{channel.api_url}/2010-04-01/Accounts/{channel.account_sid}/Messages.json",
            log_as="Messages",
            data={"From": channel.whatsapp_number, "To": f"whatsapp:{recipient_id}", **fields},
            auth=aiohttp.BasicAuth(channel.account_sid, channel.auth_token),
        )

    async def send_text(self, recipient_id: str, text: str) -> None:
        await self._send(recipient_id, Body=text)

    async def send_image(self, recipient_id: str, url: str) -> None:
        await self._send(recipient_id, Body="", MediaUrl=url)


class WhatsAppInput(MessagingInput):
    output_class = WhatsAppOutput

    @classmethod
    def name(cls) -> str:
        return "whatsapp"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WhatsAppInput:
        credentials = credentials or {}
        return cls(
            str(credentials.get("account_sid") or ""),
            str(credentials.get("auth_token") or ""),
            str(credentials.get("whatsapp_number") or ""),
            str(credentials.get("webhook_url") or ""),
            api_url=str(credentials.get("api_url") or "https://api.twilio.com"),
        )

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        whatsapp_number: str,
        webhook_url: str,
        api_url: str = "https://api.twilio.com",
    ) -> None:
        super().__init__()
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.whatsapp_number = (
            whatsapp_number if whatsapp_number.startswith("whatsapp:") else f"whatsapp:{whatsapp_number}"
        )
        # The public URL Twilio posts to, exactly as configured there: it is signed.
        self.webhook_url = webhook_url
        self.api_url = api_url.rstrip("/")

    @property
    def configured(self) -> bool:
        return bool(self.account_sid and self.auth_token and self.webhook_url)

    def routes(self, blueprint: Blueprint, on_new_message: OnNewMessage) -> None:
        @blueprint.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> Any:
            params = {name: values[0] for name, values in request.form.items()}
            expected = twilio_signature(self.auth_token, self.webhook_url, params)
            if not hmac.compare_digest(request.headers.get("X-Twilio-Signature", ""), expected):
                return response.text("unauthorised", status=401)
            sender, text = params.get("From", ""), params.get("Body", "").strip()
            if sender and text:
                await self.deliver(request, on_new_message, sender, text, {"channel": "whatsapp"})
            # Replies go through the API (as an agent's do), not in this answer.
            return response.text("<Response/>", content_type="text/xml")
