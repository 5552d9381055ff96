"""The account sessions the action server holds, one per conversation.

A session token lets whoever holds it act as the host's Smappee login for 12
hours. Kept in a slot it would sit in the tracker store (and in its backups)
for all that time; so the action server keeps it in its memory, by
conversation, and the slot ``account_session`` only says until when it runs.
After a restart of the action server the host proves the login again with a
new one-time code, as after the session's end. (Several action servers would
share them through a store of their own: see docs/production.md.)
"""

from __future__ import annotations

import threading
from datetime import datetime, timezone

_lock = threading.Lock()
_tokens: dict[str, tuple[str, datetime]] = {}


def _expiry(expires_at: str) -> datetime:
    return datetime.fromisoformat(str(expires_at).replace("Z", "+00:00"))


def keep(conversation_id: str, token: str, expires_at: str) -> None:
    now = datetime.now(timezone.utc)
    with _lock:
        # Forget the sessions that ran out, so the table holds only live ones.
        for stale in [c for c, (_, until) in _tokens.items() if until <= now]:
            del _tokens[stale]
        _tokens[conversation_id] = (token, _expiry(expires_at))


def token_for(conversation_id: str) -> str | None:
    """The conversation's session token while it runs, else None."""
    with _lock:
        kept = _tokens.get(conversation_id)
    if kept is None or kept[1] <= datetime.now(timezone.utc):
        return None
    return kept[0]


def forget(conversation_id: str) -> None:
    with _lock:
        _tokens.pop(conversation_id, None)
