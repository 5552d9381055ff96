"""Reading the back end's outbox folder, as a person reads their mail."""

import email
import re
from pathlib import Path


def messages_to(outbox: Path, address: str, kind: str | None = None) -> list:
    found = []
    for path in sorted(Path(outbox).glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes())
        if message["To"] == address and (kind is None or message["X-Smappee-Kind"] == kind):
            found.append(message)
    return found


def body_of(message) -> str:
    """The text as the reader sees it (a non-English e-mail is sent encoded)."""
    return message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")


def latest_login_code(outbox: Path, address: str) -> str:
    message = messages_to(outbox, address, "login-code")[-1]
    match = re.search(r"(?<!\d)(\d{6})(?!\d)", body_of(message))  # the one 6-digit number, in any language
    assert match is not None, "no login code in the message"
    return match.group(1)
