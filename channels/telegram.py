"""Telegram (Bot API, webhook). Why not Rasa's connector: it calls Telegram at
start and on every message, and its replies through the HTTP API (an agent's
message) fail in 3.6. Buttons become an inline keyboard; images are photos."""

from __future__ import annotations

import hmac
from typing import Any

from sanic import Blueprint, response
from sanic.request import Request

from channels.messaging import MessagingInput, MessagingOutput, OnNewMessage
from channels.user_text import GREETING

# Telegram's limit for a button's callback data.
CALLBACK_DATA_BYTES = 64


class TelegramOutput(MessagingOutput):
    @classmethod
    def name(cls) -> str:
        return "telegram"

    def method_url(self, method: str) -> str:
        return f"{self.channel.api_url}/bot{self.channel.access_token}/{method}"

    def shows_buttons(self, buttons: list[dict[str, Any]]) -> bool:
        return all(len(str(b.get("payload", "")).encode()) <= CALLBACK_DATA_BYTES for b in buttons)

    async def send_text(self, recipient_id: str, text: str) -> None:
        await self.post(
            self.method_url("sendMessage"), log_as="sendMessage", json={"chat_id": recipient_id, "text": text}
        )

    async def send_buttons(self, recipient_id: str, text: str, buttons: list[dict[str, Any]]) -> None:
        keyboard = [[{"text": b["title"], "callback_data": b["payload"]}] for b in buttons]
        await self.post(
            self.method_url("sendMessage"),
            log_as="sendMessage",
            json={"chat_id": recipient_id, "text": text or "…", "reply_markup": {"inline_keyboard": keyboard}},
        )

    async def send_image(self, recipient_id: str, url: str) -> None:
        await self.post(self.method_url("sendPhoto"), log_as="sendPhoto", json={"chat_id": recipient_id, "photo": url})


class TelegramInput(MessagingInput):
    output_class = TelegramOutput

    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TelegramInput:
        credentials = credentials or {}
        return cls(
            str(credentials.get("access_token") or ""),
            str(credentials.get("webhook_secret") or ""),
            str(credentials.get("api_url") or "https://api.telegram.org"),
        )

    def __init__(self, access_token: str, webhook_secret: str, api_url: str) -> None:
        super().__init__()
        self.access_token = access_token
        self.webhook_secret = webhook_secret
        self.api_url = api_url.rstrip("/")

    @property
    def configured(self) -> bool:
        # The secret (setWebhook's secret_token) proves a request comes from Telegram.
        return bool(self.access_token and self.webhook_secret)

    def routes(self, blueprint: Blueprint, on_new_message: OnNewMessage) -> None:
        @blueprint.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> Any:
            secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
            if not hmac.compare_digest(secret, self.webhook_secret):
                return response.json({"error": "unauthorised"}, status=401)
            update = request.json or {}
            if update.get("callback_query"):
                query = update["callback_query"]
                sender = query.get("from") or {}
                chat_id = str(((query.get("message") or {}).get("chat") or {}).get("id") or "")
                text = str(query.get("data") or "")
                # Stops the spinner on the tapped button.
                output = TelegramOutput(self)
                await output.post(
                    output.method_url("answerCallbackQuery"),
                    log_as="answerCallbackQuery",
                    json={"callback_query_id": query.get("id")},
                )
            else:
                message = update.get("message") or update.get("edited_message") or {}
                sender = message.get("from") or {}
                chat_id = str((message.get("chat") or {}).get("id") or "")
                text = str(message.get("text") or "")
            if text.split("@")[0] == "/start":
                text = GREETING  # what Telegram sends when someone opens the bot
            if chat_id and text:
                # Telegram sends the user's app language (an IETF tag such as "nl" or "fr-BE"): a hint.
                metadata = {"channel": "telegram", "language": sender.get("language_code")}
                await self.deliver(request, on_new_message, chat_id, text, metadata)
            return response.json({"status": "ok"})
