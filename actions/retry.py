""" "Try again" after the back end failed: send again whatever was confirmed."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.flow import Flow
from actions.pricing.form import PRICING
from actions.pricing.policies import ActionSavePricingPolicy
from actions.public_charging import PUBLIC_CHARGING, ActionApplyPublicCharging
from actions.registration.answers import REGISTRATION
from actions.registration.submission import ActionSubmitRegistration
from actions.split_billing.changes import AGREEMENT_CHANGES, ActionChangeAgreement
from actions.split_billing.employee import EMPLOYEE, ActionConfirmAgreement
from actions.split_billing.employer import AGREEMENTS, ActionAddAgreements

# Each flow's submission. A confirmed registration waits behind an open station
# or a price only when the host went on after it failed: the later flow goes first.
SUBMISSIONS: tuple[tuple[Flow, type[Action]], ...] = (
    (AGREEMENTS, ActionAddAgreements),
    (AGREEMENT_CHANGES, ActionChangeAgreement),
    (EMPLOYEE, ActionConfirmAgreement),
    (PUBLIC_CHARGING, ActionApplyPublicCharging),
    (PRICING, ActionSavePricingPolicy),
    (REGISTRATION, ActionSubmitRegistration),
)


class ActionRetrySubmission(Action):
    def name(self) -> str:
        return "action_retry_submission"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        # The submission runs within this action, not as a follow-up: after a
        # follow-up no rule applies, and the fallback that came then undid the
        # submission's clean-up (the answers and the IBAN stayed, no reference).
        submission = next(
            (action for flow, action in SUBMISSIONS if tracker.get_slot(flow.confirmed_slot) is True),
            ActionSubmitRegistration,  # which says there is nothing to send
        )
        return await submission().run(dispatcher, tracker, domain)
