"""Sending e-mail: into an outbox folder by default, over SMTP when configured.

Every e-mail's words are a template in ``dashboard/emails/<kind>.txt``: a
``Subject:`` line, an empty line, the body; ``{placeholders}`` are filled in.
No mail server is reachable from a developer's machine, so each message is
written as one ``.eml`` file; set DASHBOARD_SMTP_HOST to send for real.
"""

from __future__ import annotations

import logging
import re
import smtplib
import time
from email.message import EmailMessage
from pathlib import Path

from dashboard.settings import Settings

logger = logging.getLogger(__name__)
TEMPLATES = Path(__file__).with_name("emails")


def render(kind: str, **values: object) -> tuple[str, str]:
    """The subject and body of the e-mail ``kind`` with its placeholders filled."""
    text = (TEMPLATES / f"{kind}.txt").read_text(encoding="utf-8").format(**values)
    head, _, body = text.partition("\n\n")
    if not head.startswith("Subject: "):
        raise ValueError(f"{kind}.txt must start with a 'Subject: ' line")
    return head[len("Subject: ") :].strip(), body


class Mailer:
    def __init__(self, settings: Settings):
        self.settings = settings

    def send(self, to: str, kind: str, **values: object) -> None:
        """Send the e-mail ``kind`` (a template) to ``to``."""
        subject, body = render(kind, **values)
        message = EmailMessage()
        message["From"] = self.settings.mail_from
        message["To"] = to
        message["Subject"] = subject
        message["X-Smappee-Kind"] = kind
        message.set_content(body)
        if self.settings.smtp_host:
            self._send_smtp(message)
        else:
            self._write_to_outbox(message, to, kind)

    def _write_to_outbox(self, message: EmailMessage, to: str, kind: str) -> None:
        outbox = Path(self.settings.outbox)
        outbox.mkdir(parents=True, exist_ok=True)
        safe_to = re.sub(r"[^a-zA-Z0-9@._-]", "_", to)
        path = outbox / f"{time.time_ns()}-{kind}-{safe_to}.eml"
        path.write_bytes(bytes(message))
        logger.info("mail %s written to the outbox", kind)  # not to whom: an address is personal data

    def _send_smtp(self, message: EmailMessage) -> None:
        with smtplib.SMTP(self.settings.smtp_host, self.settings.smtp_port, timeout=15) as smtp:
            smtp.starttls()
            if self.settings.smtp_user:
                smtp.login(self.settings.smtp_user, self.settings.smtp_password)
            smtp.send_message(message)
