"""A small events table and articles table for the map tests, made here (no fixture files)."""

from __future__ import annotations

import pandas as pd

from mapper.events_schema import ARTICLE_COLUMNS, EVENT_COLUMNS

SCRIPT = "<script>alert(1)</script>"
DATES = ("2024-08-06", "2024-08-07", "2024-08-08")


def _event(base: dict | None = None, **values: object) -> dict:
    row: dict[str, object] = {c: "" for c in EVENT_COLUMNS}
    row.update(base or {})
    row.update(values)
    return row


def sample_events() -> pd.DataFrame:
    """Six events: 3 dates (two on the first), an undated one, an ADM1 area, a claim."""
    common = {"country_code": "RU", "admin1": "Kursk Oblast", "num_articles": 1}
    rows = [
        _event(
            common,
            event_id="ev-sudzha",
            event_date=DATES[0],
            time_precision=1,
            event_type="Battles",
            sub_event_type="Armed clash",
            actor1="Military Forces of Ukraine",
            actor2="Military Forces of Russia",
            location="Sudzha",
            admin2="Sudzhansky District",
            latitude=51.19,
            longitude=35.27,
            geo_precision=1,
            feature_code="PPL",
            article_ids="art-1|art-2",
            source_urls="https://news.example/1|https://news.example/2",
            num_articles=2,
            notes="Ukrainian troops crossed the border near Sudzha.",
        ),
        _event(
            common,
            event_id="ev-lgov",
            event_date=DATES[0],
            time_precision=1,
            event_type="Battles",
            sub_event_type="Armed clash",
            location="Lgov",
            latitude=51.69,
            longitude=35.27,
            geo_precision=2,
            feature_code="PPL",
            article_ids="art-1",
            source_urls="https://news.example/1",
            notes="Fighting was reported near Lgov.",
        ),
        _event(
            common,
            event_id="ev-kursk-drones",
            event_date=DATES[1],
            time_precision=1,
            event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike",
            quantity=30,
            quantity_unit="drones",
            fatalities=2,
            location="Kursk",
            latitude=51.73,
            longitude=36.19,
            geo_precision=1,
            feature_code="PPLA",
            attribution="Russian Ministry of Defence",
            actor2="Military Forces of Ukraine",  # (actor1 not named)
            article_ids="art-1",
            source_urls="https://news.example/1",
            notes=f"The ministry said it downed 30 drones {SCRIPT} over Kursk.",
        ),
        _event(
            common,
            event_id="ev-oblast",
            event_date=DATES[2],
            time_precision=2,
            event_type="Strategic developments",
            sub_event_type="Other",
            location="Kursk Oblast",
            latitude=51.5,
            longitude=36.5,
            geo_precision=3,
            feature_code="ADM1",
            article_ids="art-2",
            source_urls="https://news.example/2",
            notes="A state of emergency was declared across Kursk Oblast.",
        ),
        _event(
            event_id="ev-undated",
            event_date="",
            time_precision=3,
            event_type="Violence against civilians",
            sub_event_type="Attack",
            location="Sumy",
            admin1="Sumy Oblast",
            country_code="UA",
            latitude=50.91,
            longitude=34.80,
            geo_precision=1,
            feature_code="PPLA",
            num_articles=1,
            article_ids="art-3",
            source_urls="https://news.example/3",
            notes="Shelling hit Sumy, the undated article says.",
        ),
        _event(
            event_id="ev-nowhere",
            event_date=DATES[1],
            event_type="Battles",
            location="Somewhere",
            latitude=float("nan"),
            longitude=float("nan"),
            notes="No coordinates.",
        ),
    ]
    return pd.DataFrame(rows, columns=list(EVENT_COLUMNS))


def sample_articles() -> pd.DataFrame:
    rows = [
        (
            "art-1",
            "Troops cross into <Kursk>",
            "Example News",
            "2024-08-07",
            "https://news.example/1",
        ),
        ("art-2", "Emergency declared", "Wire & Co", "2024-08-08", "https://news.example/2"),
        ("art-3", "Sumy shelled", "Local Paper", "", "javascript:alert(2)"),
    ]
    return pd.DataFrame(
        [(*r, f"data/articles/{r[0]}.md") for r in rows], columns=list(ARTICLE_COLUMNS)
    )


def stacked_events() -> pd.DataFrame:
    """The sample and six more events at Sudzha: seven at one place, on four dates."""
    events = sample_events()
    sudzha = events[events["event_id"] == "ev-sudzha"].iloc[0]
    extra = []
    for k, (date, event_type) in enumerate(
        [
            (DATES[0], "Battles"),
            (DATES[1], "Explosions/Remote violence"),
            (DATES[1], "Battles"),
            (DATES[2], "Strategic developments"),
            (DATES[2], "Battles"),
            ("2024-08-20", "Battles"),
        ]
    ):
        extra.append(
            sudzha.to_dict()
            | {
                "event_id": f"ev-sudzha-{k}",
                "event_date": date,
                "event_type": event_type,
                "notes": f"Sudzha report number {k}.",
            }
        )
    return pd.concat([events, pd.DataFrame(extra)], ignore_index=True)


def as_built(events: pd.DataFrame) -> pd.DataFrame:
    """The table as a build hands it to the map under pandas 3: text columns of the string
    dtype and quantity and fatalities as Int64 (events.merge_events), missing values pd.NA."""
    events = events.copy()
    for column in ("quantity", "fatalities"):
        events[column] = pd.to_numeric(events[column]).astype("Int64")
    for column in EVENT_COLUMNS:
        if events[column].dtype == object:
            events[column] = events[column].astype("string").replace("", pd.NA)
    return events
