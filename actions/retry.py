""" "Try again" after the back end failed: send again whatever was confirmed."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.pricing.form import PRICING
from actions.public_charging import PUBLIC_CHARGING
from actions.registration.answers import REGISTRATION

# A confirmed registration waits behind an open station or a price only when
# the host went on after it failed; the later flow goes first.
FLOWS = (PUBLIC_CHARGING, PRICING, REGISTRATION)


class ActionRetrySubmission(Action):
    def name(self) -> str:
        return "action_retry_submission"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        confirmed = next((flow for flow in FLOWS if tracker.get_slot(flow.confirmed_slot) is True), REGISTRATION)
        # The registration's submission says so when there is nothing to send.
        return [FollowupAction(confirmed.submit_action)]
