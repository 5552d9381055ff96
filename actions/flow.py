"""What every flow's actions stand on: registration, public charging and pricing alike.

A flow is a form that first proves the Smappee login (``actions/login.py``),
then asks its own questions, shows a summary and, on the host's yes, sends
what was confirmed to the dashboard API. The plumbing around that lives here
once; a flow module keeps only what is its own:

- ``Flow``: the form and its slots, cleared in one step; the way back to the
  summary when the session ran out before the submission;
- ``FlowForm``: the form's questions, the login's first;
- ``StartFlow``: the start action (session ran out, not logged in yet, or
  logged in and the account read again);
- ``idempotency_key`` for every submission; the station buttons and the choice among them.
"""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker, utils
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import sessions
from actions.conversation import refuse, yes_or_no
from actions.login import VERIFIED, LoginQuestions, logged_in, prove_login_again, read_as_account
from actions.suggestions import SUGGESTED_STEP_SLOT
from actions.texts import all_of_them_button, label
from charging_host.several_answers import says_correction
from charging_host.stations import parse_station_choice
from charging_host.text import MAX_ANSWER_LENGTH, clean_text, has_control_characters, looks_like_code

LOGIN_QUESTIONS = ["account_email", "login_code"]
# Answers a message implies rather than gives ("De Kroon BV" says it's a company):
# on their own they are not "several answers".
DERIVED_PIECES = ("entity_type",)


def slot_events(changes: dict[str, Any]) -> list[EventType]:
    return [SlotSet(slot, value) for slot, value in changes.items()]


def session_token(tracker: Tracker) -> str:
    """The conversation's account session token ("" when it has none: the back end then says 401)."""
    return sessions.token_for(tracker.sender_id) or ""


