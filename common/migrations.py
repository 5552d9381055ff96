"""Schema migrations (Alembic) of the dashboard back end and the agent console's queue.

Each service keeps its migrations in its own package (``dashboard/migrations``,
``web/migrations``) and its own version table, so both may share one database.
There is no ``alembic.ini``: the configuration is built here. The services
upgrade their database at start (``common.http.sql_engine``) unless
``MIGRATE_ON_START=false``; production runs this module's command line first:

    python -m common.migrations upgrade [dashboard|console]
    python -m common.migrations current
    python -m common.migrations revision dashboard -m "what changed"
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.util
import logging
import os
import re
import shlex
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.pool import NullPool

logger = logging.getLogger(__name__)
PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Alembic's ``context`` and ``op`` are module-level proxies: one migration at a
# time in a process (the unit tests start services in threads).
_IN_PROCESS = threading.Lock()
# What runs on a new revision (python -m ruff ...). Autogenerate ends some calls
# with a comma, which would keep them on several lines: the format ignores it.
RUFF_HOOKS = {
    "ruff_fix": ["check", "--fix"],
    "ruff_format": [
        "format",
        "--config",
        "format.skip-magic-trailing-comma=true",
        "--config",
        "lint.isort.split-on-trailing-comma=false",
    ],
}


@dataclass(frozen=True)
class Service:
    name: str
    package: str  # holds migrations/
    version_table: str
    url_variable: str
    default_url: str  # as the service's own settings have it
    # The tables the old ``metadata.create_all`` made: a database holding them
    # but no version table is stamped at the initial revision, not created again.
    create_all_tables: frozenset[str]

    @property
    def migrations_folder(self) -> Path:
        return PROJECT_ROOT / self.package / "migrations"

    def database_url(self) -> str:
        return os.environ.get(self.url_variable, self.default_url)


SERVICES = {
    "dashboard": Service(
        name="dashboard",
        package="dashboard",
        version_table="alembic_version_dashboard",
        url_variable="DASHBOARD_DATABASE_URL",
        default_url="sqlite:///" + str(PROJECT_ROOT / "var" / "dashboard.db"),  # dashboard/settings.py
        create_all_tables=frozenset(
            {
                "accounts",
                "admin_invitations",
                "charging_cards",
                "charging_stations",
                "connectors",
                "idempotency_keys",
                "login_codes",
                "organisation_members",
                "organisation_stations",
                "organisations",
                "pricing_policies",
                "registrations",
                "sessions",
                "split_billing_agreements",
                "station_policies",
            }
        ),
    ),
    "console": Service(
        name="console",
        package="web",
        version_table="alembic_version_console",
        url_variable="CONSOLE_DATABASE_URL",
        default_url="sqlite:///" + str(PROJECT_ROOT / "var" / "console.db"),  # web/settings.py
        create_all_tables=frozenset({"handoffs"}),
    ),
}


@dataclass(frozen=True)
class Migration:
    """What ``migrate`` did to one database."""

    before: str | None  # the revision it was at (None: no version table)
    after: str | None
    stamped: str | None = None  # made by create_all: stamped at this revision first


def masked(url: str) -> str:
    """The URL with its password hidden, to print or log."""
    try:
        return str(make_url(url).render_as_string(hide_password=True))
    except (sa.exc.ArgumentError, ValueError):  # not a URL SQLAlchemy reads: hide what may be a password anyway
        return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def make_sqlite_folder(url: str) -> None:
    """Create the folder of a SQLite file, which SQLite does not."""
    parsed = make_url(url)
    database = parsed.database or ""
    if parsed.get_backend_name() == "sqlite" and database not in ("", ":memory:") and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def alembic_config(service: Service, connection: Connection | None = None) -> Config:
    """Alembic's configuration for ``service``, with no ini file; env.py runs on ``connection``."""
    config = Config()
    # Config options go through configparser interpolation: a % must be doubled.
    config.set_main_option("script_location", str(service.migrations_folder).replace("%", "%%"))
    config.set_main_option("file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s")
    if importlib.util.find_spec("ruff"):  # a development tool: new revisions come out lint- and format-clean
        config.set_section_option("post_write_hooks", "hooks", ",".join(RUFF_HOOKS))
        for hook, arguments in RUFF_HOOKS.items():
            config.set_section_option("post_write_hooks", f"{hook}.type", "module")
            config.set_section_option("post_write_hooks", f"{hook}.module", "ruff")
            options = shlex.join([*arguments, "REVISION_SCRIPT_FILENAME"])
            config.set_section_option("post_write_hooks", f"{hook}.options", options)
    config.attributes["connection"] = connection
    return config


def connection_for(config: Config) -> Connection:
    """The connection a service's env.py migrates: the one this module opened."""
    connection = config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError("run migrations with `python -m common.migrations`, not with alembic's own command line")
    return connection


