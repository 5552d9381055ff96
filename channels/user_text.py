"""What every channel passes on to Rasa of what a user typed.

- At most ``MAX_MESSAGE_LENGTH`` characters. Rasa's language model reads the
  whole message before anything else does: a 1 MB message stalled the server
  for every conversation (about 20 s). Inside a form, an answer still longer
  than a question needs is then refused unread (``actions/flow.py``).
- A message starting with "/" is a command to Rasa: "/restart" forgets the
  conversation, "/inform{...}" sets an intent and entities directly, past the
  language model. Only the payloads of the assistant's own buttons (read from
  the domain) and the greeting pass as commands; anything else a user types
  is read as words.
"""

from __future__ import annotations

import functools

from common.domain_texts import button_payloads

MAX_MESSAGE_LENGTH = 2000
COMMAND_PREFIX = "/"
# What a channel sends when someone opens the chat (the widget; Telegram's /start).
GREETING = "/greet"


@functools.lru_cache(maxsize=1)
def allowed_commands() -> frozenset[str]:
    return frozenset({GREETING} | {p for p in button_payloads() if p.startswith(COMMAND_PREFIX)})


def user_text(text: str) -> str:
    """The message as Rasa may read it: cut to the limit, and a command only if a button sends it."""
    text = (text or "")[:MAX_MESSAGE_LENGTH].strip()
    if text.startswith(COMMAND_PREFIX) and text not in allowed_commands():
        text = text.lstrip(COMMAND_PREFIX).lstrip()
    return text
