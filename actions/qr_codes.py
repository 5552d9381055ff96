"""Scan & Charge QR codes again, on request: one per public charge point (``send_qr_code``)."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.login import logged_in, read_as_account
from actions.public_charging import explain_refusal, send_qr_code
from charging_host.services import public_charging_stations


class ActionShowQrCodes(Action):
    """The Scan & Charge QR codes of every public charge point, again."""

    def name(self) -> str:
        return "action_show_qr_codes"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if not logged_in(tracker):
            dispatcher.utter_message(response="utter_qr_needs_login")
            return []
        account = await read_as_account(tracker, dispatcher, "get_account")
        if account is None:
            return []
        _, reason = public_charging_stations(account)
        if reason and reason != "not_registered":
            explain_refusal(reason, dispatcher)
            return []
        shown = [
            send_qr_code(dispatcher, station["name"], connector)
            for station in account["charging_stations"]
            for connector in station["connectors"]
        ]
        dispatcher.utter_message(response="utter_qr_instructions" if any(shown) else "utter_no_qr_codes")
        return []
