"""Schema migrations (common/migrations.py): the database Alembic makes is the one
the code describes, old databases keep their rows, and passwords stay out of the output.

When `test_a_migrated_database_matches_the_metadata` fails, a table in
dashboard/store.py or web/handoffs.py changed without a migration: write one
with `python -m common.migrations revision <service> -m "..."` (docs/development.md).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from common import migrations
from common.migrations import SERVICES, Migration, alembic_config, main, masked, migrate, upgrade
from dashboard import store
from web import handoffs

METADATA = {"dashboard": store.metadata, "console": handoffs.metadata}
NOW = datetime(2026, 1, 5, 9, 30, tzinfo=timezone.utc)


def head(service: str) -> str:
    revision = ScriptDirectory.from_config(alembic_config(SERVICES[service])).get_current_head()
    assert revision
    return revision


def differences(url: str, service: str, metadata: sa.MetaData | None = None) -> list[Any]:
    """What Alembic's autogenerate would write: nothing when the migrations and the metadata agree."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"version_table": SERVICES[service].version_table, "compare_type": True}
            )
            return list(compare_metadata(context, metadata if metadata is not None else METADATA[service]))
    finally:
        engine.dispose()


def schema(url: str) -> list[tuple[str, str]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return [(row.name, row.sql) for row in connection.execute(sa.text("SELECT name, sql FROM sqlite_master"))]
    finally:
        engine.dispose()


def revision_in(url: str, service: str) -> str | None:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"version_table": SERVICES[service].version_table})
            return context.get_current_revision()
    finally:
        engine.dispose()


def initial_revision(service: str) -> str:
    revision = ScriptDirectory.from_config(alembic_config(SERVICES[service])).get_base()
    assert revision
    return revision


def made_by_create_all(url: str, service: str) -> None:
    """A database as the old ``metadata.create_all`` made it: the initial revision's
    tables (the same today; the metadata will move on) and no version table."""
    engine = sa.create_engine(url, future=True)
    with engine.connect() as connection:
        command.upgrade(alembic_config(SERVICES[service], connection), initial_revision(service))
        connection.execute(sa.text(f"DROP TABLE {SERVICES[service].version_table}"))
        connection.commit()
    engine.dispose()