def run_migrations(context: Any, service_name: str, metadata: sa.MetaData) -> None:
    """The body of each service's ``migrations/env.py``: run its migrations on the
    connection this module opened, in batch mode (SQLite alters a table by copying it)."""
    context.configure(
        connection=connection_for(context.config),
        target_metadata=metadata,
        version_table=SERVICES[service_name].version_table,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _lock_key(service: Service) -> int:
    # One advisory lock per version table: replicas of a service wait for each
    # other, the other service sharing the database does not wait for them.
    return int.from_bytes(hashlib.sha256(service.version_table.encode()).digest()[:8], "big", signed=True)


@contextlib.contextmanager
def _migration_lock(connection: Connection, service: Service) -> Iterator[None]:
    """On PostgreSQL, a session-level advisory lock: replicas starting at the same
    moment migrate one after the other, and the later ones find nothing to do."""
    if connection.dialect.name != "postgresql":
        yield
        return
    key = _lock_key(service)
    connection.execute(sa.select(sa.func.pg_advisory_lock(key)))
    connection.commit()  # the lock outlives the transaction; Alembic starts its own
    try:
        yield
    finally:
        # After a failure the session may be unusable: closing it (no pool) releases the lock too.
        with contextlib.suppress(sa.exc.SQLAlchemyError):
            connection.rollback()
            connection.execute(sa.select(sa.func.pg_advisory_unlock(key)))
            connection.commit()


def _current_revision(connection: Connection, service: Service) -> str | None:
    context = MigrationContext.configure(connection, opts={"version_table": service.version_table})
    revision = context.get_current_revision()
    connection.commit()  # leave no transaction open: Alembic then manages its own
    return revision


def _made_by_create_all(connection: Connection, service: Service) -> bool:
    """Whether the database holds the service's tables but no version table."""
    tables = set(sa.inspect(connection).get_table_names())
    connection.commit()
    found = service.create_all_tables & tables
    if service.version_table in tables or not found:
        return False
    missing = service.create_all_tables - tables
    if missing:  # neither the old create_all nor Alembic made this: do not guess
        raise RuntimeError(
            f"the {service.name} database has some of its tables but no {service.version_table} table;"
            f" missing: {', '.join(sorted(missing))}"
        )
    return True


def _initial_revision(config: Config) -> str:
    base = ScriptDirectory.from_config(config).get_base()
    if base is None:
        raise RuntimeError(f"no migrations in {config.get_main_option('script_location')}")
    return base


def migrate(url: str, service_name: str) -> Migration:
    """Bring the database at ``url`` to ``service_name``'s latest revision; what was done."""
    service = SERVICES[service_name]
    make_sqlite_folder(url)
    # No pool: closing the connection ends the database session, and its lock with it.
    engine = sa.create_engine(url, future=True, poolclass=NullPool)
    try:
        with _IN_PROCESS, engine.connect() as connection, _migration_lock(connection, service):
            config = alembic_config(service, connection)
            stamped = None
            if _made_by_create_all(connection, service):
                stamped = _initial_revision(config)
                command.stamp(config, stamped)
            before = _current_revision(connection, service)
            command.upgrade(config, "head")
            after = _current_revision(connection, service)
    finally:
        engine.dispose()
    return Migration(before=None if stamped else before, after=after, stamped=stamped)


def upgrade(url: str, service: str) -> None:
    """Bring the database at ``url`` to the latest revision of ``service`` ("dashboard" or "console")."""
    done = migrate(url, service)
    logger.info("%s database (%s) at %s, was at %s", service, masked(url), done.after, done.stamped or done.before)


def latest_revision(service_name: str) -> str | None:
    return ScriptDirectory.from_config(alembic_config(SERVICES[service_name])).get_current_head()


def revision_of(url: str, service_name: str) -> str | None:
    """The revision the database at ``url`` is at; None when it has none (or, for SQLite, no file yet)."""
    service = SERVICES[service_name]
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and not Path(parsed.database).exists():
        return None  # not created just to look
    engine = sa.create_engine(url, future=True, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return _current_revision(connection, service)
    finally:
        engine.dispose()


def revision(service_name: str, message: str) -> None:
    """Write a new revision: Alembic compares the service's metadata with a scratch
    SQLite database brought to the latest revision, and writes the difference."""
    service = SERVICES[service_name]
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{scratch}/scratch.db"
        upgrade(url, service_name)
        engine = sa.create_engine(url, future=True, poolclass=NullPool)
        try:
            with _IN_PROCESS, engine.connect() as connection:
                command.revision(alembic_config(service, connection), message=message, autogenerate=True)
        finally:
            engine.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m common.migrations", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("upgrade", "current"):
        commands.add_parser(name).add_argument(
            "services", nargs="*", metavar="service", help="dashboard, console (default: both)"
        )
    new = commands.add_parser("revision")
    new.add_argument("service", choices=list(SERVICES))
    new.add_argument("-m", "--message", required=True)
    args = parser.parse_args(argv)
    unknown = set(getattr(args, "services", [])) - SERVICES.keys()
    if unknown:
        parser.error(f"unknown service: {', '.join(sorted(unknown))} (dashboard or console)")

    if args.command == "revision":
        revision(args.service, args.message)
        return
    for name in args.services or list(SERVICES):
        url = SERVICES[name].database_url()
        where = f"{name} ({masked(url)})"  # never the password
        if args.command == "upgrade":
            done = migrate(url, name)
            if done.stamped:
                print(f"{where}: made by create_all, stamped at {done.stamped}, now at {done.after}", flush=True)
            elif done.before == done.after:
                print(f"{where}: already at {done.after} (latest)", flush=True)
            elif done.before is None:
                print(f"{where}: tables created, now at {done.after}", flush=True)
            else:
                print(f"{where}: upgraded from {done.before} to {done.after}", flush=True)
        else:
            at, latest = revision_of(url, name), latest_revision(name)
            if at is None:
                print(f"{where}: not migrated yet (latest is {latest})", flush=True)
            else:
                print(f"{where}: at {at}" + (" (latest)" if at == latest else f", latest is {latest}"), flush=True)


if __name__ == "__main__":
    main()
