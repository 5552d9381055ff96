"""What the logs may say of a conversation: never its id, which for WhatsApp is
the person's phone number (``whatsapp:+32...``), but a short reference to it."""

from __future__ import annotations

import hashlib


def conversation_ref(conversation_id: str) -> str:
    """The same short, one-way reference for the same conversation, to follow it through the logs."""
    return "c-" + hashlib.sha256(conversation_id.encode()).hexdigest()[:10]
