"""The queue of conversations handed to people: waiting, taken by an agent,
handed back. Kept in a database (SQLite by default) so the queue survives a
restart of the console, as the paused conversations survive one of Rasa.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.http import sql_engine

WAITING, TAKEN, HANDED_BACK = "waiting", "taken", "handed_back"

metadata = sa.MetaData()

handoffs = sa.Table(
    "handoffs",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
    sa.Column("channel", sa.String(40), nullable=False),
    sa.Column("reason", sa.String(40), nullable=False),  # asked | repeated_failures
    sa.Column("summary", sa.Text, nullable=False),  # JSON from the hand-off action
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("agent", sa.String(80)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("taken_at", sa.DateTime(timezone=True)),
    sa.Column("closed_at", sa.DateTime(timezone=True)),
)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def connect(url: str) -> Engine:
    """The queue's database, brought to the latest migration at start (web/migrations)."""
    return sql_engine(url, "console")


def _view(row: Any) -> dict[str, Any]:
    def iso(value: datetime | None) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:  # SQLite drops the zone
            value = value.replace(tzinfo=timezone.utc)
        return value.isoformat()

    return {
        "id": row.id,
        "conversation_id": row.conversation_id,
        "channel": row.channel,
        "reason": row.reason,
        "summary": json.loads(row.summary),
        "status": row.status,
        "agent": row.agent,
        "created_at": iso(row.created_at),
        "taken_at": iso(row.taken_at),
        "closed_at": iso(row.closed_at),
    }


def open_handoff(
    engine: Engine, conversation_id: str, channel: str, reason: str, summary: dict[str, Any]
) -> dict[str, Any]:
    """Queue a conversation; asking again while it is open updates its summary
    instead of queueing it twice."""
    with engine.begin() as db:
        row = db.execute(
            sa.select(handoffs).where(handoffs.c.conversation_id == conversation_id, handoffs.c.status != HANDED_BACK)
        ).first()
        if row:
            db.execute(handoffs.update().where(handoffs.c.id == row.id).values(summary=json.dumps(summary)))
            handoff_id = row.id
        else:
            handoff_id = str(uuid.uuid4())
            db.execute(
                handoffs.insert().values(
                    id=handoff_id,
                    conversation_id=conversation_id,
                    channel=channel,
                    reason=reason,
                    summary=json.dumps(summary),
                    status=WAITING,
                    created_at=utcnow(),
                )
            )
        return _view(db.execute(sa.select(handoffs).where(handoffs.c.id == handoff_id)).one())


def open_handoffs(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as db:
        rows = db.execute(
            sa.select(handoffs).where(handoffs.c.status != HANDED_BACK).order_by(handoffs.c.created_at)
        ).all()
    return [_view(row) for row in rows]


def get_handoff(engine: Engine, handoff_id: str) -> dict[str, Any] | None:
    with engine.connect() as db:
        row = db.execute(sa.select(handoffs).where(handoffs.c.id == handoff_id)).first()
    return _view(row) if row else None


def take(engine: Engine, handoff_id: str, agent: str) -> dict[str, Any] | None:
    """The agent takes the conversation; None when another agent has it or it is closed."""
    with engine.begin() as db:
        taken = db.execute(
            handoffs.update()
            .where(
                handoffs.c.id == handoff_id,
                sa.or_(handoffs.c.status == WAITING, sa.and_(handoffs.c.status == TAKEN, handoffs.c.agent == agent)),
            )
            .values(status=TAKEN, agent=agent, taken_at=utcnow())
        ).rowcount
    return get_handoff(engine, handoff_id) if taken else None


def hand_back(engine: Engine, handoff_id: str, agent: str) -> dict[str, Any] | None:
    with engine.begin() as db:
        closed = db.execute(
            handoffs.update()
            .where(handoffs.c.id == handoff_id, handoffs.c.status == TAKEN, handoffs.c.agent == agent)
            .values(status=HANDED_BACK, closed_at=utcnow())
        ).rowcount
    return get_handoff(engine, handoff_id) if closed else None
