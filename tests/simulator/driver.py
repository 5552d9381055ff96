"""Playing a host against the running assistant over Rasa's REST channel, as a person would.

The host reads the assistant's messages of each turn, recognises the question
among them by its text (``texts.py``), and answers from its profile: the
one-time code from the outbox, a button's payload where a person would tap it,
its typos and wrong numbers first, its questions and corrections. On the
summary it reads every line and says what is wrong, as a person checks a form
before signing. It stops on the assistant's registration-done message or after
``MAX_TURNS`` messages; then the back end is asked what it stored.

What a person would remark on is written down, not worked around:

- ``asked_again``: a question whose answer the host had already given (in a
  pasted message, in a correction, ahead of time);
- ``notes``: an answer of the host the assistant did not take although it was
  right (the host then says it more plainly, if it can), a reply without any
  question in it, a "please answer yes or no".
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import requests

from scripts.stack import Stack
from tests.outbox import latest_login_code, messages_to
from tests.simulator import texts
from tests.simulator.profiles import PRIVATE_PERSON, YES_OR_NO_FIELDS, Host

MAX_TURNS = 60

# Answers that are data the host gives (not a yes, a code or a choice of buttons
# only): being asked one of them again after giving it is being asked twice.
DATA_FIELDS = (
    "account_email",
    "admin_email",
    "admin_name",
    "entity_type",
    "vat_number",
    "legal_name",
    "registered_address",
    "invoice_email",
    "contact_name",
    "phone",
    "iban",
    "account_holder",
    "services",
    "charging_stations",
)

# How a person says, on the summary, that a line is wrong.
CORRECTIONS = {
    "legal_name": "the company name is wrong",
    "entity_type": "company or private is wrong",
    "vat_number": "the VAT number is wrong",
    "registered_address": "the address is wrong",
    "invoice_email": "the invoice e-mail is wrong",
    "contact_name": "the contact person is wrong",
    "phone": "the phone number is wrong",
    "admin_email": "the administrator is wrong",
    "account_holder": "the account holder is wrong",
    "iban": "the IBAN is wrong",
    "services": "the services are wrong",
    "charging_stations": "the charging stations are wrong",
}
# The summary's placeholders, to the answer each shows.
SUMMARY_FIELDS = {
    "legal_name": "legal_name",
    "entity_type_label": "entity_type",
    "vat_label": "vat_number",
    "address_line": "registered_address",
    "invoice_email": "invoice_email",
    "contact_name": "contact_name",
    "phone": "phone",
    "admin_email": "admin_email",
    "account_holder": "account_holder",
    "iban_masked": "iban",
    "services_label": "services",
    "stations_label": "charging_stations",
}


@dataclass(frozen=True)
class Message:
    text: str
    buttons: tuple[tuple[str, str], ...]  # (title, payload)
    name: str | None  # the domain response it is, when recognised


@dataclass
class Outcome:
    host: Host
    completed: bool = False
    turns: int = 0  # every message the host sent
    opened_with_request: bool = False  # the first was "I want to register ...", no answer in it
    asked_again: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    transcript: list[str] = field(default_factory=list)
    organisations: list[dict[str, Any]] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def fields(self) -> int:
        return len(self.host.fields())

    @property
    def answers(self) -> int:
        """The messages that answer the registration's questions: every turn but an
        opening request that carried no answer (a host who pastes everything in
        the first message answers from the first turn)."""
        return self.turns - (1 if self.opened_with_request else 0)

    @property
    def ratio(self) -> float:
        """Answers per field: 1.0 is one message per field, as in a web form."""
        return self.answers / self.fields

    @property
    def succeeded(self) -> bool:
        """Registered, stored as the host meant it, once, and never asked twice for the same answer."""
        return self.completed and not self.asked_again and not self.mismatches

    def problems(self) -> list[str]:
        found = [] if self.completed else [f"not registered after {self.turns} turns"]
        found += [f"asked again for {f} (already given)" for f in self.asked_again]
        return found + self.mismatches

    def report(self) -> str:
        """Everything about this host's conversation, for a failing test."""
        lines = [
            f"{self.host.name} ({self.host.style}): {self.answers} answers, {self.turns} turns, {self.fields} fields"
        ]
        lines += [f"  problem: {p}" for p in self.problems()]
        lines += [f"  note: {n}" for n in self.notes]
        lines += ["  --- conversation"] + [f"  {line}" for line in self.transcript]
        return "\n".join(lines)


