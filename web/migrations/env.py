"""Alembic's environment for the agent console's hand-off queue (``web.handoffs``).

Run through ``common.migrations``, which opens the connection and builds the
configuration (there is no alembic.ini).
"""

from __future__ import annotations

from alembic import context

from common.migrations import run_migrations
from web.handoffs import metadata

run_migrations(context, "console", metadata)
