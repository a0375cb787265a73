"""The `mapper` command: a thin layer over the Python API, no logic of its own."""

from __future__ import annotations

import json
import sys

import click

from mapper.gazetteer import GazetteerError
from mapper.geocoder import default_geocoder


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def _print_json(obj) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False))


@click.group()
@click.version_option(package_name="mapper")
def main() -> None:
    """Map the events that news articles report: where, when, and from which source."""


@main.command()
@click.argument("query")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per result.")
@click.option("--limit", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--country", "country_codes", multiple=True, help="Only this ISO country code.")
@click.option(
    "--online",
    is_flag=True,
    help="Ask OpenStreetMap Nominatim for names the gazetteer lacks (needs a network; "
    "answers are kept in ~/.cache/mapper/online-geocodes.json for offline reuse).",
)
def geocode(query: str, as_json: bool, limit: int, country_codes: tuple[str, ...], online: bool):
    """Find QUERY in the gazetteer ("Sudzha", "Oktyabrskoye, Rylsky District")."""
    try:
        coder = default_geocoder(online=online)
        found = coder.geocode(
            query, exactly_one=False, limit=limit, country_codes=list(country_codes) or None
        )
    except (GazetteerError, ValueError) as exc:
        _fail(str(exc))
    if not found:
        _fail(f"no place matches {query!r}. Check the spelling, or try --online.")
    for location in found:
        if as_json:
            raw = location.raw
            _print_json(
                {
                    "name": raw.get("name", location.address),
                    "id": raw.get("id"),
                    "lat": location.latitude,
                    "lon": location.longitude,
                    "feature_code": raw.get("feature_code"),
                    "country_code": raw.get("country_code"),
                    "admin1": raw.get("admin1_name"),
                    "admin2": raw.get("admin2_name"),
                    "population": raw.get("population"),
                }
            )
        else:
            click.echo(f"{location.address}\t{location.latitude:.5f}\t{location.longitude:.5f}")


if __name__ == "__main__":  # pragma: no cover
    main()
