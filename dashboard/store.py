"""The back end's storage: SQLAlchemy Core, SQLite by default, PostgreSQL in production.

Structured values (addresses, the mandate, services) are kept as JSON text so
the same schema runs on both databases.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any, overload

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from common.http import sql_engine

metadata = sa.MetaData()

accounts = sa.Table(
    "accounts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(254), nullable=False, unique=True),
    sa.Column("name", sa.String(120), nullable=False),
    sa.Column("invited", sa.Boolean, nullable=False, default=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

charging_stations = sa.Table(
    "charging_stations",
    metadata,
    sa.Column("serial", sa.String(40), primary_key=True),
    sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), nullable=False),
    sa.Column("name", sa.String(120), nullable=False),
    sa.Column("connectors", sa.Integer, nullable=False, default=1),
    sa.Column("details", sa.Text, nullable=False, default="{}"),  # extra fixture fields
    sa.Column("address", sa.Text),  # JSON {street, postal_code, city, country}
)

# Public-charging settings per charge point (connector); no row = not public.
connectors = sa.Table(
    "connectors",
    metadata,
    sa.Column("serial", sa.String(40), sa.ForeignKey("charging_stations.serial"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("public_charging", sa.Boolean, nullable=False, default=False),
    sa.Column("visibility", sa.String(10), nullable=False, default="public"),  # public | hidden
    sa.Column("opening_hours", sa.Text),  # OCPI Hours as JSON; NULL = 24/7
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

pricing_policies = sa.Table(
    "pricing_policies",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("organisation_id", sa.String(40), sa.ForeignKey("organisations.id"), nullable=False),
    sa.Column("name", sa.String(80), nullable=False),
    sa.Column("prices", sa.Text, nullable=False),  # PriceStructure.as_dict()
    sa.Column("groups", sa.Text, nullable=False, default="[]"),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

# A station has one pricing policy; an owner can have several policies.
station_policies = sa.Table(
    "station_policies",
    metadata,
    sa.Column("serial", sa.String(40), sa.ForeignKey("charging_stations.serial"), primary_key=True),
    sa.Column("policy_id", sa.String(40), sa.ForeignKey("pricing_policies.id"), nullable=False),
)

organisations = sa.Table(
    "organisations",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("entity_type", sa.String(20), nullable=False),
    sa.Column("legal_name", sa.String(120), nullable=False),
    # One organisation per VAT number (several may have none).
    sa.Column("vat_number", sa.String(20), unique=True),
    sa.Column("vat_check", sa.Text),
    sa.Column("registered_address", sa.Text, nullable=False),
    sa.Column("invoice_email", sa.String(254)),
    sa.Column("contact_name", sa.String(120)),
    sa.Column("phone", sa.String(20)),
    sa.Column("admin_account_id", sa.Integer, sa.ForeignKey("accounts.id")),
    sa.Column("terms_accepted_at", sa.DateTime(timezone=True)),
    sa.Column("terms_version", sa.String(20)),
    sa.Column("mandate", sa.Text),
    # Kept apart from the mandate's JSON so the database enforces uniqueness.
    sa.Column("mandate_reference", sa.String(35), unique=True),
    sa.Column("services", sa.Text, nullable=False, default="[]"),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

organisation_members = sa.Table(
    "organisation_members",
    metadata,
    sa.Column("organisation_id", sa.String(40), sa.ForeignKey("organisations.id"), primary_key=True),
    sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), primary_key=True),
    sa.Column("role", sa.String(20), nullable=False),
)

organisation_stations = sa.Table(
    "organisation_stations",
    metadata,
    sa.Column("organisation_id", sa.String(40), sa.ForeignKey("organisations.id"), primary_key=True),
    sa.Column("serial", sa.String(40), sa.ForeignKey("charging_stations.serial"), primary_key=True),
)

# Someone named administrator of an organisation becomes it only by accepting
# (until then the registering login administers it); the token is mailed.
admin_invitations = sa.Table(
    "admin_invitations",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("organisation_id", sa.String(40), sa.ForeignKey("organisations.id"), nullable=False),
    sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), nullable=False),  # who is invited
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("accepted_at", sa.DateTime(timezone=True)),
)

# A Smappee card (RFID) of a login, from the fixtures: an employee ties one to an agreement.
charging_cards = sa.Table(
    "charging_cards",
    metadata,
    sa.Column("uid", sa.String(20), primary_key=True),
    sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), nullable=False),
    sa.Column("label", sa.String(60), nullable=False),
)

# Split billing: an employer's agreement to reimburse one employee's home charging.
# Its status is read from the dates (charging_host.split_billing.agreement_status).
split_billing_agreements = sa.Table(
    "split_billing_agreements",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("organisation_id", sa.String(40), sa.ForeignKey("organisations.id"), nullable=False),
    sa.Column("employee_account_id", sa.Integer, sa.ForeignKey("accounts.id"), nullable=False),
    sa.Column("first_name", sa.String(60), nullable=False),
    sa.Column("last_name", sa.String(60), nullable=False),
    sa.Column("rate_per_kwh", sa.String(12), nullable=False),  # a decimal as text: exact on every database
    sa.Column("region", sa.String(20)),  # a Belgian region (the cap) or NULL
    sa.Column("start_date", sa.Date, nullable=False),
    sa.Column("end_date", sa.Date),
    sa.Column("iban", sa.String(34)),
    sa.Column("account_holder", sa.String(120)),
    sa.Column("charging_station", sa.String(40), sa.ForeignKey("charging_stations.serial")),
    sa.Column("card_uid", sa.String(20), sa.ForeignKey("charging_cards.uid")),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("confirmed_at", sa.DateTime(timezone=True)),
    sa.Column("ended_at", sa.DateTime(timezone=True)),
)

registrations = sa.Table(
    "registrations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("reference", sa.String(30), unique=True),
    sa.Column("organisation_id", sa.String(40), sa.ForeignKey("organisations.id"), nullable=False),
    sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

login_codes = sa.Table(
    "login_codes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), nullable=False),
    sa.Column("code_hash", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("used", sa.Boolean, nullable=False, default=False),
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
)

idempotency_keys = sa.Table(
    "idempotency_keys",
    metadata,
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("account_id", sa.Integer, nullable=False),
    sa.Column("request_hash", sa.String(64), nullable=False),
    sa.Column("status", sa.Integer, nullable=False),
    sa.Column("response", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


@overload
def as_utc(value: datetime) -> datetime: ...


@overload
def as_utc(value: None) -> None: ...


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back; they were stored as UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


def iso(value: datetime | None) -> str | None:
    value = as_utc(value)
    return value.isoformat().replace("+00:00", "Z") if value else None


def dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True)


def loads(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def create_engine(url: str) -> Engine:
    """The back end's database, brought to the latest migration (dashboard/migrations)."""
    return sql_engine(url, "dashboard")


