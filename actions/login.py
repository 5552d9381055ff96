"""Proving a Smappee login in chat: its e-mail, then the one-time code mailed to it.

Every flow that acts for an account asks these two questions first (unless
the login was proven earlier in the conversation and its session still
runs); the forms' validation actions share them through ``LoginQuestions``.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import sessions
from actions.conversation import accept, call_blocking, dashboard, latest_intent, refuse
from actions.dashboard_client import DashboardError, DashboardUnavailable
from charging_host.choices import mentions
from charging_host.contact import find_email

VERIFIED = "verified"  # the login_code slot's value once the code was accepted
LOGIN_SLOTS = [
    "account_email",
    "login_code",
    "login_code_sent_to",
    "account_session",
    "account_name",
    "account_stations",
    "account_organisations",
]


def logged_in(tracker: Tracker) -> bool:
    """The login was proven in this conversation and its session (kept by ``actions.sessions``) still runs."""
    return tracker.get_slot("login_code") == VERIFIED and sessions.token_for(tracker.sender_id) is not None


class LoginQuestions:
    """validate_account_email and validate_login_code, for any form that asks them.

    A form says what happens once the login is proven in ``after_login``.
    """

    async def after_login(
        self, account: dict[str, Any], result: dict[str, Any], dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        return result

    async def validate_account_email(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        email = find_email(str(value or ""))
        if not email.ok:
            return refuse("account_email", "utter_email_invalid", dispatcher, tracker)
        if tracker.get_slot("login_code_sent_to") == email.value:
            return {"account_email": email.value}  # called twice in one turn: send one code
        try:
            await call_blocking(dashboard().request_login_code, email.value)
        except DashboardUnavailable:
            return refuse("account_email", "utter_backend_unavailable", dispatcher, tracker, count=False)
        except DashboardError as problem:
            if problem.code == "account_not_found":
                return refuse("account_email", "utter_account_not_found", dispatcher, tracker, email=email.value)
            if problem.code == "too_many_codes":
                return refuse("account_email", "utter_code_rate_limited", dispatcher, tracker)
            return refuse("account_email", "utter_email_invalid", dispatcher, tracker)
        dispatcher.utter_message(response="utter_code_sent", email=email.value)
        return accept(
            "account_email",
            tracker,
            account_email=email.value,
            login_code_sent_to=email.value,
            login_code=None,
            account_session=None,
        )

    async def validate_login_code(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value == VERIFIED:
            return {"login_code": VERIFIED}
        email = tracker.get_slot("account_email")
        text = str(value or "")
        if latest_intent(tracker) == "request_new_code" or mentions("new_code", text):
            return await self._send_new_code(email, "utter_code_resent", dispatcher, tracker)
        digits = re.sub(r"\D", "", text)
        if len(digits) != 6:
            return refuse("login_code", "utter_code_format", dispatcher, tracker)
        try:
            verified = await call_blocking(dashboard().verify_login_code, email, digits)
        except DashboardUnavailable:
            return refuse("login_code", "utter_backend_unavailable", dispatcher, tracker, count=False)
        except DashboardError as problem:
            if problem.code == "code_invalid":
                return refuse(
                    "login_code",
                    "utter_code_wrong",
                    dispatcher,
                    tracker,
                    attempts_left=problem.details.get("attempts_left", 0),
                )
            if problem.code == "too_many_attempts":
                return await self._send_new_code(email, "utter_code_too_many_attempts", dispatcher, tracker)
            # code_expired, no_pending_code
            return await self._send_new_code(email, "utter_code_expired", dispatcher, tracker)
        sessions.keep(tracker.sender_id, verified["access_token"], verified["expires_at"])
        try:
            account = await call_blocking(dashboard().get_account, verified["access_token"])
        except (DashboardUnavailable, DashboardError):
            return refuse("login_code", "utter_backend_unavailable", dispatcher, tracker, count=False)
        # The slot says until when the session runs; its token stays in the action server.
        session = {"expires_at": verified["expires_at"]}
        result = accept("login_code", tracker, login_code=VERIFIED, account_session=session, **account_slots(account))
        return await self.after_login(account, result, dispatcher, tracker)

    async def _send_new_code(
        self, email: str, response: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        try:
            await call_blocking(dashboard().request_login_code, email)
        except DashboardUnavailable:
            return refuse("login_code", "utter_backend_unavailable", dispatcher, tracker, count=False)
        except DashboardError:
            return refuse("login_code", "utter_code_rate_limited", dispatcher, tracker)
        dispatcher.utter_message(response=response, email=email)
        return {"login_code": None}


def account_slots(account: dict) -> dict[str, Any]:
    """What the conversation keeps of an account: its name, stations and organisations."""
    stations = [
        {"serial": s["serial"], "name": s["name"], "connectors": len(s["connectors"])}
        for s in account["charging_stations"]
    ]
    return {
        "account_name": account["name"],
        "account_stations": stations,
        "account_organisations": account["organisations"],
    }


async def read_as_account(tracker: Tracker, dispatcher: CollectingDispatcher, method: str) -> dict | None:
    """Call a reading method of the dashboard client with the proven login's session.

    On failure the user hears that the system is unreachable, and None comes back.
    """
    try:
        return await call_blocking(getattr(dashboard(), method), sessions.token_for(tracker.sender_id) or "")
    except (DashboardUnavailable, DashboardError):
        dispatcher.utter_message(response="utter_backend_unavailable")
        return None


async def prove_login_again(tracker: Tracker, dispatcher: CollectingDispatcher) -> dict[str, Any]:
    """The session ran out while the user was away: mail a new code, ask it again."""
    email = tracker.get_slot("account_email")
    try:
        await call_blocking(dashboard().request_login_code, email)
    except (DashboardUnavailable, DashboardError):
        dispatcher.utter_message(response="utter_backend_unavailable")
        return {}
    dispatcher.utter_message(response="utter_session_expired", email=email)
    sessions.forget(tracker.sender_id)
    return {"login_code": None, "account_session": None}
