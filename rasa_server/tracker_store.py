"""Rasa's SQL tracker store, with connections that survive a database restart.

Rasa 3.6 builds its engine without ``pool_pre_ping``: after PostgreSQL
restarts, each pooled connection fails once, so the next messages of every
conversation that server handles get an error instead of an answer. Checking
a connection before use (one round trip, negligible beside a turn) replaces a
dead one silently.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from sqlalchemy.orm import sessionmaker


class ReconnectingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url  # type: ignore[has-type]  # Rasa's own attribute, set in its __init__
        self.engine.dispose()  # type: ignore[has-type]
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sessionmaker(bind=self.engine)
