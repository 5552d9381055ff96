"""Mask the personal data of conversations older than a number of days, in the SQL tracker store.

    python -m scripts.retention --days 90                  # TRACKER_STORE_URL, or var/tracker.db
    python -m scripts.retention --days 90 --url postgresql://user:password@host/rasa

Events older than the cut-off keep their place and kind (a conversation can
still be followed), but what was typed and said is masked (IBANs, e-mail
addresses, VAT numbers, phone numbers), and the slots that hold a person's
data lose their values. Run it daily (cron, or a Kubernetes CronJob). It is
safe to run again: masked events are marked and skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any

import sqlalchemy as sa

from charging_host.privacy import mask_personal_data

# Slots whose value is a person's data, whatever it looks like (names too).
PERSONAL_SLOTS = {
    "account_email", "account_name", "admin_email", "admin_name", "legal_name", "registered_address",
    "invoice_email", "contact_name", "phone", "vat_number", "vat_check", "iban", "bic", "bank_name",
    "account_holder", "account_organisations", "login_code_sent_to", "station_address",
    "agreement_request", "agreement_people", "agreement_person_details", "agreement_region",
    "agreement_change_request", "employer_agreements", "employee_agreements", "employee_iban",
}  # fmt: skip
MASKED = "***"
MARK = "personal_data_masked"


def masked(value: Any) -> Any:
    """Every text inside a value, masked."""
    if isinstance(value, str):
        return mask_personal_data(value)
    if isinstance(value, list):
        return [masked(v) for v in value]
    if isinstance(value, dict):
        return {k: masked(v) for k, v in value.items()}
    return value


def masked_event(event: dict[str, Any]) -> dict[str, Any]:
    kind = event.get("event")
    if kind == "slot" and event.get("name") in PERSONAL_SLOTS and event.get("value") is not None:
        event = event | {"value": MASKED}
    elif kind in ("user", "bot", "slot"):
        event = masked(event)
    return event | {MARK: True}


def mask_old_conversations(url: str, days: float, now: float | None = None) -> int:
    """Mask the events older than ``days``; how many were masked."""
    cutoff = (now or time.time()) - days * 24 * 3600
    engine = sa.create_engine(url, future=True)
    events = sa.Table("events", sa.MetaData(), autoload_with=engine)
    done = 0
    with engine.begin() as db:
        rows = db.execute(sa.select(events.c.id, events.c.data).where(events.c.timestamp < cutoff)).all()
        for row in rows:
            event = json.loads(row.data)
            if event.get(MARK):
                continue
            db.execute(events.update().where(events.c.id == row.id).values(data=json.dumps(masked_event(event))))
            done += 1
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description="Mask personal data in conversations older than a number of days.")
    parser.add_argument("--days", type=float, default=float(os.environ.get("RETENTION_DAYS", 90)))
    parser.add_argument("--url", default=os.environ.get("TRACKER_STORE_URL") or "sqlite:///var/tracker.db")
    args = parser.parse_args()
    if args.days <= 0:
        sys.exit("--days must be more than 0")
    count = mask_old_conversations(args.url, args.days)
    print(f"masked personal data in {count} events older than {args.days:g} days")


if __name__ == "__main__":
    main()
