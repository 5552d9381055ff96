"""A message outside any flow that the language model took for an answer, or could
not place: read from its words before saying "not understood".

"Add split billing for Fatima (f@acme.be) at 0,27 from 1/3" is full of answers, so
the model may call it one; outside a flow there is no question it answers, so the
words decide (``charging_host.agreements.agreement_topic``): a split billing
request starts that flow, with the message as its request.
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import latest_text
from actions.split_billing.common import today
from actions.split_billing.employer import REQUEST_SLOT as ADD_REQUEST
from charging_host.agreements import agreement_topic


class ActionReadUnplacedMessage(Action):
    def name(self) -> str:
        return "action_read_unplaced_message"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = latest_text(tracker)
        topic = agreement_topic(text, today())
        if topic == "add":
            return [SlotSet(ADD_REQUEST, text), FollowupAction("action_start_agreements")]
        if topic == "change":
            return [FollowupAction("action_start_agreement_changes")]
        dispatcher.utter_message(response="utter_default")
        return []