@dataclass(frozen=True)
class Flow:
    form: str
    slots: tuple[str, ...]  # what the flow fills: cleared when it starts anew or ends
    confirmed_slot: str  # the summary's yes
    blocked_slot: str  # why the flow can't go on, when it can't

    def cleared(self, keep: Iterable[str] = ()) -> list[EventType]:
        kept = set(keep)
        return [SlotSet(slot, None) for slot in self.slots if slot not in kept]

    async def login_again(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """The session ran out before the submission: mail a new code, ask it, then show the summary again."""
        changes = await prove_login_again(tracker, dispatcher)
        if not changes:
            return []  # the back end can't be reached (the host was told): "try again" sends it once more
        return slot_events(changes) + [SlotSet(self.confirmed_slot, None), FollowupAction(self.form)]


class FlowForm(LoginQuestions, FormValidationAction):
    """The validation action of a flow's form: the login's questions, then the flow's own.

    Abstract (rasa-sdk registers every concrete Action subclass it finds).
    """

    flow: Flow

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        if tracker.get_slot(self.flow.blocked_slot):
            return []  # the form ends; the flow's last action says nothing more
        if tracker.get_slot("login_code") != VERIFIED:
            return list(LOGIN_QUESTIONS)
        return LOGIN_QUESTIONS + self.questions(tracker)

    @abstractmethod
    def questions(self, tracker: Tracker) -> list[str]:
        """The flow's questions once the login is proven, in the order they are asked."""

    def answers_in(self, text: str, tracker: Tracker) -> dict[str, str]:
        """Answers to this flow's questions found in one message, as slot -> the piece
        of text that answers it ("VAT BE0200297773, Kerkstraat 12, 9000 Gent").
        A flow that reads several answers at once says how; by default none."""
        return {}

    def depends_on(self, slot: str) -> list[str]:
        """Answers that must be asked again when ``slot`` is replaced."""
        return []

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """rasa-sdk's loop over the answers given this turn, each ``validate_<slot>``
        called once, with what the host typed made safe first: an answer longer
        than anyone types, with control characters, or that looks like code (HTML,
        SQL) is refused unread (a parser never sees 1 MB, and "<script>yes</script>"
        is no yes); the rest is cleaned (``clean_text``: NFKC, no zero-width or
        bidirectional characters).

        A message that answers more than the question asked ("We are De Kroon BV,
        VAT BE0200297773, Kerkstraat 12, 9000 Gent") fills every answer that checks
        out, each checked as if asked, and the host is told what was taken; a
        correction of an earlier answer in it replaces that answer."""
        asked = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        answers = {slot: value for slot, value in tracker.slots_to_validate().items() if slot in asked}
        question = tracker.get_slot("requested_slot")
        if question in asked and question not in answers and tracker.get_slot(question) is not None:
            # Rasa sets an answer before the form checks it: while the action server
            # was down, the text stayed in the question's slot unchecked. Check it now.
            answers[question] = tracker.get_slot(question)
        others: dict[str, str] = {}
        ahead: dict[str, str] = {}  # one answer to a later question, if this one's check refuses the message
        if isinstance(answers.get(question), str) and is_readable(answers[question]):
            text = clean_text(answers[question])
            others = self.other_answers(text, question, tracker)
            if others:
                pieces = self.answers_in(text, tracker)
                if question in pieces:
                    answers[question] = pieces[question]
                else:
                    answers[question] = None  # not answered in this message: asked again, without a complaint
            else:
                ahead = self.answer_ahead(text, question, tracker)
        for slot, value in list(answers.items()):
            if value is None and slot == question and others:
                continue
            if slot == question and ahead:
                # "06 87654321" at the contact question: if it is no answer to the question,
                # it is the phone number given ahead (and the question is asked again, without a complaint).
                before, trial = dict(tracker.slots), CollectingDispatcher()
                checked = await self.check_answer(slot, value, trial, tracker, domain)
                if checked.get(slot) is None:
                    tracker.slots.clear()
                    tracker.slots.update(before)
                    answers[slot], others = None, ahead
                    continue
                dispatcher.messages.extend(trial.messages)
            else:
                checked = await self.check_answer(slot, value, dispatcher, tracker, domain)
            answers.update(checked)
        taken = await self.take_answers(others, dispatcher, tracker, domain)
        answers.update(taken.events)
        if taken.fields:
            dispatcher.utter_message(response="utter_answers_taken", fields=field_labels(taken.fields, domain))
        return slot_events(answers)

    def other_answers(self, text: str, question: str | None, tracker: Tracker) -> dict[str, str]:
        """The answers in a message besides the question asked: the ones not given yet,
        and, when the message says it corrects something, the ones given before."""
        pieces = self.answers_in(text, tracker)
        correcting = says_correction(text)
        given = set(pieces) - set(DERIVED_PIECES)
        if not given - {question} or (len(given) < 2 and not correcting):
            # One answer is the answer to the question asked, whatever it looks like
            # (an e-mail at the administrator question is the administrator's).
            return {}
        return {
            slot: piece
            for slot, piece in pieces.items()
            if slot != question and (tracker.get_slot(slot) is None or correcting)
        }

    def answer_ahead(self, text: str, question: str | None, tracker: Tracker) -> dict[str, str]:
        """The one answer in a message to a question not asked yet ("06 87654321" at the
        contact question), or nothing."""
        pieces = self.answers_in(text, tracker)
        given = set(pieces) - set(DERIVED_PIECES) - {question}
        if len(given) != 1:
            return {}
        slot = given.pop()
        return {slot: pieces[slot]} if tracker.get_slot(slot) is None else {}

    async def take_answers(
        self, pieces: dict[str, str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> TakenAnswers:
        """Check each piece as if its question had been asked, in the order the
        questions come (a company's VAT number only once it is a company)."""
        taken = TakenAnswers()
        for slot in [s for s in self.domain_slots(domain) if s in pieces]:
            if slot not in self.questions(tracker):
                continue  # not a question for this host (yet): a private person has no VAT number
            replacing = tracker.get_slot(slot) is not None
            checked = await self.check_answer(slot, pieces[slot], dispatcher, tracker, domain)
            if checked.get(slot) is None:
                continue
            taken.fields.append(slot)
            if replacing:
                # What depended on the old answer is asked again, unless the check just filled it.
                cleared = {d: None for d in self.depends_on(slot) if d not in checked}
                tracker.slots.update(cleared)
                taken.events.update(cleared)
            taken.events.update(checked)
        return taken

    async def check_answer(
        self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """One answer through its ``validate_<slot>``, made safe first; the tracker sees the result."""
        validate = getattr(self, f"validate_{slot}", None)
        if validate is None:
            return {slot: value}
        if isinstance(value, str) and len(value) > MAX_ANSWER_LENGTH:
            checked = refuse(slot, "utter_answer_too_long", dispatcher, tracker)
        elif isinstance(value, str) and has_control_characters(value):
            checked = refuse(slot, "utter_answer_unreadable", dispatcher, tracker)
        elif isinstance(value, str) and looks_like_code(value):
            checked = refuse(slot, "utter_answer_looks_like_code", dispatcher, tracker)
        else:
            value = clean_text(value) if isinstance(value, str) else value
            checked = await utils.call_potential_coroutine(validate(value, dispatcher, tracker, domain))
        tracker.slots.update(checked)  # later validators see this turn's answers
        return dict(checked)


@dataclass
class TakenAnswers:
    fields: list[str] = field(default_factory=list)  # the slots filled from the message, in order
    events: dict[str, Any] = field(default_factory=dict)


def is_readable(text: str) -> bool:
    """Short enough, no control characters, not code: an answer a parser may read."""
    return len(text) <= MAX_ANSWER_LENGTH and not has_control_characters(text) and not looks_like_code(text)


def field_labels(slots: list[str], domain: DomainDict) -> str:
    return ", ".join(label(domain, f"field_{slot}") for slot in slots)


class StartFlow(Action, ABC):
    """A flow's start: the session ran out (a new code), the host is not logged in
    yet (the form asks), or the account is read again and the flow looks at it."""

    flow: Flow

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        events = [*self.starting(dispatcher, tracker), SlotSet(SUGGESTED_STEP_SLOT, None)]
        if tracker.get_slot("login_code") == VERIFIED and not logged_in(tracker):
            events += slot_events(await prove_login_again(tracker, dispatcher))
        elif not logged_in(tracker):
            self.introduce(dispatcher)
        else:
            account = await read_as_account(tracker, dispatcher, "get_account")
            if account is None:
                events += slot_events(self.unreachable())
            else:
                events += slot_events(await self.with_account(account, session_token(tracker), dispatcher, tracker))
        return events + self.then()

    def starting(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """Events before anything else; by default the flow's earlier answers are cleared."""
        return self.flow.cleared()

    def introduce(self, dispatcher: CollectingDispatcher) -> None:
        """What is said to a host who is not logged in yet."""

    @abstractmethod
    async def with_account(
        self, account: dict[str, Any], token: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        """Slots from the account just read (the same as after a login in the form)."""

    def unreachable(self) -> dict[str, Any]:
        """Slots when the account could not be read (the host was told)."""
        return {self.flow.blocked_slot: "unavailable"}

    def then(self) -> list[EventType]:
        # The form follows (the rules say so too, but the way back from the
        # registration runs a start action directly).
        return [FollowupAction(self.flow.form)]


def idempotency_key(sender_id: str, body: dict[str, Any]) -> str:
    """The same conversation sending the same request again gets the same key,
    so a retry after a time-out never creates a second one."""
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:40]
    return f"{hashlib.sha256(sender_id.encode()).hexdigest()[:16]}-{digest}"


def station_buttons(stations: list[dict[str, Any]], domain: DomainDict) -> list[dict[str, str]]:
    """One button per station (its serial as the answer), and "All of them" when there are several."""
    buttons = [{"title": f"{s['name']} ({s['serial']})", "payload": s["serial"]} for s in stations]
    if len(stations) > 1:
        buttons.append(all_of_them_button(domain))
    return buttons


def ask_for_stations(
    dispatcher: CollectingDispatcher,
    stations: list[dict[str, Any]],
    domain: DomainDict,
    response: str,
    only_one_response: str,
    **values: Any,
) -> None:
    """Ask which stations, with a button per station; with only one, ask it as a yes or no
    (``only_one_response``): there is nothing to choose."""
    if len(stations) == 1:
        station = stations[0]
        dispatcher.utter_message(
            response=only_one_response,
            station_name=f"{station['name']} ({station['serial']})",
            buttons=[
                {"title": label(domain, "yes"), "payload": "/affirm"},
                {"title": label(domain, "no"), "payload": "/deny"},
            ],
        )
        return
    dispatcher.utter_message(response=response, buttons=station_buttons(stations, domain), **values)


def chosen_stations(value: Any, stations: list[dict[str, Any]], tracker: Tracker) -> list[str] | None:
    """The serials a host picked from ``stations``; a plain yes picks the only one."""
    if len(stations) == 1 and yes_or_no(tracker, value) is True:
        return [stations[0]["serial"]]
    return parse_station_choice(str(value or ""), stations)
