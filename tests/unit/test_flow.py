"""What every flow stands on (actions/flow.py), tried on each of the three flows:
a session that ran out before the submission, "try again", the start, the key
that makes a retry harmless; and the action server's view of the package."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import ActionExecutor

from actions.flow import FlowForm, chosen_stations, idempotency_key
from actions.login import VERIFIED
from actions.pricing.form import PRICING, ValidatePricingForm
from actions.pricing.policies import ActionSavePricingPolicy, ActionStartPricing
from actions.public_charging import PUBLIC_CHARGING, ActionApplyPublicCharging, ActionStartPublicCharging
from actions.registration.answers import REGISTRATION
from actions.registration.form import ValidateRegistrationForm
from actions.registration.start import ActionStartRegistration
from actions.registration.submission import ActionSubmitRegistration
from actions.retry import SUBMISSIONS, ActionRetrySubmission
from tests.outbox import messages_to
from tests.unit.conftest import tracker_for
from tests.unit.test_registration_actions import ACCOUNT, complete_company, responses, run

EXPIRED = {"token": "not-a-session-any-more", "expires_at": "2999-01-01T00:00:00Z"}
RAN_OUT = {"token": "t", "expires_at": "2000-01-01T00:00:00Z"}

# Each flow's submission, with the slots of a confirmed summary.
CONFIRMED = {
    "registration": (ActionSubmitRegistration, REGISTRATION, complete_company(EXPIRED)),
    "public_charging": (
        ActionApplyPublicCharging,
        PUBLIC_CHARGING,
        {
            "account_email": ACCOUNT,
            "login_code": VERIFIED,
            "account_session": EXPIRED,
            "public_charging_mode": "enable",
            "charge_points": [{"serial": "5010000101", "position": 1}],
            "visibility": "public",
            "opening_hours": {"twentyfourseven": True},
            "public_charging_confirmed": True,
        },
    ),
    "pricing": (
        ActionSavePricingPolicy,
        PRICING,
        {
            "account_email": ACCOUNT,
            "login_code": VERIFIED,
            "account_session": EXPIRED,
            "pricing_organisation": "org_x",
            "price_structure": {"energy_per_kwh": "0.35", "start_fee": None, "hourly": []},
            "pricing_stations": ["5010000101"],
            "pricing_confirmed": True,
        },
    ),
}


@pytest.mark.parametrize("flow_name", CONFIRMED)
async def test_a_session_that_ran_out_before_the_submission_asks_a_new_code_then_the_summary(
    back_end, domain, flow_name
):
    action, flow, slots = CONFIRMED[flow_name]
    set_slots, messages, events = await run(action(), tracker_for(slots, "yes", intent="affirm"), domain)
    assert responses(messages) == ["utter_session_expired"]
    assert messages_to(back_end.outbox, ACCOUNT, "login-code")  # a new code was mailed
    assert set_slots == {"login_code": None, "account_session": None, flow.confirmed_slot: None}
    assert events[-1] == {"event": "followup", "name": flow.form, "timestamp": None}


@pytest.mark.parametrize("flow_name", CONFIRMED)
async def test_when_no_new_code_can_be_sent_the_confirmed_summary_waits_for_try_again(domain, flow_name, monkeypatch):
    from actions import conversation, settings
    from tests.unit.stand_in import ScriptedServer

    expired = (401, {"error": {"code": "session_expired", "message": "verify a new code"}}, 0)
    back_end = ScriptedServer([expired, (503, {}, 0)])  # the submission, then the new code
    monkeypatch.setenv("DASHBOARD_URL", back_end.url)
    monkeypatch.setenv("DASHBOARD_RETRIES", "0")
    settings.get_settings.cache_clear()
    conversation.dashboard.cache_clear()
    action, _, slots = CONFIRMED[flow_name]
    try:
        _, messages, events = await run(action(), tracker_for(slots, "yes", intent="affirm"), domain)
    finally:
        back_end.close()
        settings.get_settings.cache_clear()
        conversation.dashboard.cache_clear()
    assert [r["path"] for r in back_end.requests][-1] == "/v1/login-codes"
    assert responses(messages) == ["utter_backend_unavailable"]
    assert events == []  # the summary stays confirmed: "try again" sends it again


@pytest.mark.parametrize(
    "confirmed,submit",
    [
        ({"public_charging_confirmed": True}, "action_apply_public_charging"),
        ({"pricing_confirmed": True}, "action_save_pricing_policy"),
        ({"registration_confirmed": True}, "action_submit_registration"),
        ({"registration_confirmed": True, "pricing_confirmed": True}, "action_save_pricing_policy"),
        ({}, "action_submit_registration"),  # which says there is nothing to send
    ],
)
async def test_try_again_sends_what_was_confirmed_within_its_own_turn(domain, confirmed, submit, monkeypatch):
    ran = []
    for _, action in SUBMISSIONS:

        async def submitted(self, dispatcher, tracker, domain):
            ran.append(self.name())
            return [SlotSet("registration_reference", "REG-1")]

        monkeypatch.setattr(action, "run", submitted)
    _, _, events = await run(ActionRetrySubmission(), tracker_for(confirmed, "try again"), domain)
    assert ran == [submit]
    # The submission's own events, and no follow-up after which a fallback would undo them.
    assert events == [{"event": "slot", "name": "registration_reference", "value": "REG-1", "timestamp": None}]


@pytest.mark.parametrize(
    "start,intro",
    [(ActionStartPublicCharging, "utter_public_charging_intro"), (ActionStartPricing, "utter_pricing_intro")],
)
async def test_a_flow_started_without_a_login_introduces_itself_and_the_form_asks(domain, start, intro):
    leftover = {"price_structure": {"energy_per_kwh": "9"}, "charge_points": [{"serial": "x", "position": 1}]}
    slots, messages, events = await run(start(), tracker_for(leftover, "go"), domain)
    assert responses(messages) == [intro]
    cleared = [s for s in start.flow.slots if s != "public_charging_mode"]
    assert {s: slots.get(s, "kept") for s in cleared} == dict.fromkeys(cleared)  # an earlier run's answers go
    assert events[-1]["event"] == "followup" and events[-1]["name"] == start.flow.form


@pytest.mark.parametrize("start", [ActionStartRegistration, ActionStartPublicCharging, ActionStartPricing])
async def test_a_flow_started_after_the_session_ran_out_mails_a_new_code(back_end, domain, start):
    slots = {"account_email": ACCOUNT, "login_code": VERIFIED, "account_session": RAN_OUT}
    set_slots, messages, _ = await run(start(), tracker_for(slots, "go"), domain)
    assert "utter_session_expired" in responses(messages)
    assert set_slots["login_code"] is None and set_slots["account_session"] is None
    assert messages_to(back_end.outbox, ACCOUNT, "login-code")


async def test_the_registration_picks_up_where_it_was_left(domain):
    slots = {"account_email": ACCOUNT, "legal_name": "Peeters Laadpunten BV", "registration_blocked": "x"}
    set_slots, messages, events = await run(ActionStartRegistration(), tracker_for(slots, "continue"), domain)
    assert responses(messages) == ["utter_registration_resumed"]
    assert set_slots == {"registration_blocked": None, "suggested_step": None}  # the answers stay
    assert all(e["event"] != "followup" for e in events)  # the rules start the form


@pytest.mark.parametrize("form", [ValidateRegistrationForm, ValidatePricingForm])
async def test_every_form_asks_the_login_first_and_nothing_when_blocked(domain, form):
    async def asked(slots):
        return await form().required_slots([], None, tracker_for(slots), domain)

    assert await asked({}) == ["account_email", "login_code"]
    questions = await asked({"login_code": VERIFIED})
    assert questions[:2] == ["account_email", "login_code"] and questions[-1] == form.flow.confirmed_slot
    assert await asked({"login_code": VERIFIED, form.flow.blocked_slot: "no_vat_number"}) == []


def test_a_retried_submission_carries_the_same_key():
    body = {"services": ["cpo"], "charging_stations": ["5010000101"]}
    assert idempotency_key("conversation-1", body) == idempotency_key("conversation-1", dict(reversed(body.items())))
    assert idempotency_key("conversation-1", body) != idempotency_key("conversation-2", body)
    assert idempotency_key("conversation-1", body) != idempotency_key("conversation-1", body | {"services": ["x"]})


def test_a_plain_yes_picks_the_only_station():
    one = [{"serial": "5010000101", "name": "Garage"}]
    tracker = tracker_for({}, "yes", intent="affirm")
    assert chosen_stations("yes", one, tracker) == ["5010000101"]
    assert chosen_stations("yes", one + [{"serial": "5010000102", "name": "Front"}], tracker) is None
    assert chosen_stations("the garage", one, tracker_for({}, "the garage")) == ["5010000101"]


def test_the_action_server_registers_every_action_of_the_domain_and_no_base_class(domain):
    executor = ActionExecutor()
    executor.register_package("actions")
    custom = {a for a in domain["actions"] if a.startswith(("action_", "validate_"))}
    assert set(executor.actions) == custom
    assert FlowForm not in {type(getattr(f, "__self__", None)) for f in executor.actions.values()}
