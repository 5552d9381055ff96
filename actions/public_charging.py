"""Opening charge points to the public (and closing them), with their Scan & Charge QR codes.

The form ``public_charging_form`` proves the login (actions/login.py), asks
which charge points, the station's address if it has none, the visibility and
the opening hours, shows a summary, then ``action_apply_public_charging``
sets each charge point through the dashboard API and shows its QR code.
Only hosts registered for "Business Charging incl. CPO" with a VAT number may
do this; others are told why, and unregistered users are offered the
registration and brought back here afterwards.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import accept, call_blocking, confirmation, dashboard, refuse, yes_or_no
from actions.dashboard_client import DashboardError, DashboardUnavailable
from actions.login import LoginQuestions, logged_in, prove_login_again, read_as_account
from charging_host.contact import parse_address
from charging_host.opening_hours import parse_opening_hours
from charging_host.services import public_charging_refusal
from charging_host.stations import parse_charge_point_choice

logger = logging.getLogger(__name__)

FORM = "public_charging_form"
ENABLE, DISABLE = "enable", "disable"
QUESTION_SLOTS = ["charge_points", "station_address", "visibility", "opening_hours", "public_charging_confirmed"]
FLOW_SLOTS = QUESTION_SLOTS + ["public_charging_mode", "public_stations", "public_charging_blocked"]
DAY_ABBREVIATIONS = {1: "Mon", 2: "Tue", 3: "Wed", 4: "Thu", 5: "Fri", 6: "Sat", 7: "Sun"}


def public_stations(account: dict) -> tuple[list[dict], str | None]:
    """The stations this login may open to the public, or why there are none.

    Reasons: ``not_registered`` (no organisation has these stations),
    ``no_vat_number``, ``no_cpo_service``.
    """
    organisations = {o["id"]: o for o in account.get("organisations", [])}
    registered = [s for s in account["charging_stations"] if s.get("organisation_id") in organisations]
    if not registered:
        return [], "not_registered"
    eligible, reasons = [], []
    for station in registered:
        organisation = organisations[station["organisation_id"]]
        reason = public_charging_refusal(organisation["services"], organisation["vat_number"])
        if reason:
            reasons.append(reason)
            continue
        eligible.append(
            {
                "serial": station["serial"],
                "name": station["name"],
                "organisation_id": station["organisation_id"],
                "connectors": len(station["connectors"]),
                "address": station.get("address"),
                "public": [c["position"] for c in station["connectors"] if c["public_charging"]],
            }
        )
    return eligible, (None if eligible else reasons[0])


def explain_refusal(reason: str, dispatcher: CollectingDispatcher) -> None:
    dispatcher.utter_message(response=f"utter_public_charging_refused_{reason}")


def choosable(tracker: Tracker) -> list[dict]:
    """Stations with the connectors this turn may choose from (only public ones when closing)."""
    stations = tracker.get_slot("public_stations") or []
    if tracker.get_slot("public_charging_mode") != DISABLE:
        return stations
    return [dict(s, connectors=max(s["public"])) for s in stations if s["public"]]


def station_needing_address(tracker: Tracker) -> dict | None:
    points = tracker.get_slot("charge_points")
    if not isinstance(points, list):
        return None  # not answered yet, or still the raw text being validated
    chosen = {p["serial"] for p in points}
    return next(
        (s for s in tracker.get_slot("public_stations") or [] if s["serial"] in chosen and not s.get("address")), None
    )


def charge_point_label(stations: list[dict], points: list[dict]) -> str:
    names = {s["serial"]: s["name"] for s in stations}
    return ", ".join(f"{names.get(p['serial'], p['serial'])} connector {p['position']}" for p in points)


def hours_label(hours: dict | None) -> str:
    """OCPI Hours in a line; "24/7" when always open."""
    if not hours or hours.get("twentyfourseven"):
        return "24/7"
    by_period: dict[tuple, list[int]] = {}
    for period in hours["regular_hours"]:
        by_period.setdefault((period["period_begin"], period["period_end"]), []).append(period["weekday"])
    parts = []
    for (begin, end), days in by_period.items():
        days = sorted(days)
        consecutive = days == list(range(days[0], days[-1] + 1)) and len(days) > 2
        named = (
            f"{DAY_ABBREVIATIONS[days[0]]}-{DAY_ABBREVIATIONS[days[-1]]}"
            if consecutive
            else ", ".join(DAY_ABBREVIATIONS[d] for d in days)
        )
        parts.append(f"{named} {begin}-{end}")
    return "; ".join(parts)


class ValidatePublicChargingForm(LoginQuestions, FormValidationAction):
    def name(self) -> str:
        return "validate_public_charging_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        if tracker.get_slot("public_charging_blocked"):
            return []
        slots = ["account_email", "login_code"]
        if not logged_in(tracker):
            return slots
        slots.append("charge_points")
        if tracker.get_slot("public_charging_mode") != DISABLE:
            if station_needing_address(tracker):
                slots.append("station_address")
            slots += ["visibility", "opening_hours"]
        return slots + ["public_charging_confirmed"]

    async def after_login(self, account: dict, result: dict[str, Any], dispatcher, tracker) -> dict[str, Any]:
        stations, reason = public_stations(account)
        result["public_stations"] = stations
        if reason:
            if reason != "not_registered":
                explain_refusal(reason, dispatcher)
            return result | {"public_charging_blocked": reason}
        return result

    def validate_charge_points(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        if isinstance(value, list):
            return {"charge_points": value}
        chosen = parse_charge_point_choice(str(value or ""), choosable(tracker))
        if not chosen:
            return refuse("charge_points", "utter_charge_points_unclear", dispatcher, tracker)
        return accept("charge_points", tracker, charge_points=chosen)

    async def validate_station_address(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        station = station_needing_address(tracker)
        if station is None:
            return {"station_address": None}
        address = parse_address(str(value or ""), "BE")
        if not address.ok:
            return refuse("station_address", f"utter_address_{address.error}", dispatcher, tracker)
        session = tracker.get_slot("account_session") or {}
        try:
            await call_blocking(
                dashboard().set_station_address, session.get("token", ""), station["serial"], address.value.as_dict()
            )
        except (DashboardUnavailable, DashboardError):
            return refuse("station_address", "utter_backend_unavailable", dispatcher, tracker, count=False)
        stations = [
            dict(s, address=address.value.as_dict()) if s["serial"] == station["serial"] else s
            for s in tracker.get_slot("public_stations") or []
        ]
        # Empty again, so the next station without an address is asked too.
        return accept("station_address", tracker, station_address=None, public_stations=stations)

    def validate_visibility(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        text = str(value or "").lower()
        if re.search(
            r"hidden|hide|invisible|not (be )?(visible|shown|published)|don'?t (show|publish)|private|secret", text
        ):
            dispatcher.utter_message(response="utter_hidden_visibility_warning")
            return accept("visibility", tracker, visibility="hidden")
        if re.search(r"visible|public|show|publish|everyone|everybody|map|apps?", text) or yes_or_no(tracker, text):
            return accept("visibility", tracker, visibility="public")
        return refuse("visibility", "utter_visibility_unclear", dispatcher, tracker)

    def validate_opening_hours(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        if isinstance(value, dict):
            return {"opening_hours": value}
        text = str(value or "")
        if re.search(
            r"\b(freely|accessible|no (gate|restriction)s?|always|anytime|any time|day and night)\b", text, re.I
        ) and not re.search(r"\d", text):
            return accept("opening_hours", tracker, opening_hours={"twentyfourseven": True})
        hours = parse_opening_hours(text)
        if hours is None:
            return refuse("opening_hours", "utter_opening_hours_unclear", dispatcher, tracker)
        return accept("opening_hours", tracker, opening_hours=hours)

    def validate_public_charging_confirmed(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return confirmation(
            "public_charging_confirmed",
            value,
            dispatcher,
            tracker,
            "utter_public_charging_what_to_change",
            ["charge_points", "visibility", "opening_hours"],
        )


class ActionAskChargePoints(Action):
    def name(self) -> str:
        return "action_ask_charge_points"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        stations = choosable(tracker)
        buttons = [
            {"title": f"{s['name']}, connector {p}", "payload": f"{s['name']} connector {p}"}
            for s in stations
            for p in (
                s["public"] if tracker.get_slot("public_charging_mode") == DISABLE else range(1, s["connectors"] + 1)
            )
        ]
        if len(buttons) > 1:
            buttons.append({"title": "All of them", "payload": "all of them"})
        response = (
            "utter_ask_charge_points_to_close"
            if tracker.get_slot("public_charging_mode") == DISABLE
            else "utter_ask_charge_points"
        )
        dispatcher.utter_message(response=response, buttons=buttons)
        return []


class ActionAskStationAddress(Action):
    def name(self) -> str:
        return "action_ask_station_address"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        station = station_needing_address(tracker) or {"name": "the station"}
        dispatcher.utter_message(response="utter_ask_station_address", station_name=station["name"])
        return []


class ActionAskPublicChargingConfirmed(Action):
    def name(self) -> str:
        return "action_ask_public_charging_confirmed"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        points = charge_point_label(tracker.get_slot("public_stations") or [], tracker.get_slot("charge_points") or [])
        if tracker.get_slot("public_charging_mode") == DISABLE:
            dispatcher.utter_message(response="utter_ask_close_confirmed", charge_points_label=points)
        else:
            dispatcher.utter_message(
                response="utter_ask_public_charging_confirmed",
                charge_points_label=points,
                visibility_label="visible in every charging app"
                if tracker.get_slot("visibility") == "public"
                else "hidden (not published)",
                hours_label=hours_label(tracker.get_slot("opening_hours")),
            )
        return []


class ActionStartPublicCharging(Action):
    """Start opening (or closing) charge points; if logged in, look at the stations now."""

    def name(self) -> str:
        return "action_start_public_charging"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        # Always followed by the form: the rules say so, and so does the way
        # back from the registration, which calls this action directly.
        return await self._prepare(dispatcher, tracker) + [FollowupAction(FORM)]

    async def _prepare(self, dispatcher, tracker) -> list[EventType]:
        mode = (
            DISABLE if (tracker.latest_message.get("intent") or {}).get("name") == "close_public_charging" else ENABLE
        )
        events: list[EventType] = [SlotSet(slot, None) for slot in FLOW_SLOTS] + [SlotSet("public_charging_mode", mode)]
        if tracker.get_slot("login_code") and not logged_in(tracker):
            changes = await prove_login_again(tracker, dispatcher)
            return events + [SlotSet(slot, value) for slot, value in changes.items()]
        if not logged_in(tracker):
            dispatcher.utter_message(response="utter_public_charging_intro")
            return events
        account = await read_as_account(tracker, dispatcher, "get_account")
        if account is None:
            return events + [SlotSet("public_charging_blocked", "unavailable")]
        stations, reason = public_stations(account)
        events.append(SlotSet("public_stations", stations))
        if reason:
            if reason != "not_registered":
                explain_refusal(reason, dispatcher)
            events.append(SlotSet("public_charging_blocked", reason))
        elif mode == DISABLE and not any(s["public"] for s in stations):
            dispatcher.utter_message(response="utter_nothing_public")
            events.append(SlotSet("public_charging_blocked", "nothing_public"))
        return events


class ActionApplyPublicCharging(Action):
    def name(self) -> str:
        return "action_apply_public_charging"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        blocked = tracker.get_slot("public_charging_blocked")
        if blocked == "not_registered":
            # Registering comes first; the registration brings the user back here.
            dispatcher.utter_message(response="utter_public_charging_register_first")
            return [SlotSet(slot, None) for slot in FLOW_SLOTS] + [
                SlotSet("return_to_flow", "action_start_public_charging"),
                FollowupAction("registration_form"),
            ]
        if blocked or tracker.get_slot("public_charging_confirmed") is not True:
            return [SlotSet(slot, None) for slot in FLOW_SLOTS]
        enable = tracker.get_slot("public_charging_mode") != DISABLE
        settings = {"enabled": enable}
        if enable:
            settings |= {
                "visibility": tracker.get_slot("visibility"),
                "opening_hours": tracker.get_slot("opening_hours"),
            }
        token = (tracker.get_slot("account_session") or {}).get("token", "")
        points = tracker.get_slot("charge_points") or []
        opened: list[dict] = []
        try:
            for point in points:
                station = await call_blocking(
                    dashboard().set_public_charging, token, point["serial"], point["position"], settings
                )
                opened.append(
                    next(c for c in station["connectors"] if c["position"] == point["position"])
                    | {"station_name": station["name"], "serial": station["serial"]}
                )
        except DashboardUnavailable:
            # Each PUT can be sent again: "try again" finishes the job, nothing doubles.
            dispatcher.utter_message(response="utter_public_charging_unavailable")
            return []
        except DashboardError as problem:
            logger.info("public charging refused: %s", problem.code)
            if problem.status == 401:
                changes = await prove_login_again(tracker, dispatcher)
                return [SlotSet(s, v) for s, v in changes.items()] + [
                    SlotSet("public_charging_confirmed", None),
                    FollowupAction(FORM),
                ]
            if problem.code in ("no_vat_number", "no_cpo_service"):
                explain_refusal(problem.code, dispatcher)
            else:
                dispatcher.utter_message(response="utter_public_charging_refused", reason=problem.message)
            return [SlotSet(slot, None) for slot in FLOW_SLOTS]
        label = charge_point_label(tracker.get_slot("public_stations") or [], points)
        if not enable:
            dispatcher.utter_message(response="utter_public_charging_closed", charge_points_label=label)
            return [SlotSet(slot, None) for slot in FLOW_SLOTS]
        dispatcher.utter_message(response="utter_public_charging_opened", charge_points_label=label)
        for connector in opened:
            links = connector.get("scan_and_charge")
            if links:
                dispatcher.utter_message(
                    response="utter_qr_code",
                    image=links["png_url"],
                    qr_url=links["png_url"],
                    svg_url=links["svg_url"],
                    station_name=connector["station_name"],
                    position=connector["position"],
                )
        if any(c.get("scan_and_charge") for c in opened):
            dispatcher.utter_message(response="utter_qr_instructions")
        dispatcher.utter_message(response="utter_next_step_pricing")
        return [SlotSet(slot, None) for slot in FLOW_SLOTS]


class ActionRetrySubmission(Action):
    """ "Try again" after the back end failed: send again whatever was confirmed."""

    def name(self) -> str:
        return "action_retry_submission"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        if tracker.get_slot("public_charging_confirmed") is True:
            return [FollowupAction("action_apply_public_charging")]
        if tracker.get_slot("pricing_confirmed") is True:
            return [FollowupAction("action_save_pricing_policy")]
        return [FollowupAction("action_submit_registration")]


class ActionShowQrCodes(Action):
    """The Scan & Charge QR codes of every public charge point, again."""

    def name(self) -> str:
        return "action_show_qr_codes"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        if not logged_in(tracker):
            dispatcher.utter_message(response="utter_qr_needs_login")
            return []
        account = await read_as_account(tracker, dispatcher, "get_account")
        if account is None:
            return []
        _, reason = public_stations(account)
        if reason and reason != "not_registered":
            explain_refusal(reason, dispatcher)
            return []
        shown = 0
        for station in account["charging_stations"]:
            for connector in station["connectors"]:
                links = connector.get("scan_and_charge")
                if links:
                    dispatcher.utter_message(
                        response="utter_qr_code",
                        image=links["png_url"],
                        qr_url=links["png_url"],
                        svg_url=links["svg_url"],
                        station_name=station["name"],
                        position=connector["position"],
                    )
                    shown += 1
        dispatcher.utter_message(response="utter_qr_instructions" if shown else "utter_no_qr_codes")
        return []