class Person:
    """One host talking to the assistant, one message at a time."""

    def __init__(self, host: Host, stack: Stack) -> None:
        self.host = host
        self.stack = stack
        self.sender = f"sim-{host.name}-{uuid.uuid4().hex[:8]}"
        self.outcome = Outcome(host)
        self.said: set[str] = set()  # questions whose right answer the host has given
        self.answered: str | None = None  # the question the host's last message answered
        self.last_was_mistake = False
        self.plainer: Counter[str] = Counter()  # per question: how often its right answer was not taken
        self.mistakes_left = {name: list(wrong) for name, wrong in host.mistakes.items()}
        self.asides_left: list[str] = []
        self.first_asked: set[str] = set()
        self.question: str | None = None  # the question asked last
        self.last_sent = ""
        self.last_aside: str | None = None  # the host's last message, when it wasn't an answer
        self.summary: dict[str, str] | None = None  # the last summary read

    # --- talking ------------------------------------------------------------------------

    def send(self, text: str) -> list[Message]:
        response = requests.post(
            f"{self.stack.rasa_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": text},
            headers={"Authorization": f"Bearer {self.stack.rest_token}"},
            timeout=90,
        )
        response.raise_for_status()
        self.outcome.turns += 1
        self.last_sent = text
        self.outcome.transcript.append(f"host> {text}")
        reply = []
        for m in response.json():
            body = str(m.get("text") or "")
            buttons = tuple((str(b.get("title")), str(b.get("payload"))) for b in m.get("buttons") or [])
            message = Message(body, buttons, texts.recognise(body) if body else None)
            reply.append(message)
            shown = f" {[t for t, _ in buttons]}" if buttons else ""
            self.outcome.transcript.append(f"  bot [{message.name or '?'}]> {body}{shown}")
        if any(m.name == texts.DONE for m in reply):
            self.outcome.completed = True
        return reply

    def note(self, text: str) -> None:
        self.outcome.notes.append(f"turn {self.outcome.turns}: {text}")

    def play(self, max_turns: int = MAX_TURNS) -> Outcome:
        started = time.monotonic()
        paste = self.host.paste
        if paste and paste.at == "start":
            self.said |= set(paste.fields)
            reply = self.send(paste.text)
        else:
            reply = self.send(self.host.opening)
            self.outcome.opened_with_request = True
        while not self.outcome.completed and self.outcome.turns < max_turns:
            reply = self.send(self.next_message(reply))
        self.outcome.seconds = time.monotonic() - started
        return self.outcome

    # --- what a person answers ------------------------------------------------------------------

    def next_message(self, reply: list[Message]) -> str:
        if self.last_aside is not None:  # what came of a question, a request to go back, a paste
            said = ", ".join(m.name or f"?{m.text[:60]!r}" for m in reply) or "nothing"
            self.note(f"after {self.last_aside[:70]!r} the assistant said: {said}")
            self.last_aside = None
        if self.asides_left:  # "stop ..." then "continue": said whatever the reply was
            return self.aside(self.asides_left.pop(0))
        asked = [(m, texts.question_field(m.name)) for m in reply if m.name and texts.question_field(m.name)]
        if not asked:
            shown = " | ".join(m.text[:90] for m in reply) or "(nothing)"
            self.note(f"no question in the reply to {self.last_sent!r}: {shown}")
            if self.answered:  # say it again, more plainly
                return self.answer(self.answered, reply, plainer=True)
            return "I want to register as a charging host"
        message, question = asked[-1]
        assert question is not None
        if question == "yes_or_no":
            self.note(f"asked to answer yes or no after {self.last_sent!r}")
            question = self.question or "registration_confirmed"
        if question == "what_to_change":  # "What would you like to change?"
            wrong = self.wrong_on_summary(self.summary)
            if not wrong:
                self.note("asked what to change, with nothing wrong")
                return self.answer("registration_confirmed", reply)
            return self.aside(CORRECTIONS[wrong[0]])
        self.question = question
        refused = self.answered == question
        if refused and not self.last_was_mistake:
            said_instead = [m.name or m.text[:60] for m in reply if m is not message]
            self.note(f"{question}: {self.last_sent!r} not taken ({', '.join(said_instead) or 'asked again'})")
            self.plainer[question] += 1
        elif not refused and question in self.said and question in DATA_FIELDS:
            self.outcome.asked_again.append(question)
            self.note(f"asked again for {question}, already given")
        if question not in self.first_asked:
            self.first_asked.add(question)
            first = self.first_time(question, reply)
            if first is not None:
                return first
        if self.mistakes_left.get(question):
            self.answered, self.last_was_mistake = question, True
            return self.mistakes_left[question].pop(0)
        if question == "registration_confirmed":
            return self.check_summary(reply)
        return self.answer(question, reply)

    def first_time(self, question: str, reply: list[Message]) -> str | None:
        """What the host says the first time a question comes: a question of its own,
        another answer than the one asked, or everything at once."""
        asides = list(self.host.asides.get(question, ()))
        if asides:
            self.asides_left = asides[1:]
            return self.aside(asides[0])
        if question in self.host.ahead:
            later = self.host.ahead[question]
            self.said.add(later)
            return self.aside(self.host.answers(later)[0])
        paste = self.host.paste
        if paste and paste.at == question:
            self.said |= set(paste.fields)
            return self.aside(paste.text)
        return None

    def aside(self, text: str) -> str:
        """A message that is not the answer to the question asked."""
        self.answered, self.last_was_mistake, self.last_aside = None, False, text
        return text

    def answer(self, question: str, reply: list[Message], plainer: bool = False) -> str:
        if question == "login_code":
            self.answered, self.last_was_mistake = question, False
            return latest_login_code(self.stack.outbox, self.host.login)
        if plainer:
            self.plainer[question] += 1
        ways = self.host.answers(question)
        if question in YES_OR_NO_FIELDS or (question == "services" and self.host.entity_type == PRIVATE_PERSON):
            ways = ways + ("yes",)
        text = ways[min(self.plainer[question], len(ways) - 1)]
        if question in DATA_FIELDS:
            self.said.add(question)
        self.answered, self.last_was_mistake = question, False
        return self.tap(text, question, reply)

    def tap(self, text: str, question: str, reply: list[Message]) -> str:
        """A button's payload where a person taps it: its title is the answer, or it is the yes."""
        if not self.host.clicks:
            return text
        buttons = [b for m in reply for b in m.buttons]
        for title, payload in buttons:
            if text.strip().lower() in (title.strip().lower(), payload.strip().lower()):
                return payload
        if question in YES_OR_NO_FIELDS:
            yes = [payload for _, payload in buttons if payload == "/affirm"]
            if yes:
                return yes[0]
        return text

    # --- the summary ----------------------------------------------------------------------------------

    @staticmethod
    def last_summary(reply: list[Message]) -> dict[str, str] | None:
        for m in reversed(reply):
            if m.name == "utter_registration_summary":
                return texts.values_in(m.text, m.name)
        return None

    def check_summary(self, reply: list[Message]) -> str:
        summary = self.summary = self.last_summary(reply) or self.summary
        if summary is None:
            self.note("asked to confirm without a summary to read")
        wrong = self.wrong_on_summary(summary)
        if not wrong:
            return self.answer("registration_confirmed", reply)
        first = wrong[0]
        self.note(f"summary shows a wrong {first}: corrects it")
        self.mistakes_left.pop(first, None)  # from now on the host types the right one
        if self.host.corrects_with_value:
            self.said.add(first)
            return self.aside(f"{CORRECTIONS[first]}, it should be {self.host.answers(first)[-1]}")
        return self.aside(CORRECTIONS[first])

    def wrong_on_summary(self, summary: dict[str, str] | None) -> list[str]:
        """The answers a person sees are wrong on the summary, in its order."""
        if summary is None:
            return []
        host = self.host
        a = host.address
        expected = {
            "legal_name": [host.legal_name],
            "entity_type_label": [texts.label("company")],
            "vat_label": [host.vat_number or ""],
            "address_line": [f"{street}, {a.postal_code} {a.city}, {a.country}" for street in a.streets()],
            "invoice_email": [host.invoice_email],
            "contact_name": [host.contact_name],
            "phone": [host.phone],
            "admin_email": [host.admin_email],
            "account_holder": [host.account_holder],
            "services_label": [", ".join(texts.label(f"service_{s}") for s in host.services)],
            "stations_label": [
                ", ".join(f"{s.name} ({s.serial})" for s in host.stations if s.serial in host.linked)
                if host.linked
                else texts.label("no_station_step")
            ],
        }
        wrong = []
        for key, shown in summary.items():
            if key not in SUMMARY_FIELDS:
                continue
            if key == "iban_masked":
                ok = shown.startswith(host.iban[:4]) and shown.endswith(host.iban[-4:])
            else:
                ok = shown.strip() in expected[key]
            if not ok:
                wrong.append(SUMMARY_FIELDS[key])
        if host.entity_type == PRIVATE_PERSON and "vat_label" in summary:
            wrong.append("entity_type")  # the company's summary, for a private person
        if host.entity_type != PRIVATE_PERSON and "vat_label" not in summary:
            wrong.append("entity_type")
        return wrong


