"""What an event is (`Event`), and the version of the extraction rules."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

# The version of the extraction rules: a change here invalidates every cached article.
EVENTS_VERSION = "172"


def unidentified(actor: str) -> bool:
    """Whether `actor` is a name ACLED gives an actor it cannot name ("Unidentified Armed Group
    (Mali)", "Unidentified Clan Militia (Somalia)"): a report that names it outweighs it."""
    return actor.startswith("Unidentified ")


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened at one place, as one article's sentence tells it."""

    article_id: str
    event_date: datetime.date | None  # None: undated
    time_precision: int  # ACLED 1-3
    event_type: str  # ACLED event type
    sub_event_type: str
    actor1: str
    actor2: str
    quantity: int | None
    quantity_unit: str
    place_id: str
    location: str
    latitude: float
    longitude: float
    admin1: str
    admin2: str
    country_code: str
    feature_code: str
    geo_precision: int  # ACLED 1-3
    attribution: str  # "" for a plain report
    sentence: str
    sentence_start: int  # offset of the sentence in the article's cleaned text
    fatalities: int | None = None  # the dead the sentence tells of a violent event