def load_fixtures(engine: Engine, fixtures: dict[str, Any]) -> None:
    """Accounts and stations (and optionally organisations) from a fixture file.

    Loading is idempotent: existing accounts and stations are left as they
    are, so restarting the back end never duplicates anything.
    """
    now = utcnow()
    with engine.begin() as db:
        for account in fixtures.get("accounts", []):
            email = account["email"].strip().lower()
            row = db.execute(sa.select(accounts.c.id).where(accounts.c.email == email)).first()
            if row:
                account_id = row.id
            else:
                account_id = db.execute(
                    accounts.insert().values(email=email, name=account["name"], invited=False, created_at=now)
                ).inserted_primary_key[0]
            for station in account.get("charging_stations", []):
                exists = db.execute(
                    sa.select(charging_stations.c.serial).where(charging_stations.c.serial == str(station["serial"]))
                ).first()
                if exists:
                    continue
                extra = {
                    k: v
                    for k, v in station.items()
                    if k not in {"serial", "name", "connectors", "address", "public_connectors"}
                }
                db.execute(
                    charging_stations.insert().values(
                        serial=str(station["serial"]),
                        account_id=account_id,
                        name=station.get("name") or str(station["serial"]),
                        connectors=int(station.get("connectors", 1)),
                        details=json.dumps(extra),
                        address=dumps(station.get("address")),
                    )
                )
                # Charge points already open to the public (visible, 24/7).
                for position in station.get("public_connectors", []):
                    db.execute(
                        connectors.insert().values(
                            serial=str(station["serial"]),
                            position=int(position),
                            public_charging=True,
                            visibility="public",
                            opening_hours=None,
                            updated_at=now,
                        )
                    )
            for card in account.get("charging_cards", []):
                known = db.execute(sa.select(charging_cards.c.uid).where(charging_cards.c.uid == card["uid"])).first()
                if not known:
                    db.execute(
                        charging_cards.insert().values(uid=card["uid"], account_id=account_id, label=card["label"])
                    )
            for organisation in account.get("organisations", []):
                _load_organisation(db, organisation, account_id, now)


def _load_organisation(db: Connection, organisation: dict[str, Any], account_id: int, now: datetime) -> None:
    if db.execute(sa.select(organisations.c.id).where(organisations.c.id == organisation["id"])).first():
        return
    db.execute(
        organisations.insert().values(
            id=organisation["id"],
            entity_type=organisation.get("entity_type", "company"),
            legal_name=organisation["legal_name"],
            vat_number=organisation.get("vat_number"),
            registered_address=dumps(organisation["registered_address"]),
            invoice_email=organisation.get("invoice_email"),
            contact_name=organisation.get("contact_name"),
            phone=organisation.get("phone"),
            admin_account_id=account_id,
            terms_accepted_at=None,
            terms_version=None,
            mandate=None,
            services=dumps(organisation.get("services", [])),
            created_at=now,
        )
    )
    db.execute(
        organisation_members.insert().values(organisation_id=organisation["id"], account_id=account_id, role="admin")
    )
    for serial in organisation.get("charging_stations", []):
        db.execute(organisation_stations.insert().values(organisation_id=organisation["id"], serial=str(serial)))
