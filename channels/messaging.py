"""What the messaging channels (Telegram, WhatsApp through Twilio, Slack,
Messenger) share: one way to send a message whatever the provider can show,
numbered replies where it has no buttons, and the provider's API address as a
setting (so tests can point it at a local stand-in; the code path is the same).

Each channel verifies that a webhook request comes from its provider (a
signature or a secret) before anything reaches the assistant.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Blueprint, response
from sanic.request import Request

from channels.silence import answered
from channels.user_text import user_text
from common.domain_texts import response_text

logger = logging.getLogger(__name__)

TIMEOUT = aiohttp.ClientTimeout(total=15)
NUMBER_REPLY = re.compile(r"\s*(\d{1,2})\s*[.)]?\s*")

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def numbered(text: str, buttons: list[dict[str, Any]], start: int = 1) -> str:
    """Buttons as a numbered list, for a channel that shows none."""
    lines = [f"{i}. {b.get('title', '')}" for i, b in enumerate(buttons, start=start)]
    return "\n".join([text, *lines]) if text else "\n".join(lines)


def split_text(text: str, limit: int) -> list[str]:
    """A long message in parts of at most ``limit`` characters, cut between
    paragraphs or lines where possible (providers refuse longer ones)."""
    parts: list[str] = []
    while len(text) > limit:
        cut = max(text.rfind("\n\n", 0, limit), text.rfind("\n", 0, limit), text.rfind(" ", 0, limit))
        cut = cut if cut > 0 else limit
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return parts + [text]


def buttons_of_last_turn(events) -> list[dict[str, Any]]:
    """Every button the assistant offered since the user last wrote, in order:
    the numbers of one turn run on from one message to the next."""
    offered: list[list[dict[str, Any]]] = []
    for event in reversed(list(events)):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered) and event.data.get("buttons"):
            offered.insert(0, event.data["buttons"])
    return [button for buttons in offered for button in buttons]


class MessagingOutput(OutputChannel):
    """Sends a bot message (from the assistant or an agent) in one go, as well
    as the provider can show it."""

    def __init__(self, channel: MessagingInput) -> None:
        self.channel = channel
        # One instance answers one user message: numbers run on across its replies.
        self.buttons_sent = 0

    @classmethod
    def name(cls) -> str:
        return "messaging"

    # The provider's longest text message.
    max_text = 4096

    def recipient(self, conversation_id: str) -> str:
        """The provider's id of the chat, from the conversation id."""
        return conversation_id.split(":", 1)[1] if conversation_id.startswith(f"{self.name()}:") else conversation_id

    # --- what each provider implements ---
    def shows_buttons(self, buttons: list[dict[str, Any]]) -> bool:
        return False

    async def send_text(self, recipient_id: str, text: str) -> None:
        raise NotImplementedError

    async def send_buttons(self, recipient_id: str, text: str, buttons: list[dict[str, Any]]) -> None:
        raise NotImplementedError

    async def send_image(self, recipient_id: str, url: str) -> None:
        await self.send_text(recipient_id, url)  # a link, where the provider has no media

    # --- the one way a message goes out ---
    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        recipient_id = self.recipient(recipient_id)
        text = str(message.get("text") or "")
        if message.get("agent") and text and not message.get("handoff"):
            # Messaging apps show no author: say who writes.
            language = message.get("language")
            text = response_text("utter_label_agent_message", language=language, agent=message["agent"], text=text)
        buttons = message.get("buttons") or []
        native = bool(buttons) and self.shows_buttons(buttons)
        if buttons and not native:
            text = numbered(text, buttons, start=self.buttons_sent + 1)
        *first_parts, text = split_text(text, self.max_text)
        for part in first_parts:
            await self.send_text(recipient_id, part)
        if native:
            await self.send_buttons(recipient_id, text, buttons)
        elif text:
            await self.send_text(recipient_id, text)
        self.buttons_sent += len(buttons)
        if message.get("image"):
            await self.send_image(recipient_id, str(message["image"]))

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text})

    async def post(self, url: str, *, log_as: str, **kwargs: Any) -> None:
        """Call the provider; a failure is logged (without the URL: it may hold a token; nor the body)."""
        try:
            async with self.channel.http().post(url, timeout=TIMEOUT, **kwargs) as answer:
                if answer.status >= 300:
                    # Not the answer's body: providers echo the message and the recipient in it.
                    logger.warning("%s: %s answered %s", self.channel.name(), log_as, answer.status)
        except (aiohttp.ClientError, asyncio.TimeoutError) as failure:
            logger.warning("%s: %s failed: %s", self.channel.name(), log_as, type(failure).__name__)


class MessagingInput(InputChannel):
    """A provider's webhook at /webhooks/<name>/webhook; off when its
    credentials are empty."""

    output_class = MessagingOutput

    def __init__(self) -> None:
        self._http: aiohttp.ClientSession | None = None

    @property
    def configured(self) -> bool:
        raise NotImplementedError

    def http(self) -> aiohttp.ClientSession:
        if self._http is None or self._http.closed:
            self._http = aiohttp.ClientSession()
        return self._http

    def get_output_channel(self) -> OutputChannel | None:
        return self.output_class(self) if self.configured else None

    async def answer_number(self, request: Request, sender_id: str, text: str) -> str:
        """ "2" after numbered buttons means the second button's payload."""
        number = NUMBER_REPLY.fullmatch(text or "")
        agent = getattr(request.app.ctx, "agent", None)
        if not number or agent is None or agent.tracker_store is None:
            return text
        tracker = await agent.tracker_store.retrieve(sender_id)
        buttons = buttons_of_last_turn(tracker.events) if tracker else []
        index = int(number.group(1)) - 1
        return str(buttons[index].get("payload")) if 0 <= index < len(buttons) else text

    def conversation_id(self, chat_id: str) -> str:
        """One conversation per chat, named after the channel: ids of two
        providers never meet in the shared tracker store."""
        return chat_id if chat_id.startswith(f"{self.name()}:") else f"{self.name()}:{chat_id}"

    async def deliver(
        self,
        request: Request,
        on_new_message: OnNewMessage,
        chat_id: str,
        text: str,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        sender_id = self.conversation_id(chat_id)
        text = await self.answer_number(request, sender_id, user_text(text))
        if not text:
            return
        await answered(on_new_message)(
            UserMessage(text, self.output_class(self), sender_id, input_channel=self.name(), metadata=metadata or {})
        )

    def routes(self, blueprint: Blueprint, on_new_message: OnNewMessage) -> None:
        raise NotImplementedError

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        blueprint = Blueprint(f"{self.name()}_webhook", __name__)

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> Any:
            return response.json({"status": "ok" if self.configured else "not configured"})

        if self.configured:
            self.routes(blueprint, on_new_message)
        return blueprint
