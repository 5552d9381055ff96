"""The support site's chat widget: a socket.io channel where each socket only
reaches its own conversation.

Why not Rasa's ``SocketIOInput``: it trusts the ``session_id`` a browser sends
with every message (anyone who learns an id can read and write that
conversation), it does not await ``enter_room`` with python-socketio 5.10+ (so
replies never arrive, RasaHQ/rasa#13027), and it cannot show the history after
a page reload. Here the server issues the conversation id together with a key
(an HMAC of the id); a socket proves the key once, and from then on the
conversation is the one remembered for that socket, whatever the browser sends.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, Sanic, response
from socketio import AsyncServer

from channels.silence import answered
from channels.transcript import HISTORY_LIMIT, history_of, widget_message
from channels.user_text import user_text
from charging_host.catalogue import supported

CHANNEL_NAME = "web_chat"


def conversation_key(secret: str, conversation_id: str) -> str:
    return hmac.new(secret.encode(), conversation_id.encode(), hashlib.sha256).hexdigest()


def new_conversation_id() -> str:
    return f"web-{secrets.token_hex(12)}"


class WebChatOutput(OutputChannel):
    """Sends every message to the conversation's room: all the sockets (tabs)
    that proved they own it."""

    @classmethod
    def name(cls) -> str:
        return CHANNEL_NAME

    def __init__(self, sio: AsyncServer) -> None:
        self.sio = sio

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        # One event per message, with its author, instead of Rasa's split into
        # text, buttons and image events that lose who wrote them.
        shown = widget_message(message)
        if shown["text"] or shown.get("image") or shown.get("buttons"):
            await self.sio.emit("bot_uttered", shown, room=recipient_id)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text})


class WebChatInput(InputChannel):
    """socket.io server for the chat widget, mounted on the Rasa server."""

    @classmethod
    def name(cls) -> str:
        return CHANNEL_NAME

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        origins = [o.strip() for o in str(credentials.get("allowed_origins") or "").split(",") if o.strip()]
        return cls(
            secret=str(credentials.get("session_secret") or ""),
            allowed_origins=origins,
            socketio_path=credentials.get("socketio_path") or "/socket.io",
            redis_url=credentials.get("redis_url") or None,
        )

    def __init__(
        self,
        secret: str,
        allowed_origins: list[str],
        socketio_path: str = "/socket.io",
        redis_url: str | None = None,
    ) -> None:
        if len(secret) < 16:
            raise ValueError("web_chat needs a session_secret of at least 16 characters (WEB_CHAT_SECRET)")
        if not allowed_origins:
            raise ValueError("web_chat needs allowed_origins: the support site's origin (SUPPORT_SITE_ORIGIN)")
        self.secret = secret
        self.allowed_origins = allowed_origins
        self.socketio_path = socketio_path
        self.redis_url = redis_url
        self.sio: AsyncServer | None = None
        self.app: Sanic | None = None

    def get_output_channel(self) -> OutputChannel | None:
        # Used by the HTTP API (an agent's message, output_channel=latest).
        return WebChatOutput(self.sio) if self.sio else None

    async def _history(self, conversation_id: str) -> list[dict[str, Any]]:
        agent = getattr(self.app.ctx, "agent", None) if self.app else None
        if agent is None or agent.tracker_store is None:
            return []
        tracker = await agent.tracker_store.retrieve(conversation_id)
        if tracker is None:
            return []
        return history_of(e.as_dict() for e in tracker.events_after_latest_restart())[-HISTORY_LIMIT:]

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        manager = None
        if self.redis_url:
            # Several Rasa servers: an agent's message reaches the socket
            # whichever server holds it.
            from socketio import AsyncRedisManager

            manager = AsyncRedisManager(self.redis_url)
        sio = AsyncServer(
            async_mode="sanic",
            cors_allowed_origins=self.allowed_origins,
            client_manager=manager,
            max_http_buffer_size=64_000,
        )
        self.sio = sio
        channel = self

        class WebChatBlueprint(Blueprint):
            def register(self, app: Sanic, options: dict[str, Any]) -> None:
                channel.app = app
                sio.attach(app, channel.socketio_path)
                super().register(app, options)

        blueprint = WebChatBlueprint("web_chat_webhook", __name__)

        @blueprint.route("/", methods=["GET"])
        async def health(_: Any) -> Any:
            return response.json({"status": "ok"})

        @sio.on("session_request")
        async def session_request(sid: str, data: Any) -> None:
            data = data if isinstance(data, dict) else {}
            conversation_id = str(data.get("session_id") or "")
            key = str(data.get("session_key") or "")
            resumed = bool(conversation_id) and hmac.compare_digest(key, conversation_key(self.secret, conversation_id))
            if not resumed:
                # No or wrong key: a new conversation of its own, never the one asked for.
                conversation_id = new_conversation_id()
            previous = (await sio.get_session(sid)).get("conversation_id")
            if previous and previous != conversation_id:
                await sio.leave_room(sid, previous)  # one socket, one conversation
            # The page's language: a hint for the assistant's, until the host's own words say otherwise.
            language = supported(data.get("language"))
            await sio.save_session(sid, {"conversation_id": conversation_id, "language": language})
            await sio.enter_room(sid, conversation_id)
            await sio.emit(
                "session_confirm",
                {
                    "session_id": conversation_id,
                    "session_key": conversation_key(self.secret, conversation_id),
                    "resumed": resumed,
                },
                room=sid,
            )
            if resumed:
                await sio.emit("history", {"messages": await self._history(conversation_id)}, room=sid)

        @sio.on("user_uttered")
        async def user_uttered(sid: str, data: Any) -> None:
            session = await sio.get_session(sid)
            conversation_id = session.get("conversation_id")
            if not conversation_id:
                await sio.emit("chat_error", {"reason": "no_session"}, room=sid)
                return
            text = user_text(str((data or {}).get("message") or "")) if isinstance(data, dict) else ""
            if not text:
                return
            message = UserMessage(
                text,
                WebChatOutput(sio),
                conversation_id,
                input_channel=CHANNEL_NAME,
                metadata={"channel": CHANNEL_NAME, "language": session.get("language")},
            )
            await answered(on_new_message)(message)

        return blueprint
