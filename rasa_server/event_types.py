"""Rasa finds an event's class by its name (``Event.resolve_by_type``) by
walking every subclass of ``Event`` for each event it reads: a tracker loaded
from the store or sent back by the action server is hundreds of events, and
the walk was about 6% of the Rasa server's time under load. The same lookup,
with the names remembered (looked up again when a name is new).
"""

from __future__ import annotations

from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

_classes: dict[str, type[Event]] = {}
_rasas_own = Event.resolve_by_type


def _remember() -> None:
    for cls in all_subclasses(Event):
        _classes.setdefault(cls.type_name, cls)  # the first of a name wins, as in Rasa's walk


def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    if type_name not in _classes:
        _remember()
    if type_name in _classes:
        return _classes[type_name]
    return _rasas_own(type_name, default)  # None for the old "topic", the default, or Rasa's error


def install() -> None:
    Event.resolve_by_type = staticmethod(resolve_by_type)
