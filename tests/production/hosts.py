"""Hosts made up for the production-shaped stack: as many logins as a load
test needs, each with one charging station, and the conversation each has.

The fault tests (tests/production) and the load benchmark
(scripts/benchmark_load.py) play the same scripts, so a figure and a fault
are measured on the same conversation.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from stdnum.be import vat as belgian_vat


def email_of(number: int) -> str:
    return f"host{number:03d}@load.example"


def serial_of(number: int) -> str:
    return f"5020{number:06d}"


def vat_number_of(number: int) -> str:
    """A valid Belgian VAT number of its own (the back end keeps one organisation per number)."""
    base = 2_000_000 + number  # seven digits after the leading 0
    return f"BE0{base}{97 - base % 97:02d}"


def member_email_of(number: int) -> str:
    return f"member{number:03d}@load.example"


def member_organisation_of(number: int) -> str:
    return f"Member {number:03d} BV"


def accounts(count: int, members: int = 0) -> dict:
    """The back end's fixture file (DASHBOARD_FIXTURES): ``count`` hosts with
    a station and no organisation, and ``members`` hosts whose organisation
    exists already (registered for split billing) and who register for CPO."""
    hosts = [
        {
            "email": email_of(n),
            "name": f"Host {n:03d}",
            "charging_stations": [{"serial": serial_of(n), "name": "Driveway", "connectors": 1}],
        }
        for n in range(1, count + 1)
    ]
    member_hosts = [
        {
            "email": member_email_of(n),
            "name": f"Member {n:03d}",
            "charging_stations": [{"serial": serial_of(900 + n), "name": "Warehouse", "connectors": 1}],
            "organisations": [
                {
                    "id": f"org_member{n:03d}",
                    "entity_type": "company",
                    "legal_name": member_organisation_of(n),
                    "vat_number": vat_number_of(900 + n),
                    "registered_address": {
                        "street": "Industrieweg 4",
                        "postal_code": "8530",
                        "city": "Harelbeke",
                        "country": "BE",
                    },
                    "invoice_email": f"finance{n}@load.example",
                    "contact_name": f"Member {n:03d}",
                    "phone": "+3256123456",
                    "services": ["split_billing"],
                }
            ],
        }
        for n in range(1, members + 1)
    ]
    return {"accounts": hosts + member_hosts}


def write_accounts(path: Path, count: int, members: int = 0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(accounts(count, members)))
    assert all(belgian_vat.is_valid(vat_number_of(n)) for n in range(1, count + 1))
    return path


# One message and a piece of the reply that shows it was understood.
Turn = tuple[str, str]


def registration(number: int, login_code: Callable[[], str]) -> list[tuple[str | Callable[[], str], str]]:
    """A company registering for CPO, from the first message to the reference
    (17 messages). The login code is read from the outbox when it is due."""
    return [
        ("I want to register as a charging host", "Smappee login"),
        (email_of(number), "6-digit code"),
        (login_code, "that's you"),
        ("me", "company"),
        ("a company", "VAT number"),
        (vat_number_of(number), "valid VAT number"),
        (f"Laadpunt {number:03d} BV", "registered address"),
        (f"Stationsstraat {number}, 9000 Gent", "invoices"),
        (f"facturen{number}@load.example", "contact person"),
        ("me", "phone"),
        ("0470 12 34 56", "Terms & Conditions"),
        ("yes", "IBAN"),
        ("BE71 0961 2345 6769", "BE71 **** **** 6769"),
        ("yes", "8 weeks"),
        ("I agree", "Which services"),
        ("cpo", "one charging station"),
        ("yes", "Here's your registration"),
    ]


def member_registration(number: int, login_code: Callable[[], str]) -> list[tuple[str | Callable[[], str], str]]:
    """A member of a registered organisation adding CPO (its details are not
    asked again): a second registration of the same organisation is allowed,
    so only the idempotency key keeps a retried submission from making two."""
    return [
        ("I want to register as a charging host", "Smappee login"),
        (member_email_of(number), "6-digit code"),
        (login_code, "that's you"),
        ("me", "belongs to an organisation"),
        (member_organisation_of(number), "Terms"),
        ("yes", "IBAN"),
        ("BE68 5390 0754 7034", "BE68 **** **** 7034"),
        ("yes", "8 weeks"),
        ("yes", "Which services"),
        ("cpo", "one charging station, Warehouse"),
        ("yes", "Here's your registration"),
    ]


SUBMIT: Turn = ("yes, register", "Your reference is REG-")

# Questions any host may ask, answered from the FAQ (no action server involved).
QUESTIONS: list[Turn] = [
    ("what is a cpo?", "CPO"),
    ("how much does smappee take from what drivers pay?", ""),
    ("what is split billing", "plit"),
    ("can drivers pay without an app?", ""),
]

# After registering: opening the station to the public (the back end is called).
PUBLIC_CHARGING: list[Turn] = [
    ("make my charger public", "Which charge points"),
    ("connector 1", "address of Driveway"),
    ("Stationsstraat 1, 9000 Gent", "visible in every charging app"),
    ("visible to everyone", "24/7"),
    ("24/7", "Driveway connector 1"),
    ("yes", "now accept public charging"),
]
