"""Rasa's REST channel behind a bearer token.

Rasa's own REST channel lets anyone post a message as any conversation id and
read the replies: with the web chat and messaging channels on the same
server, that would open every conversation (a Telegram chat id is easy to
guess). This one answers only to clients holding ``REST_CHANNEL_TOKEN``
(tests, scripts, a trusted back end); without a token it is off.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from channels.silence import answered
from channels.user_text import user_text
from charging_host.catalogue import supported

# A message is cut at 2,000 characters anyway; a body over 1 MB is refused unread.
MAX_BODY_BYTES = 1024 * 1024


class TokenRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TokenRestInput:
        return cls(str((credentials or {}).get("token") or ""))

    def __init__(self, token: str) -> None:
        self.token = token

    def _extract_message(self, req: Request) -> str | None:
        text = super()._extract_message(req)
        return user_text(text) if isinstance(text, str) else text

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        """Only the language hint of a trusted client (``{"metadata": {"language": "nl"}}``)."""
        body = request.json if isinstance(request.json, dict) else {}
        metadata = body.get("metadata")
        language = supported(metadata.get("language")) if isinstance(metadata, dict) else None
        return {"language": language} if language else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        blueprint = super().blueprint(answered(on_new_message))

        @blueprint.middleware("request")
        async def only_with_the_token(request: Request) -> Any:
            header = request.headers.get("Authorization", "")
            given = header[7:].strip() if header.lower().startswith("bearer ") else ""
            if not self.token or not hmac.compare_digest(given, self.token):
                return response.json({"error": "a bearer token is required"}, status=401)
            if len(request.body or b"") > MAX_BODY_BYTES:
                return response.json({"error": "the message is too large"}, status=413)
            return None

        return blueprint