def insert_a_row(url: str, service: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as db:
        if service == "dashboard":
            db.execute(store.accounts.insert().values(email="an@example.be", name="An", invited=False, created_at=NOW))
        else:
            db.execute(
                handoffs.handoffs.insert().values(
                    id="h-1",
                    conversation_id="web-abc",
                    channel="web",
                    reason="asked",
                    summary="{}",
                    status=handoffs.WAITING,
                    created_at=NOW,
                )
            )
    engine.dispose()


def rows_in(url: str, service: str) -> list[Any]:
    table = store.accounts if service == "dashboard" else handoffs.handoffs
    engine = sa.create_engine(url)
    with engine.connect() as db:
        rows = list(db.execute(sa.select(table)).all())
    engine.dispose()
    return rows


@pytest.mark.parametrize("service", list(SERVICES))
def test_a_migrated_database_matches_the_metadata(tmp_path: Path, service: str) -> None:
    url = f"sqlite:///{tmp_path}/{service}.db"
    upgrade(url, service)
    assert differences(url, service) == []
    assert revision_in(url, service) == head(service)


def test_a_table_changed_without_a_migration_is_found(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/dashboard.db"
    upgrade(url, "dashboard")
    changed = sa.MetaData()
    for table in store.metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["organisations"].append_column(sa.Column("added_by_this_test", sa.String(200)))

    found = differences(url, "dashboard", changed)
    assert [(kind, column.name) for kind, _, _, column in found] == [("add_column", "added_by_this_test")]


@pytest.mark.parametrize("service", list(SERVICES))
def test_upgrading_twice_changes_nothing(tmp_path: Path, service: str) -> None:
    url = f"sqlite:///{tmp_path}/nested/folder/{service}.db"  # the folder is made
    assert migrate(url, service) == Migration(before=None, after=head(service))
    insert_a_row(url, service)
    before = schema(url)

    assert migrate(url, service) == Migration(before=head(service), after=head(service))
    assert schema(url) == before
    assert len(rows_in(url, service)) == 1


@pytest.mark.parametrize("service", list(SERVICES))
def test_a_database_made_by_create_all_is_stamped_and_keeps_its_rows(tmp_path: Path, service: str) -> None:
    url = f"sqlite:///{tmp_path}/{service}.db"
    made_by_create_all(url, service)
    insert_a_row(url, service)

    outcome = migrate(url, service)

    assert outcome == Migration(before=None, after=head(service), stamped=initial_revision(service))
    assert revision_in(url, service) == head(service)
    assert len(rows_in(url, service)) == 1
    assert differences(url, service) == []


def test_a_database_with_only_some_of_the_old_tables_is_not_guessed_at(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/dashboard.db"
    engine = sa.create_engine(url)
    store.accounts.create(engine)
    engine.dispose()
    with pytest.raises(RuntimeError, match="missing: admin_invitations"):
        upgrade(url, "dashboard")


def test_the_dashboard_and_the_console_share_one_database_each_with_its_version_table(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/shared.db"
    upgrade(url, "console")
    upgrade(url, "dashboard")

    assert revision_in(url, "dashboard") == head("dashboard")
    assert revision_in(url, "console") == head("console")
    engine = sa.create_engine(url)
    tables = set(sa.inspect(engine).get_table_names())
    engine.dispose()
    assert {"alembic_version_dashboard", "alembic_version_console", "handoffs", "organisations"} <= tables
    assert migrate(url, "console") == Migration(before=head("console"), after=head("console"))
    assert migrate(url, "dashboard") == Migration(before=head("dashboard"), after=head("dashboard"))


def test_the_services_migrate_at_start_unless_told_not_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path}/console.db"
    monkeypatch.setenv("MIGRATE_ON_START", "false")
    handoffs.connect(url).dispose()
    assert revision_in(url, "console") is None

    monkeypatch.delenv("MIGRATE_ON_START")
    engine = handoffs.connect(url)
    handoffs.open_handoff(engine, "web-abc", "web", "asked", {"name": "Jan"})
    engine.dispose()
    assert revision_in(url, "console") == head("console")


def test_the_command_line_upgrades_both_databases_and_prints_where_they_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", f"sqlite:///{tmp_path}/dashboard.db")
    monkeypatch.setenv("CONSOLE_DATABASE_URL", f"sqlite:///{tmp_path}/console.db")

    main(["current"])
    assert capsys.readouterr().out.count(": not migrated yet (latest is ") == 2
    assert not (tmp_path / "dashboard.db").exists()  # not created just to look

    main(["upgrade"])
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"dashboard (sqlite:///{tmp_path}/dashboard.db): tables created, now at {head('dashboard')}",
        f"console (sqlite:///{tmp_path}/console.db): tables created, now at {head('console')}",
    ]

    main(["upgrade", "console"])
    assert (
        capsys.readouterr().out == f"console (sqlite:///{tmp_path}/console.db): already at {head('console')} (latest)\n"
    )

    main(["current", "dashboard"])
    assert capsys.readouterr().out.endswith(f": at {head('dashboard')} (latest)\n")

    with pytest.raises(SystemExit):
        main(["upgrade", "dashbord"])


def test_the_command_line_never_prints_a_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    password = "s3cret-Pass"
    server_url = f"postgresql://charging:{password}@db.internal:5432/dashboard"
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", server_url)
    monkeypatch.setenv("CONSOLE_DATABASE_URL", f"sqlite:///{tmp_path}/console.db")
    migrated: list[str] = []

    def fake_migrate(url: str, service: str) -> Migration:  # no PostgreSQL here
        migrated.append(url)
        return Migration(before=None, after="abc")

    monkeypatch.setattr(migrations, "migrate", fake_migrate)
    monkeypatch.setattr(migrations, "revision_of", lambda url, service: "abc")

    main(["upgrade"])
    main(["current"])

    output = capsys.readouterr().out
    assert password not in output
    assert "postgresql://charging:***@db.internal:5432/dashboard" in output
    assert migrated[0] == server_url  # the real URL is used, only the printed one is masked
    assert password not in masked("postgresql://charging:s3cret-Pass@db.internal:notaport/dashboard")
