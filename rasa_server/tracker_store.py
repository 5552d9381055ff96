"""Rasa's SQL tracker store, made to outlive a database restart and to do less
work per message (what a profile of the server under load showed).

- Rasa 3.6 builds its engine without ``pool_pre_ping``: after PostgreSQL
  restarts, each pooled connection fails once, so the next messages of every
  conversation that server handles get an error instead of an answer.
  Checking a connection before use (one round trip) replaces a dead one.
- Rasa reads a conversation's events as ORM objects, though it only uses
  their JSON: reading the one column is cheaper.
- Before saving, Rasa counts the stored events of the conversation (one more
  query) to know which events are new. The tracker it saves is the one it read
  a moment before, under the conversation's lock: the count read then is the
  count now. A tracker that was not read here (a new one, a copy) is counted
  as Rasa does.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.orm import sessionmaker

# Set on a tracker read from the store: how many of its events are stored.
STORED_EVENTS = "_stored_event_count"


class TunedSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url  # type: ignore[has-type]  # Rasa's own attribute, set in its __init__
        self.engine.dispose()  # type: ignore[has-type]
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sessionmaker(bind=self.engine)

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        with self.session_scope() as session:
            query = self._event_query(session, sender_id, fetch_events_from_all_sessions)
            events = [json.loads(data) for (data,) in query.with_entities(self.SQLEvent.data).all()]
        if not (self.domain and events):
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        if not fetch_events_from_all_sessions:  # what save() counts: the latest session's events
            setattr(tracker, STORED_EVENTS, len(events))
        return tracker

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        stored = getattr(tracker, STORED_EVENTS, None)
        if stored is None:
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, stored, len(tracker.events))

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        if hasattr(tracker, STORED_EVENTS):  # saved again later: only what came after this
            setattr(tracker, STORED_EVENTS, len(tracker.events))
