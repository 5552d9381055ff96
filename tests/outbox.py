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


def latest_login_code(outbox: Path, address: str) -> str:
    message = messages_to(outbox, address, "login-code")[-1]
    match = re.search(r"code is (\d{6})", message.get_payload())
    assert match is not None, "no login code in the message"
    return match.group(1)
