"""Opening charge points to the public (and closing them).

The form ``public_charging_form`` proves the login (actions/login.py), asks
which charge points, the station's address if it has none, the visibility and
the opening hours, shows a summary, then ``action_apply_public_charging``
sets each charge point through the dashboard API and shows its Scan & Charge
QR code. Only hosts registered for "Business Charging incl. CPO" with a VAT
number may do this (``charging_host.services``); others are told why, and
unregistered hosts are offered the registration and brought back here.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import accept, call_blocking, confirmation, dashboard, latest_intent, refuse, yes_or_no
from actions.dashboard_client import DashboardError, DashboardUnavailable
from actions.flow import Flow, FlowForm, StartFlow, session_token
from actions.login import VERIFIED
from actions.suggestions import PRICING_STEP, suggest
from actions.texts import all_of_them_button, label
from charging_host.addresses import address_line, check_address_fields, parse_address, refers_to_earlier_address
from charging_host.choices import mentions
from charging_host.opening_hours import parse_opening_hours
from charging_host.services import public_charging_stations
from charging_host.stations import parse_charge_point_choice

logger = logging.getLogger(__name__)

ENABLE, DISABLE = "enable", "disable"
PUBLIC_CHARGING = Flow(
    form="public_charging_form",
    slots=(
        "charge_points",
        "station_address",
        "visibility",
        "opening_hours",
        "public_charging_confirmed",
        "public_charging_mode",
        "public_stations",
        "public_charging_blocked",
    ),
    confirmed_slot="public_charging_confirmed",
    blocked_slot="public_charging_blocked",
)


def explain_refusal(reason: str, dispatcher: CollectingDispatcher) -> None:
    dispatcher.utter_message(response=f"utter_public_charging_refused_{reason}")


def send_qr_code(dispatcher: CollectingDispatcher, station_name: str, connector: dict[str, Any]) -> bool:
    """The connector's QR image and its links, if it has one (a public connector)."""
    links = connector.get("scan_and_charge")
    if not links:
        return False
    dispatcher.utter_message(
        response="utter_qr_code",
        image=links["png_url"],
        qr_url=links["png_url"],
        svg_url=links["svg_url"],
        station_name=station_name,
        position=connector["position"],
    )
    return True


def public_charging_context(account: dict[str, Any], mode: str, dispatcher: CollectingDispatcher) -> dict[str, Any]:
    """What the flow needs of an account: the stations it may open, or why it can't go on (said)."""
    stations, reason = public_charging_stations(account)
    slots: dict[str, Any] = {"public_stations": stations}
    if reason:
        if reason != "not_registered":  # the registration is offered at the end of the form instead
            explain_refusal(reason, dispatcher)
        slots[PUBLIC_CHARGING.blocked_slot] = reason
    elif mode == DISABLE and not any(s["public"] for s in stations):
        dispatcher.utter_message(response="utter_nothing_public")
        slots[PUBLIC_CHARGING.blocked_slot] = "nothing_public"
    return slots


def closing(tracker: Tracker) -> bool:
    return tracker.get_slot("public_charging_mode") == DISABLE


def choosable(tracker: Tracker) -> list[dict[str, Any]]:
    """Stations with the connectors this turn may choose from (only public ones when closing)."""
    stations = tracker.get_slot("public_stations") or []
    if not closing(tracker):
        return stations
    return [dict(s, connectors=max(s["public"])) for s in stations if s["public"]]


def station_needing_address(tracker: Tracker) -> dict[str, Any] | None:
    points = tracker.get_slot("charge_points")
    if not isinstance(points, list):
        return None  # not answered yet, or still the raw text being validated
    chosen = {p["serial"] for p in points}
    return next(
        (s for s in tracker.get_slot("public_stations") or [] if s["serial"] in chosen and not s.get("address")), None
    )


def earlier_address(tracker: Tracker, station: dict[str, Any] | None) -> dict[str, Any] | None:
    """The address a host most likely means by "the same address": the one just
    given for another station in this flow, else the organisation's registered address."""
    chosen = {p["serial"] for p in tracker.get_slot("charge_points") or [] if isinstance(p, dict)}
    others = [
        s["address"]
        for s in tracker.get_slot("public_stations") or []
        if s.get("address") and s["serial"] in chosen and (station is None or s["serial"] != station["serial"])
    ]
    if others:
        return dict(others[-1])
    registered = [o.get("registered_address") for o in tracker.get_slot("account_organisations") or []]
    return next((dict(a) for a in registered if a), None)


def charge_point_label(stations: list[dict[str, Any]], points: list[dict[str, Any]], domain: DomainDict) -> str:
    names = {s["serial"]: s["name"] for s in stations}
    return ", ".join(
        label(domain, "charge_point", station_name=names.get(p["serial"], p["serial"]), position=p["position"])
        for p in points
    )


