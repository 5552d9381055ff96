"""Masking the personal data of old conversations, in Rasa's own SQL tracker store."""

from __future__ import annotations

import json
import time

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from charging_host.privacy import mask_personal_data
from scripts.retention import mask_old_conversations

DAY = 24 * 3600


def test_personal_data_is_masked_and_the_rest_of_a_message_kept():
    text = "iban BE71 0961 2345 6769 thanks, mail an.peeters@example.be, vat BE 0123.456.749, gsm +32470123456"
    assert mask_personal_data(text) == (
        "iban BE71 **** **** 6769 thanks, mail a***@example.be, vat BE********49, gsm +********56"
    )
    assert mask_personal_data("station 5010000101, reference REG-2026-000001") == (
        "station 5010000101, reference REG-2026-000001"
    )


async def test_conversations_older_than_the_limit_are_masked_and_newer_ones_kept(tmp_path, domain):
    store = SQLTrackerStore(Domain.from_dict(domain), dialect="sqlite", db=str(tmp_path / "tracker.db"))
    now = time.time()
    old, new = now - 40 * DAY, now - 1 * DAY
    for sender, when in (("old-one", old), ("new-one", new)):
        tracker = DialogueStateTracker(sender, store.domain.slots)
        tracker.update(UserUttered("my iban is BE71 0961 2345 6769 and a@peeters.be", timestamp=when))
        tracker.update(SlotSet("iban", "BE71096123456769", timestamp=when))
        tracker.update(SlotSet("legal_name", "Peeters Laadpunten BV", timestamp=when))
        tracker.update(SlotSet("services", ["cpo"], timestamp=when))
        tracker.update(BotUttered("BE0123456749 is a valid VAT number.", timestamp=when))
        await store.save(tracker)

    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    assert mask_old_conversations(url, days=30, now=now) == 5
    assert mask_old_conversations(url, days=30, now=now) == 0  # already masked: skipped

    engine = sa.create_engine(url)
    with engine.connect() as db:
        rows = db.execute(sa.text("SELECT sender_id, data FROM events ORDER BY id")).all()
    stored = {sender: [json.loads(d) for s, d in rows if s == sender] for sender, _ in rows}
    old_events, new_events = stored["old-one"], stored["new-one"]
    texts = json.dumps(old_events)
    assert "0961 2345" not in texts and "a@peeters.be" not in texts and "BE0123456749" not in texts
    assert "Peeters Laadpunten" not in texts
    assert [e["event"] for e in old_events] == [e["event"] for e in new_events]  # the conversation's shape stays
    assert next(e for e in old_events if e.get("name") == "services")["value"] == ["cpo"]
    assert "BE71 0961 2345 6769" in json.dumps(new_events)  # not old enough yet
