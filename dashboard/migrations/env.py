"""Alembic's environment for the dashboard back end's tables (``dashboard.store``).

Run through ``common.migrations``, which opens the connection and builds the
configuration (there is no alembic.ini).
"""

from __future__ import annotations

from alembic import context

from common.migrations import run_migrations
from dashboard.store import metadata

run_migrations(context, "dashboard", metadata)