def hours_label(hours: dict[str, Any] | None, domain: DomainDict) -> str:
    """OCPI Hours in a line ("Mon-Fri 07:00-19:00"); "24/7" when always open."""
    if not hours or hours.get("twentyfourseven"):
        return label(domain, "always_open")

    def day(number: int) -> str:
        return label(domain, f"weekday_{number}")

    by_period: dict[tuple[str, str], list[int]] = {}
    for period in hours["regular_hours"]:
        by_period.setdefault((period["period_begin"], period["period_end"]), []).append(period["weekday"])
    parts = []
    for (begin, end), weekdays in by_period.items():
        days = sorted(weekdays)
        consecutive = days == list(range(days[0], days[-1] + 1)) and len(days) > 2
        named = f"{day(days[0])}-{day(days[-1])}" if consecutive else ", ".join(day(d) for d in days)
        parts.append(f"{named} {begin}-{end}")
    return "; ".join(parts)


class ValidatePublicChargingForm(FlowForm):
    flow = PUBLIC_CHARGING

    def name(self) -> str:
        return "validate_public_charging_form"

    def questions(self, tracker: Tracker) -> list[str]:
        slots = ["charge_points"]
        if not closing(tracker):
            if station_needing_address(tracker):
                slots.append("station_address")
            slots += ["visibility", "opening_hours"]
        return slots + ["public_charging_confirmed"]

    def answers_in(self, text: str, tracker: Tracker) -> dict[str, str]:
        """ "Both connectors of the garage, hidden, 24/7": the charge points with
        the visibility and the hours named outright."""
        if tracker.get_slot("login_code") != VERIFIED or tracker.get_slot("requested_slot") != "charge_points":
            return {}
        pieces = {"charge_points": text}
        if mentions("visibility_named", text):
            pieces["visibility"] = text
        if mentions("always_open", text) or "24/7" in text:
            pieces["opening_hours"] = "24/7"
        return pieces

    async def after_login(
        self, account: dict[str, Any], result: dict[str, Any], dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        return result | public_charging_context(account, tracker.get_slot("public_charging_mode"), dispatcher)

    def validate_charge_points(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if isinstance(value, list):
            return {"charge_points": value}
        chosen = parse_charge_point_choice(str(value or ""), choosable(tracker))
        if not chosen:
            return refuse("charge_points", "utter_charge_points_unclear", dispatcher, tracker)
        return accept("charge_points", tracker, charge_points=chosen)

    async def validate_station_address(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        station = station_needing_address(tracker)
        if station is None:
            return {"station_address": None}
        text = str(value or "")
        earlier = earlier_address(tracker, station)
        if earlier and (refers_to_earlier_address(text) or yes_or_no(tracker, text) is True):
            address = check_address_fields(earlier)  # "same address for the other one", or a yes to the offer
        else:
            address = parse_address(text, "BE")
        if not address.ok:
            return refuse("station_address", f"utter_address_{address.error}", dispatcher, tracker)
        assert address.value is not None  # ok: a value
        try:
            await call_blocking(
                dashboard().set_station_address, session_token(tracker), station["serial"], address.value.as_dict()
            )
        except (DashboardUnavailable, DashboardError):
            return refuse("station_address", "utter_backend_unavailable", dispatcher, tracker, count=False)
        stations = [
            dict(s, address=address.value.as_dict()) if s["serial"] == station["serial"] else s
            for s in tracker.get_slot("public_stations") or []
        ]
        # Empty again, so the next station without an address is asked too.
        return accept("station_address", tracker, station_address=None, public_stations=stations)

    def validate_visibility(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "")
        if mentions("hidden", text):
            dispatcher.utter_message(response="utter_hidden_visibility_warning")
            return accept("visibility", tracker, visibility="hidden")
        if mentions("visible", text) or yes_or_no(tracker, text):
            return accept("visibility", tracker, visibility="public")
        return refuse("visibility", "utter_visibility_unclear", dispatcher, tracker)

    def validate_opening_hours(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if isinstance(value, dict):
            return {"opening_hours": value}
        text = str(value or "")
        if mentions("always_open", text) and not re.search(r"\d", text):
            return accept("opening_hours", tracker, opening_hours={"twentyfourseven": True})
        hours = parse_opening_hours(text)
        if hours is None:
            return refuse("opening_hours", "utter_opening_hours_unclear", dispatcher, tracker)
        return accept("opening_hours", tracker, opening_hours=hours)

    def validate_public_charging_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
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

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        buttons = [
            {
                "title": label(domain, "charge_point_button", station_name=s["name"], position=p),
                "payload": f"{s['name']} connector {p}",
            }
            for s in choosable(tracker)
            for p in (s["public"] if closing(tracker) else range(1, s["connectors"] + 1))
        ]
        if len(buttons) > 1:
            buttons.append(all_of_them_button(domain))
        response = "utter_ask_charge_points_to_close" if closing(tracker) else "utter_ask_charge_points"
        dispatcher.utter_message(response=response, buttons=buttons)
        return []


class ActionAskStationAddress(Action):
    def name(self) -> str:
        return "action_ask_station_address"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        station = station_needing_address(tracker)
        name = station["name"] if station else label(domain, "this_station")
        earlier = earlier_address(tracker, station)
        if earlier:
            line = address_line(earlier)
            dispatcher.utter_message(
                response="utter_ask_station_address_offer",
                station_name=name,
                address=line,
                buttons=[{"title": label(domain, "same_address", address=line), "payload": line}],
            )
        else:
            dispatcher.utter_message(response="utter_ask_station_address", station_name=name)
        return []


class ActionAskPublicChargingConfirmed(Action):
    def name(self) -> str:
        return "action_ask_public_charging_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        points = charge_point_label(
            tracker.get_slot("public_stations") or [], tracker.get_slot("charge_points") or [], domain
        )
        if closing(tracker):
            dispatcher.utter_message(response="utter_ask_close_confirmed", charge_points_label=points)
        else:
            dispatcher.utter_message(
                response="utter_ask_public_charging_confirmed",
                charge_points_label=points,
                visibility_label=label(domain, "visible" if tracker.get_slot("visibility") == "public" else "hidden"),
                hours_label=hours_label(tracker.get_slot("opening_hours"), domain),
            )
        return []


class ActionStartPublicCharging(StartFlow):
    """Start opening (or closing) charge points; if logged in, look at the stations now."""

    flow = PUBLIC_CHARGING

    def name(self) -> str:
        return "action_start_public_charging"

    @staticmethod
    def mode(tracker: Tracker) -> str:
        return DISABLE if latest_intent(tracker) == "close_public_charging" else ENABLE

    def starting(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        return PUBLIC_CHARGING.cleared() + [SlotSet("public_charging_mode", self.mode(tracker))]

    def introduce(self, dispatcher: CollectingDispatcher) -> None:
        dispatcher.utter_message(response="utter_public_charging_intro")

    async def with_account(
        self, account: dict[str, Any], token: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        return public_charging_context(account, self.mode(tracker), dispatcher)


class ActionApplyPublicCharging(Action):
    def name(self) -> str:
        return "action_apply_public_charging"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        blocked = tracker.get_slot(PUBLIC_CHARGING.blocked_slot)
        if blocked == "not_registered":
            # Registering comes first; the registration brings the host back here.
            dispatcher.utter_message(response="utter_public_charging_register_first")
            return PUBLIC_CHARGING.cleared() + [
                SlotSet("return_to_flow", "action_start_public_charging"),
                FollowupAction("registration_form"),
            ]
        if blocked or tracker.get_slot(PUBLIC_CHARGING.confirmed_slot) is not True:
            return PUBLIC_CHARGING.cleared()
        enable = not closing(tracker)
        settings: dict[str, Any] = {"enabled": enable}
        if enable:
            settings |= {
                "visibility": tracker.get_slot("visibility"),
                "opening_hours": tracker.get_slot("opening_hours"),
            }
        points = tracker.get_slot("charge_points") or []
        changed: list[dict[str, Any]] = []
        try:
            for point in points:
                station = await call_blocking(
                    dashboard().set_public_charging,
                    session_token(tracker),
                    point["serial"],
                    point["position"],
                    settings,
                )
                connector = next(c for c in station["connectors"] if c["position"] == point["position"])
                changed.append(connector | {"station_name": station["name"]})
        except DashboardUnavailable:
            # Each PUT can be sent again: "try again" finishes the job, nothing doubles.
            dispatcher.utter_message(response="utter_public_charging_unavailable")
            return []
        except DashboardError as problem:
            logger.info("public charging refused: %s", problem.code)
            if problem.status == 401:
                return await PUBLIC_CHARGING.login_again(dispatcher, tracker)
            if problem.code in ("no_vat_number", "no_cpo_service"):
                explain_refusal(problem.code, dispatcher)
            else:
                dispatcher.utter_message(response="utter_public_charging_refused", reason=problem.message)
            return PUBLIC_CHARGING.cleared()
        points_label = charge_point_label(tracker.get_slot("public_stations") or [], points, domain)
        if not enable:
            dispatcher.utter_message(response="utter_public_charging_closed", charge_points_label=points_label)
            return PUBLIC_CHARGING.cleared()
        dispatcher.utter_message(response="utter_public_charging_opened", charge_points_label=points_label)
        shown = [send_qr_code(dispatcher, c["station_name"], c) for c in changed]
        if any(shown):
            dispatcher.utter_message(response="utter_qr_instructions")
        dispatcher.utter_message(response="utter_next_step_pricing")
        return [*PUBLIC_CHARGING.cleared(), suggest(PRICING_STEP)]
