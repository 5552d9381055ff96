"""A yes to the next step the assistant just suggested starts that step.

After "Next step: set your prices", a host says "ok", "yes please", "let's do
that": the suggestion is kept in the ``suggested_step`` slot by the action that
made it, and the rules send a yes or a no outside a form here.
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

SUGGESTED_STEP_SLOT = "suggested_step"
PUBLIC_CHARGING_STEP = "public_charging"
PRICING_STEP = "pricing"
# Each step that can be suggested, to the action that starts it.
STARTS = {PUBLIC_CHARGING_STEP: "action_start_public_charging", PRICING_STEP: "action_start_pricing"}


def suggest(step: str) -> SlotSet:
    """Remember the step just suggested, for the host's "ok"."""
    return SlotSet(SUGGESTED_STEP_SLOT, step)


class ActionTakeSuggestion(Action):
    def name(self) -> str:
        return "action_take_suggestion"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        step = tracker.get_slot(SUGGESTED_STEP_SLOT)
        if step not in STARTS:
            dispatcher.utter_message(response="utter_nothing_suggested")
            return []
        return [SlotSet(SUGGESTED_STEP_SLOT, None), FollowupAction(STARTS[step])]


class ActionDeclineSuggestion(Action):
    def name(self) -> str:
        return "action_decline_suggestion"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.get_slot(SUGGESTED_STEP_SLOT) in STARTS:
            dispatcher.utter_message(response="utter_suggestion_declined")
        else:
            dispatcher.utter_message(response="utter_nothing_suggested")
        return [SlotSet(SUGGESTED_STEP_SLOT, None)]
