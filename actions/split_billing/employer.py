"""An employer adds split billing agreements, one or several at once.

``agreement_form`` proves the login, picks the organisation registered for
split billing (an employer who has none is taken through the registration
first and brought back), then asks who (names and e-mails; several at once),
where each lives when the employer is Belgian (the cap depends on the region),
from when, the rate (checked against the cap), an end date, and shows a
summary. ``action_add_agreements`` sends one request per employee; each is
mailed an invitation to confirm. Everything said in the opening message
("add Jan and Els, both at 0.28 from 1 January") is taken once the login is
proven.
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import (
    accept,
    call_blocking,
    confirmation,
    dashboard,
    latest_intent,
    latest_text,
    refuse,
    yes_or_no,
)
from actions.dashboard_client import DashboardError, DashboardUnavailable
from actions.flow import Flow, FlowForm, StartFlow, field_labels, idempotency_key, session_token, slot_events
from actions.login import VERIFIED
from actions.split_billing.common import (
    cap_button,
    cap_values,
    date_label,
    rate_label,
    region_label,
    say_rate_above_cap,
    split_billing_organisations,
    today,
)
from actions.texts import label
from charging_host.agreements import (
    Person,
    agreement_topic,
    fill_in,
    find_rate,
    parse_people,
    read_request,
    regions_for,
    says_cap,
)
from charging_host.dates import parse_date, says_no_end
from charging_host.split_billing import BELGIAN_REGIONS, OUTSIDE_BELGIUM, cap_for, rate_text, read_rate

logger = logging.getLogger(__name__)

NO_END = "none"  # the agreement_end_date slot's value for "no end date"
AGREEMENTS = Flow(
    form="agreement_form",
    slots=(
        "agreement_organisation",
        "agreement_people",
        "agreement_person_details",
        "agreement_region",
        "agreement_start_date",
        "agreement_rate",
        "agreement_end_date",
        "agreement_confirmed",
        "agreement_organisations",
        "agreement_blocked",
    ),
    confirmed_slot="agreement_confirmed",
    blocked_slot="agreement_blocked",
)
REQUEST_SLOT = "agreement_request"  # the opening message, read once the login is proven


def people(tracker: Tracker) -> list[Person]:
    value = tracker.get_slot("agreement_people")
    return [Person.from_dict(p) for p in value] if isinstance(value, list) else []


def organisation(tracker: Tracker) -> dict[str, Any] | None:
    chosen = tracker.get_slot("agreement_organisation")
    return next((o for o in tracker.get_slot("agreement_organisations") or [] if o["id"] == chosen), None)


def belgian_employer(tracker: Tracker) -> bool:
    return (organisation(tracker) or {}).get("country") == "BE"


def start_date(tracker: Tracker) -> date:
    value = tracker.get_slot("agreement_start_date")
    return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else today()


def names(persons: list[Person]) -> str:
    return ", ".join(p.name for p in persons)


def employer_context(account: dict[str, Any]) -> dict[str, Any]:
    """The organisations the login may add agreements for; one is chosen at once."""
    organisations = split_billing_organisations(account)
    slots: dict[str, Any] = {"agreement_organisations": organisations}
    if not organisations:
        slots[AGREEMENTS.blocked_slot] = "no_split_billing"
    elif len(organisations) == 1:
        slots["agreement_organisation"] = organisations[0]["id"]
    return slots


class ValidateAgreementForm(FlowForm):
    flow = AGREEMENTS

    def name(self) -> str:
        return "validate_agreement_form"

    def questions(self, tracker: Tracker) -> list[str]:
        slots = ["agreement_organisation", "agreement_people"]
        if any(not p.complete for p in people(tracker)):
            slots.append("agreement_person_details")
        if belgian_employer(tracker):
            slots.append("agreement_region")
        return slots + ["agreement_start_date", "agreement_rate", "agreement_end_date", "agreement_confirmed"]

    def answers_in(self, text: str, tracker: Tracker) -> dict[str, str]:
        """ "Jan and Els, both at 0.28 from 1 January, no end date": every answer named
        (at another question than "who?", a name is written with a capital)."""
        if tracker.get_slot("login_code") != VERIFIED:
            return {}
        asked = tracker.get_slot("requested_slot")
        return self.request_answers(text, lowercase_names=asked in (None, "agreement_people"))

    def request_answers(self, text: str, lowercase_names: bool) -> dict[str, str]:
        request = read_request(text, today(), lowercase_names)
        pieces: dict[str, str] = {}
        if request.people:
            pieces["agreement_people"] = text
        if request.region or any(p.region for p in request.people):
            pieces["agreement_region"] = text
        if request.start:
            pieces["agreement_start_date"] = request.start.isoformat()
        if request.rate is not None:
            pieces["agreement_rate"] = str(request.rate)
        if request.end or request.no_end:
            pieces["agreement_end_date"] = request.end.isoformat() if request.end else NO_END
        return pieces

    def depends_on(self, slot: str) -> list[str]:
        # Other people or another start date: the rate is checked against their caps again.
        return {
            "agreement_people": ["agreement_region", "agreement_rate"],
            "agreement_region": ["agreement_rate"],
            "agreement_start_date": ["agreement_rate"],
        }.get(slot, [])

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events = await super().get_validation_events(dispatcher, tracker, domain)
        request = tracker.get_slot(REQUEST_SLOT)
        if request and tracker.get_slot("login_code") == VERIFIED and not tracker.get_slot(AGREEMENTS.blocked_slot):
            # The opening message's answers, now that the login is proven.
            pieces = self.request_answers(request, lowercase_names=True)
            taken = await self.take_answers(pieces, dispatcher, tracker, domain)
            events += slot_events(taken.events) + [SlotSet(REQUEST_SLOT, None)]
            if taken.fields:
                dispatcher.utter_message(response="utter_agreement_noted", fields=field_labels(taken.fields, domain))
        return events

    async def after_login(
        self, account: dict[str, Any], result: dict[str, Any], dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        return result | employer_context(account)

    def validate_agreement_organisation(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        organisations = tracker.get_slot("agreement_organisations") or []
        text = str(value or "").lower()
        match = next((o for o in organisations if o["id"] == value or o["legal_name"].lower() in text), None)
        if match is None:
            match = next((o for o in organisations if text and text in o["legal_name"].lower()), None)
        if match is None:
            return refuse("agreement_organisation", "utter_agreement_organisation_unknown", dispatcher, tracker)
        return accept("agreement_organisation", tracker, agreement_organisation=match["id"])

    def validate_agreement_people(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if isinstance(value, list):
            return {"agreement_people": value}
        found = parse_people(str(value or ""))
        if not found:
            return refuse("agreement_people", "utter_agreement_people_unclear", dispatcher, tracker)
        result = accept("agreement_people", tracker, agreement_people=[p.as_dict() for p in found])
        if all(p.complete for p in found):
            result["agreement_person_details"] = "complete"
        return result

    def validate_agreement_person_details(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        persons = people(tracker)
        missing = next((i for i, p in enumerate(persons) if not p.complete), None)
        if missing is None:
            return {"agreement_person_details": "complete"}
        completed = fill_in(persons[missing], str(value or ""))
        if completed == persons[missing]:
            return refuse(
                "agreement_person_details",
                "utter_agreement_details_unclear",
                dispatcher,
                tracker,
                name=persons[missing].name,
            )
        persons[missing] = completed
        done = all(p.complete for p in persons)
        return accept(
            "agreement_person_details",
            tracker,
            agreement_people=[p.as_dict() for p in persons],
            agreement_person_details="complete" if done else None,
        )

    def validate_agreement_region(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        persons = people(tracker)
        if isinstance(value, dict):
            return {"agreement_region": value}
        found = regions_for(str(value or ""), persons)
        for person in persons:
            if person.region and person.name not in found:
                found[person.name] = person.region  # said earlier ("Jan (Flanders)")
        if not persons or any(p.name not in found for p in persons):
            return refuse("agreement_region", "utter_agreement_region_unclear", dispatcher, tracker)
        result = accept("agreement_region", tracker, agreement_region=found)
        rate = tracker.get_slot("agreement_rate")
        if rate and self._rate_over_cap(Decimal(rate), found, tracker, dispatcher, domain):
            result["agreement_rate"] = None  # given before the regions were known: asked again
        return result

    @staticmethod
    def _rate_over_cap(
        rate: Decimal,
        regions: dict[str, str],
        tracker: Tracker,
        dispatcher: CollectingDispatcher,
        domain: DomainDict,
    ) -> bool:
        """Whether the rate is above the cap for someone (the lowest such cap is explained)."""
        day = start_date(tracker)
        caps = {p.name: cap_for(regions.get(p.name, ""), day) for p in people(tracker)}
        over = {name: cap for name, cap in caps.items() if cap is not None and rate > cap.rate}
        if not over:
            return False
        say_rate_above_cap(dispatcher, domain, rate, ", ".join(over), min(over.values(), key=lambda c: c.rate))
        return True

    def validate_agreement_start_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        day = parse_date(str(value or ""), today())
        if day is None:
            return refuse("agreement_start_date", "utter_agreement_date_unclear", dispatcher, tracker)
        if day < today():
            return refuse("agreement_start_date", "utter_agreement_start_in_past", dispatcher, tracker)
        return accept("agreement_start_date", tracker, agreement_start_date=day.isoformat())

    def validate_agreement_rate(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "")
        regions = tracker.get_slot("agreement_region") or {}
        caps = {p.name: cap_for(regions.get(p.name, ""), start_date(tracker)) for p in people(tracker)}
        if says_cap(text) and find_rate(text) is None:
            known = [cap for cap in caps.values() if cap is not None]
            if not known:
                return refuse("agreement_rate", "utter_agreement_no_cap_here", dispatcher, tracker)
            rate = min(cap.rate for cap in known)  # one rate for all: the lowest cap among them
        else:
            checked = read_rate(find_rate(text) or text)
            if checked.problem == "implausible" and checked.likely is not None:
                return refuse(
                    "agreement_rate",
                    "utter_agreement_rate_slip",
                    dispatcher,
                    tracker,
                    likely=rate_label(checked.likely),
                )
            if not checked.ok or checked.rate is None:
                return refuse("agreement_rate", "utter_agreement_rate_unclear", dispatcher, tracker)
            rate = checked.rate
        if self._rate_over_cap(rate, regions, tracker, dispatcher, domain):
            return {"agreement_rate": None}
        return accept("agreement_rate", tracker, agreement_rate=rate_text(rate))

    def validate_agreement_end_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "")
        if says_no_end(text):
            return accept("agreement_end_date", tracker, agreement_end_date=NO_END)
        day = parse_date(text, today())
        if day is None:
            return refuse("agreement_end_date", "utter_agreement_date_unclear", dispatcher, tracker)
        if day < start_date(tracker):
            return refuse("agreement_end_date", "utter_agreement_end_before_start", dispatcher, tracker)
        return accept("agreement_end_date", tracker, agreement_end_date=day.isoformat())

    async def validate_agreement_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is not True and yes_or_no(tracker, value) is None:
            # "Make it 0.25", "from 1 February": changed on the summary, which is shown again.
            pieces = self.answers_in(str(value or ""), tracker)
            taken = await self.take_answers(pieces, dispatcher, tracker, domain) if pieces else None
            if taken and taken.fields:
                dispatcher.utter_message(response="utter_answer_changed", fields=field_labels(taken.fields, domain))
                return taken.events | {"agreement_confirmed": None}
        return confirmation(
            "agreement_confirmed",
            value,
            dispatcher,
            tracker,
            "utter_agreement_not_confirmed",
            ["agreement_people", "agreement_person_details", "agreement_region", "agreement_rate"],
        )


# --- the questions whose words depend on the answers ---------------------------------------


class ActionAskAgreementOrganisation(Action):
    def name(self) -> str:
        return "action_ask_agreement_organisation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        buttons = [
            {"title": o["legal_name"], "payload": o["legal_name"]} for o in tracker.get_slot("agreement_organisations")
        ]
        dispatcher.utter_message(response="utter_ask_agreement_organisation", buttons=buttons)
        return []


class ActionAskAgreementPersonDetails(Action):
    def name(self) -> str:
        return "action_ask_agreement_person_details"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        person = next(p for p in people(tracker) if not p.complete)
        missing = "email" if person.last_name else ("last_name" if person.email else "both")
        dispatcher.utter_message(response=f"utter_ask_agreement_{missing}", name=person.name)
        return []


class ActionAskAgreementRegion(Action):
    def name(self) -> str:
        return "action_ask_agreement_region"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        buttons = [
            {"title": region_label(region, domain), "payload": region} for region in (*BELGIAN_REGIONS, OUTSIDE_BELGIUM)
        ]
        persons = people(tracker)
        response = "utter_ask_agreement_region" if len(persons) == 1 else "utter_ask_agreement_regions"
        dispatcher.utter_message(response=response, names=names(persons), buttons=buttons)
        return []


class ActionAskAgreementRate(Action):
    def name(self) -> str:
        return "action_ask_agreement_rate"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        regions = tracker.get_slot("agreement_region") or {}
        caps = [c for c in (cap_for(r, start_date(tracker)) for r in set(regions.values())) if c is not None]
        if not caps:
            dispatcher.utter_message(response="utter_ask_agreement_rate")
            return []
        cap = min(caps, key=lambda c: c.rate)
        dispatcher.utter_message(
            response="utter_ask_agreement_rate_with_cap",
            buttons=[cap_button(cap, domain)],
            **cap_values(cap, domain),
        )
        return []


def summary_values(tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
    regions = tracker.get_slot("agreement_region") or {}
    lines = [
        label(domain, "agreement_person", name=p.name, email=p.email or "")
        + (f" ({region_label(regions[p.name], domain)})" if p.name in regions else "")
        for p in people(tracker)
    ]
    end = tracker.get_slot("agreement_end_date")
    return {
        "employer": (organisation(tracker) or {}).get("legal_name", ""),
        "people_list": "\n".join(f"- {line}" for line in lines),
        "rate": rate_label(tracker.get_slot("agreement_rate") or "0"),
        "start": date_label(tracker.get_slot("agreement_start_date"), domain),
        "end": date_label(None if end in (None, NO_END) else end, domain),
    }


class ActionAskAgreementConfirmed(Action):
    def name(self) -> str:
        return "action_ask_agreement_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_ask_agreement_confirmed", **summary_values(tracker, domain))
        return []


# --- start and submission -----------------------------------------------------------------


class ActionStartAgreements(StartFlow):
    """Start adding agreements; the opening message is kept to be read after the login."""

    flow = AGREEMENTS

    def name(self) -> str:
        return "action_start_agreements"

    def starting(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        # Asked now: this message is the request. Coming back from the registration
        # (no new request), the one said before it is still there.
        asked_now = latest_intent(tracker) == "add_agreement"
        request = latest_text(tracker) if asked_now else tracker.get_slot(REQUEST_SLOT)
        return AGREEMENTS.cleared() + [SlotSet(REQUEST_SLOT, request)]

    def introduce(self, dispatcher: CollectingDispatcher) -> None:
        dispatcher.utter_message(response="utter_agreements_intro")

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if latest_intent(tracker) == "add_agreement" and agreement_topic(latest_text(tracker), today()) == "change":
            # "Put the reimbursement of Lien Goossens to 0,29": a change, whatever the model said.
            return [FollowupAction("action_start_agreement_changes")]
        return await super().run(dispatcher, tracker, domain)

    async def with_account(
        self, account: dict[str, Any], token: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        return employer_context(account)


def agreement_request(tracker: Tracker, person: Person) -> dict[str, Any]:
    """The body of POST .../split-billing-agreements for one employee."""
    end = tracker.get_slot("agreement_end_date")
    body: dict[str, Any] = {
        "employee_email": person.email,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "rate_per_kwh": tracker.get_slot("agreement_rate"),
        "start_date": tracker.get_slot("agreement_start_date"),
        "end_date": None if end in (None, NO_END) else end,
    }
    region = (tracker.get_slot("agreement_region") or {}).get(person.name)
    if region:
        body["region"] = region
    return body


class ActionAddAgreements(Action):
    def name(self) -> str:
        return "action_add_agreements"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        blocked = tracker.get_slot(AGREEMENTS.blocked_slot)
        if blocked == "no_split_billing":
            # Registering for split billing comes first; the registration brings the employer back here.
            dispatcher.utter_message(response="utter_agreements_register_first")
            return [
                *AGREEMENTS.cleared(),
                SlotSet("return_to_flow", "action_start_agreements"),
                FollowupAction("registration_form"),
            ]
        if blocked or tracker.get_slot(AGREEMENTS.confirmed_slot) is not True:
            return AGREEMENTS.cleared()
        organisation_id = tracker.get_slot("agreement_organisation")
        added: list[Person] = []
        refused: list[tuple[Person, DashboardError]] = []
        for person in people(tracker):
            body = agreement_request(tracker, person)
            try:
                await call_blocking(
                    dashboard().add_agreement,
                    session_token(tracker),
                    organisation_id,
                    body,
                    idempotency_key(tracker.sender_id, body),
                )
                added.append(person)
            except DashboardUnavailable:
                # Each request has its key: "try again" adds the others, never one twice.
                dispatcher.utter_message(response="utter_agreements_unavailable")
                return []
            except DashboardError as refusal:
                logger.info("agreement refused: %s", refusal.code)
                if refusal.status == 401:
                    return await AGREEMENTS.login_again(dispatcher, tracker)
                refused.append((person, refusal))
        if added:
            dispatcher.utter_message(response="utter_agreements_added", names=names(added))
        for person, problem in refused:
            specific = f"utter_agreement_refused_{problem.code}"
            known = specific in (domain.get("responses") or {})
            dispatcher.utter_message(
                response=specific if known else "utter_agreement_refused", name=person.name, reason=problem.message
            )
        return AGREEMENTS.cleared() + [SlotSet(REQUEST_SLOT, None)]
