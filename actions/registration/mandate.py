"""Steps 5 and 6 of the registration: the Terms & Conditions and the SEPA direct debit mandate.

Both need an explicit yes, kept as the time it was given. The IBAN is checked
(schwifty: length, check digits, SEPA zone), its BIC and bank derived, and
shown masked from then on; the mandate text names the creditor, the reference
and the scheme (a setting: CORE or B2B).
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import accept, refuse, yes_or_no
from actions.registration.answers import now_iso
from actions.settings import get_settings
from charging_host.contact import check_name
from charging_host.mandate import find_iban, mask_iban, new_mandate_reference


class MandateQuestions:
    """The registration form's validators of the terms and the mandate."""

    def validate_terms_accepted(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return agreement("terms_accepted", "utter_terms_declined", value, dispatcher, tracker)

    def validate_iban(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "")
        checked = find_iban(text)
        if checked.error == "not_sepa":
            return refuse("iban", "utter_iban_not_sepa", dispatcher, tracker, country=checked.country)
        if not checked.ok:
            return refuse("iban", f"utter_iban_{checked.error}", dispatcher, tracker)
        dispatcher.utter_message(
            response="utter_iban_accepted" if checked.bic else "utter_iban_accepted_no_bic",
            iban_masked=mask_iban(checked.iban),
            bic=checked.bic or "",
            bank_name=checked.bank_name or "",
        )
        return accept(
            "iban",
            tracker,
            iban=checked.iban,
            bic=checked.bic,
            bank_name=checked.bank_name,
            mandate_reference=tracker.get_slot("mandate_reference")
            or new_mandate_reference(datetime.now(timezone.utc)),
        )

    def validate_account_holder(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "")
        if yes_or_no(tracker, text) is True and len(text) < 25:
            return accept("account_holder", tracker, account_holder=tracker.get_slot("legal_name"))
        name = check_name(text)
        if not name.ok:
            return refuse("account_holder", f"utter_name_{name.error}", dispatcher, tracker)
        return accept("account_holder", tracker, account_holder=name.value)

    def validate_mandate_agreed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return agreement("mandate_agreed", "utter_mandate_declined", value, dispatcher, tracker)


def agreement(
    slot: str, declined_response: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
) -> dict[str, Any]:
    """An explicit yes, stored as the time it was given; a no ends the registration, said plainly."""
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}T", value):
        return {slot: value}  # already the time of an earlier yes
    answer = yes_or_no(tracker, value)
    if answer is True:
        return accept(slot, tracker, **{slot: now_iso()})
    if answer is False:
        dispatcher.utter_message(response=declined_response)
        return {slot: None, "registration_blocked": f"{slot}_declined"}
    return refuse(slot, "utter_yes_or_no", dispatcher, tracker)


class ActionAskMandateAgreed(Action):
    def name(self) -> str:
        return "action_ask_mandate_agreed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        settings = get_settings()
        scheme_response = (
            "utter_mandate_scheme_b2b" if settings.mandate_scheme == "B2B" else "utter_mandate_scheme_core"
        )
        dispatcher.utter_message(
            response="utter_mandate_text",
            creditor_name=settings.creditor_name,
            creditor_address=settings.creditor_address,
            creditor_id=settings.creditor_id,
            mandate_reference=tracker.get_slot("mandate_reference"),
            account_holder=tracker.get_slot("account_holder"),
            iban_masked=mask_iban(tracker.get_slot("iban")),
            bic=tracker.get_slot("bic") or "-",
        )
        dispatcher.utter_message(response=scheme_response)
        dispatcher.utter_message(response="utter_ask_mandate_agreed")
        return []


class ActionAskTermsAccepted(Action):
    def name(self) -> str:
        return "action_ask_terms_accepted"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        settings = get_settings()
        dispatcher.utter_message(
            response="utter_ask_terms_accepted", terms_url=settings.terms_url, terms_version=settings.terms_version
        )
        return []
