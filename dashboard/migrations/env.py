"""Alembic's environment for the dashboard back end's tables (``dashboard.store``).

Run through ``common.migrations``, which opens the connection and builds the
configuration (there is no alembic.ini).
"""

from __future__ import annotations

from alembic import context

from common.migrations import SERVICES, connection_for
from dashboard.store import metadata

context.configure(
    connection=connection_for(context.config),
    target_metadata=metadata,
    version_table=SERVICES["dashboard"].version_table,
    render_as_batch=True,  # SQLite alters a table by copying it: batch mode does that
)
with context.begin_transaction():
    context.run_migrations()
