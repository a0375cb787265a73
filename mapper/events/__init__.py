"""Events: what happened, where and when, extracted sentence by sentence from an article.

`extract_events(article, geoparser)` is pure: the same article gives the same events, so the
build caches them by the article's content hash. `merge_events(events, articles)` joins the
same event told twice (same place, same type, dates within a day) into one row of the events
table (`mapper.events_schema.EVENT_COLUMNS`).

A sentence gives events when it holds a trigger (`resources/events/en/triggers.yaml`: ACLED's
event types, our words). Violence, interceptions and emergencies are read only in an article
about armed conflict, one with a word of war or a military actor in it (`conflict_context`):
ACLED codes political violence, and a crime story or an accident is none; protests and riots
are read in any article. Each trigger takes the toponym attached to it: after a locative
preposition, the most specific, nearest the trigger; places where someone spoke ("officials
in Moscow", "Kyiv would open") are not event places. A list of places ("26 in the Belgorod
region, seven in Kursk ...") gives one event per place, each with its own count.

>>> from mapper.geoparse import Geoparser                                     # doctest: +SKIP
>>> [e.location for e in extract_events(article, Geoparser())]               # doctest: +SKIP
['Oktyabrskoye', 'Belgorod Oblast', ...]
"""

from __future__ import annotations

from mapper.events.extract import extract_events
from mapper.events.merge import event_id, merge_events
from mapper.events.model import EVENTS_VERSION, Event
from mapper.events.vocabulary import (
    LANGUAGE,
    Vocabulary,
    load_vocabulary,
    parse_number,
    vocabulary_data,
    vocabulary_files,
)
from mapper.text import split_sentences

__all__ = [
    "EVENTS_VERSION",
    "Event",
    "LANGUAGE",
    "Vocabulary",
    "event_id",
    "extract_events",
    "load_vocabulary",
    "merge_events",
    "parse_number",
    "split_sentences",
    "vocabulary_data",
    "vocabulary_files",
]
