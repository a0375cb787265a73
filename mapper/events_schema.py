"""The columns of the events table: the contract between events, render and other tools.

Kept in its own module, left of every stage that reads or writes the table, so that
`mapper.events` (which fills it) and `render.py` (which draws it) agree on one list.
"""

# Columns of outputs/events.csv, in order. DESIGN.md fixes the first 21; the rest are ours.
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "event_date",  # ISO date "YYYY-MM-DD", or "" when undated
    "time_precision",  # ACLED: 1 day, 2 week/days around, 3 month or vaguer
    "event_type",  # ACLED event type, e.g. "Battles"
    "sub_event_type",  # ACLED sub-event type, e.g. "Armed clash"
    "actor1",
    "actor2",
    "quantity",  # number or empty
    "quantity_unit",  # "drones", "missiles", "trucks", "prisoners", "people evacuated", "km"
    "location",  # place name as the gazetteer spells it
    "place_id",
    "latitude",
    "longitude",
    "admin1",
    "country_code",
    "geo_precision",  # ACLED: 1 town/village, 2 near a town or a district, 3 region/sea/area
    "attribution",  # who says so, "" for a plain report
    "num_articles",
    "article_ids",  # "|"-joined
    "source_urls",  # "|"-joined, same order as article_ids
    "notes",  # the sentence the event came from
    # ours
    "admin2",
    "feature_code",  # GeoNames feature code of the place (PPL, ADM1, ADM2, SEA, ...)
    "fatalities",  # the dead the sentence tells of a violent event (ACLED's), or empty
)

# Columns of the articles table that accompanies the events (outputs/articles.csv).
ARTICLE_COLUMNS: tuple[str, ...] = (
    "article_id",
    "title",
    "source",  # outlet
    "published",  # ISO date or ""
    "url",
    "path",
)

LIST_SEPARATOR = "|"
