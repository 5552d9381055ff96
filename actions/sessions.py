"""The account sessions the action server holds, one per conversation.

A session token lets whoever holds it act as the host's Smappee login for 12
hours. Kept in a slot it would sit in the tracker store (and in its backups)
for all that time; so the action servers keep it apart, by conversation, and
the slot ``account_session`` only says until when it runs.

One action server keeps them in its memory: after its restart the host proves
the login again with a new one-time code, as after the session's end. Several
action servers behind a load balancer (any of them may run a conversation's
next action) share them in Redis (``ACTION_SESSIONS_REDIS_URL``), each key
expiring with its session.
"""

from __future__ import annotations

import functools
import hashlib
import threading
import time
from datetime import datetime, timezone
from typing import Protocol

from actions.settings import get_settings


class SessionStore(Protocol):
    def keep(self, conversation_id: str, token: str, until: datetime) -> None: ...
    def token_for(self, conversation_id: str) -> str | None: ...
    def forget(self, conversation_id: str) -> None: ...


class MemorySessions:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokens: dict[str, tuple[str, datetime]] = {}

    def keep(self, conversation_id: str, token: str, until: datetime) -> None:
        now = datetime.now(timezone.utc)
        with self._lock:
            # Forget the sessions that ran out, so the table holds only live ones.
            for stale in [c for c, (_, end) in self._tokens.items() if end <= now]:
                del self._tokens[stale]
            self._tokens[conversation_id] = (token, until)

    def token_for(self, conversation_id: str) -> str | None:
        with self._lock:
            kept = self._tokens.get(conversation_id)
        if kept is None or kept[1] <= datetime.now(timezone.utc):
            return None
        return kept[0]

    def forget(self, conversation_id: str) -> None:
        with self._lock:
            self._tokens.pop(conversation_id, None)


class RedisSessions:
    """Keys are a hash of the conversation id (what Redis shows names no one);
    a failed call is tried once more, for Redis restarting under us."""

    PREFIX = "charging-host:session:"

    def __init__(self, url: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2, health_check_interval=30)
        self._errors = (redis.ConnectionError, redis.TimeoutError)

    def _key(self, conversation_id: str) -> str:
        return self.PREFIX + hashlib.sha256(conversation_id.encode()).hexdigest()[:32]

    def _call(self, method: str, *args: object) -> object:
        try:
            return getattr(self._redis, method)(*args)
        except self._errors:
            time.sleep(0.5)
            return getattr(self._redis, method)(*args)

    def keep(self, conversation_id: str, token: str, until: datetime) -> None:
        seconds = int((until - datetime.now(timezone.utc)).total_seconds())
        if seconds > 0:
            self._call("set", self._key(conversation_id), token, seconds)

    def token_for(self, conversation_id: str) -> str | None:
        value = self._call("get", self._key(conversation_id))
        return value.decode() if isinstance(value, bytes) else None

    def forget(self, conversation_id: str) -> None:
        self._call("delete", self._key(conversation_id))


@functools.lru_cache(maxsize=1)
def _store() -> SessionStore:
    url = get_settings().sessions_redis_url
    return RedisSessions(url) if url else MemorySessions()


def _expiry(expires_at: str) -> datetime:
    return datetime.fromisoformat(str(expires_at).replace("Z", "+00:00"))


def keep(conversation_id: str, token: str, expires_at: str) -> None:
    _store().keep(conversation_id, token, _expiry(expires_at))


def token_for(conversation_id: str) -> str | None:
    """The conversation's session token while it runs, else None."""
    return _store().token_for(conversation_id)


def forget(conversation_id: str) -> None:
    _store().forget(conversation_id)
