"""Sending e-mail: into an outbox folder by default, over SMTP when configured.

Every e-mail's words are a template in ``dashboard/emails/<kind>.txt``: a
``Subject:`` line, an empty line, the body; ``{placeholders}`` are filled in.
The template is English; an e-mail is sent in the language of the request that
caused it (its ``Accept-Language``: the host's conversation), from the
translation catalogue ``emails`` (``charging_host/catalogue.py``).
No mail server is reachable from a developer's machine, so each message is
written as one ``.eml`` file; set DASHBOARD_SMTP_HOST to send for real.
"""

from __future__ import annotations

import functools
import logging
import re
import smtplib
import time
from email.message import EmailMessage
from pathlib import Path

import yaml

from charging_host.catalogue import SOURCE_LANGUAGE, translate
from dashboard.settings import Settings

logger = logging.getLogger(__name__)
TEMPLATES = Path(__file__).with_name("emails")


@functools.cache
def _words() -> dict[str, str]:
    return {str(k): str(v) for k, v in (yaml.safe_load((TEMPLATES / "words.yml").read_text("utf-8")) or {}).items()}


def word(name: str, language: str) -> str:
    """A word e-mails are filled with (``emails/words.yml``), in ``language``."""
    return translate("emails", name, _words()[name], language)


def render(kind: str, language: str = SOURCE_LANGUAGE, **values: object) -> tuple[str, str]:
    """The subject and body of the e-mail ``kind`` in ``language``, its placeholders filled."""
    name = f"{kind}.txt"
    template = translate("emails", name, (TEMPLATES / name).read_text(encoding="utf-8"), language)
    text = template.format(**values)
    head, _, body = text.partition("\n\n")
    if not head.startswith("Subject: "):
        raise ValueError(f"{kind}.txt must start with a 'Subject: ' line")
    return head[len("Subject: ") :].strip(), body


class Mailer:
    def __init__(self, settings: Settings):
        self.settings = settings

    def send(self, to: str, kind: str, language: str = SOURCE_LANGUAGE, **values: object) -> None:
        """Send the e-mail ``kind`` (a template) to ``to``, in ``language``."""
        subject, body = render(kind, language, **values)
        message = EmailMessage()
        message["From"] = self.settings.mail_from
        message["To"] = to
        message["Subject"] = subject
        message["X-Smappee-Kind"] = kind
        message.set_content(body)
        message["Content-Language"] = language  # after set_content, which replaces the Content-* headers
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