# --- the back end --------------------------------------------------------------------------------------------


def organisations(stack: Stack) -> list[dict[str, Any]]:
    """GET /v1/organisations: every organisation, as support staff see it."""
    response = requests.get(
        f"{stack.dashboard_url}/v1/organisations",
        headers={"Authorization": f"Bearer {stack.admin_token}"},
        timeout=10,
    )
    response.raise_for_status()
    found: list[dict[str, Any]] = response.json()["organisations"]
    return found


def of_host(host: Host, stored: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The organisations that are this host's: its login, VAT number, name or stations."""
    serials = {s.serial for s in host.stations}
    return [
        o
        for o in stored
        if o.get("admin_email") == host.login
        or (host.vat_number and o.get("vat_number") == host.vat_number)
        or o.get("legal_name") == host.legal_name
        or serials & set(o.get("charging_stations") or [])
    ]


def stored_mismatches(host: Host, organisation: dict[str, Any]) -> list[str]:
    """Each stored field that is not what the host meant."""
    a = host.address
    mandate = organisation.get("mandate") or {}
    stored_iban = str(mandate.get("iban") or "")
    iban_ok = (
        stored_iban.startswith(host.iban[:4]) and stored_iban.endswith(host.iban[-4:])
        if "*" in stored_iban  # masked, as the API may show it
        else stored_iban == host.iban
    )
    address = organisation.get("registered_address") or {}
    checks: list[tuple[str, Any, Any, bool | None]] = [
        ("entity_type", organisation.get("entity_type"), host.entity_type, None),
        ("legal_name", organisation.get("legal_name"), host.legal_name, None),
        ("vat_number", organisation.get("vat_number"), host.vat_number, None),
        ("registered_address.street", address.get("street"), a.streets(), address.get("street") in a.streets()),
        ("registered_address.postal_code", address.get("postal_code"), a.postal_code, None),
        ("registered_address.city", address.get("city"), a.city, None),
        ("registered_address.country", address.get("country"), a.country, None),
        ("invoice_email", organisation.get("invoice_email"), host.invoice_email, None),
        ("contact_name", organisation.get("contact_name"), host.contact_name, None),
        ("phone", organisation.get("phone"), host.phone, None),
        # An invited administrator takes over once they accept; until then the login administers it.
        ("admin_email", organisation.get("admin_email"), host.login, None),
        (
            "terms_accepted_at",
            organisation.get("terms_accepted_at"),
            "a time",
            bool(organisation.get("terms_accepted_at")),
        ),
        ("mandate.iban", stored_iban, host.iban, iban_ok),
        ("mandate.bic", mandate.get("bic"), host.bic, None),
        ("mandate.account_holder", mandate.get("account_holder"), host.account_holder, None),
        ("mandate.signed_at", mandate.get("signed_at"), "a time", bool(mandate.get("signed_at"))),
        ("services", organisation.get("services"), list(host.services), None),
        ("charging_stations", sorted(organisation.get("charging_stations") or []), sorted(host.linked), None),
        ("registrations", len(organisation.get("registrations") or []), 1, None),
    ]
    return [
        f"stored {name} is {stored!r}, expected {wanted!r}"
        for name, stored, wanted, ok in checks
        if not (ok if ok is not None else stored == wanted)
    ]


def check_back_end(host: Host, stack: Stack, outcome: Outcome) -> None:
    """What the back end stored for the host, field by field; exactly one organisation; the e-mails."""
    outcome.organisations = of_host(host, organisations(stack))
    if len(outcome.organisations) != 1:
        outcome.mismatches.append(f"{len(outcome.organisations)} organisations for this host, expected exactly 1")
    if outcome.organisations:
        outcome.mismatches += stored_mismatches(host, outcome.organisations[0])
    confirmations = messages_to(stack.outbox, host.invoice_email, "registration-confirmation")
    if len(confirmations) != 1:
        outcome.mismatches.append(f"{len(confirmations)} confirmation e-mails to {host.invoice_email}, expected 1")
    if host.admin and not messages_to(stack.outbox, host.admin[0], "invitation"):
        outcome.mismatches.append(f"no invitation e-mailed to the administrator {host.admin[0]}")


def play(host: Host, stack: Stack, max_turns: int = MAX_TURNS) -> Outcome:
    """Play one host against the running assistant, then check what the back end stored."""
    outcome = Person(host, stack).play(max_turns)
    check_back_end(host, stack, outcome)
    return outcome
