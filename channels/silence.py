"""An answer when the assistant could not give one.

Rasa answers every message, except while a person has the conversation (it
is paused). When nothing at all came back otherwise, a custom action failed
(the action server is down, or broke): the user hears so, instead of silence,
and may simply send the message again once it is back.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage
from sanic import Sanic

from common.domain_texts import response_text
from common.logs import conversation_ref

logger = logging.getLogger(__name__)
OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class _Counting(OutputChannel):
    """The channel's own output, counting what the assistant sends through it."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.sent = 0

    @classmethod
    def name(cls) -> str:
        return "counting"

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(recipient_id, message)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.inner, attribute)


async def _paused(conversation_id: str) -> bool | None:
    """Whether the conversation is paused (a person has it); None when that can't be told."""
    try:
        agent = Sanic.get_app().ctx.agent
        tracker = await agent.tracker_store.retrieve(conversation_id)
    except Exception:
        return None
    return bool(tracker and tracker.is_paused())


def answered(on_new_message: OnNewMessage) -> OnNewMessage:
    """``on_new_message`` that makes sure the user hears something unless a person has the conversation."""

    async def handle(message: UserMessage) -> Any:
        output = _Counting(message.output_channel)
        message.output_channel = output
        result = await on_new_message(message)
        if output.sent == 0 and await _paused(message.sender_id) is False:
            logger.warning(
                "no answer to a message of %s: is the action server up?", conversation_ref(message.sender_id)
            )
            # The language the channel knows (the page's, the app's): the conversation's is not at hand here.
            language = (message.metadata or {}).get("language")
            text = response_text("utter_assistant_unavailable", language=language)
            await output.inner.send_text_message(message.sender_id, text)
        return result

    return handle
