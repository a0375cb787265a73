"""The `mapper` command: a thin layer over the Python API, no logic of its own."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from mapper.display import safe_display
from mapper.gazetteer import GazetteerError

# Paths are quoted whole up to Linux's PATH_MAX: their end names the file, and no longer
# path can name one.
_PATH_LIMIT = 4096


def _warn(message: str) -> None:
    """One line on stderr; any control character that reached `message` is escaped."""
    click.echo(safe_display(message, limit=None), err=True)


def _fail(message: str) -> None:
    _warn(f"Error: {message}")
    sys.exit(1)


def _path(path: Path | str) -> str:
    return safe_display(path, limit=_PATH_LIMIT)


def _print_json(obj) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False))


@click.group()
@click.version_option(package_name="mapper")
def main() -> None:
    """Map the events that news articles report: where, when, and from which source."""


@main.command()
@click.option(
    "--articles",
    "articles_dir",
    type=click.Path(file_okay=False),  # (as typed: a URL keeps its "//")
    metavar="DIR|URL",
    default="data/articles",
    show_default=True,
    help="Folder of articles (.md, .txt, .html, .json, .jsonl, .rss, .atom, .xml), or a "
    "folder's URL read through fsspec (s3://bucket/articles, file:///srv/articles; pip install "
    "'mapper[dask]', and s3fs for s3://); with --dask, a folder every worker sees at the same "
    "absolute path, or a URL every worker can read.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("outputs"),
    show_default=True,
    help="Where map.html, events.csv, events.geojson, articles.csv and report.json go.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes that read and extract articles at once.",
)
@click.option(
    "--dask",
    "dask_address",
    metavar="local|tcp://HOST:PORT",
    help="Run reading and extraction on Dask: a cluster of this machine's processes "
    "(--workers of them, one per core by default), or a running scheduler whose workers read "
    "the articles at the same path (pip install 'mapper[dask]').",
)
@click.option(
    "--watch",
    is_flag=True,
    help="Stay running: build again, incrementally, whenever a file of the articles folder is "
    "added, changed or removed (one line per rebuild); stop with Ctrl-C.",
)
@click.option("--cdn", is_flag=True, help="Link Leaflet from a CDN instead of inlining it.")
@click.option("--json", "as_json", is_flag=True, help="Print the build report as JSON.")
def build(
    articles_dir: str,
    out_dir: Path,
    workers: int,
    dask_address: str | None,
    watch: bool,
    cdn: bool,
    as_json: bool,
):
    """Regenerate the map and the events tables from a folder of articles.

    Every article file of the folder and its subfolders is read (hidden files and READMEs
    left out). A .md/.txt article may open with YAML front matter:

    \b
        ---
        title: Ukrainian troops cross into the Kursk region
        date: 2024-08-07
        url: https://example.org/kursk-incursion
        source: Example Wire
        ---

    An article is dated by its front matter's `date` (or `published`), else by a
    YYYY-MM-DD- prefix of its file name (2024-08-07-kursk.md), else by a date near the top of
    its text; with none, its events go on the map's "Undated" layer. A Telegram Desktop export
    (result.json) makes an article of each post; an RSS or Atom feed (.rss, .atom, .xml), one
    of each item.

    The folder may be named by a URL that fsspec reads (s3://bucket/articles, with s3fs
    installed): it is listed here, and each file read at its URL where the work runs.

    The five outputs change together: a failed or killed build leaves the previous ones whole.
    """
    from mapper.articles import ArticleError
    from mapper.build import articles_folder
    from mapper.build import build as run
    from mapper.build import watch as keep_building

    articles_dir = articles_folder(articles_dir)
    if isinstance(articles_dir, Path) and not articles_dir.is_dir():
        _fail(f"no such folder: {_path(articles_dir)}. Put articles there or pass --articles DIR.")
    if watch:
        first = []

        def show(report) -> None:
            if as_json:
                _print_json(report.to_dict())
            else:
                click.echo(report.summary() if first else report.format())
            first.append(report)

        try:
            keep_building(
                articles_dir,
                out_dir,
                on_build=show,
                on_error=lambda exc: _warn(f"Error: {exc}"),
                workers=workers,
                dask=dask_address,
                cdn=cdn,
            )
        except KeyboardInterrupt:
            pass
        except (GazetteerError, ArticleError, OSError) as exc:
            _fail(str(exc))
        click.echo("Stopped watching.", err=True)
        return
    try:
        report = run(articles_dir, out_dir, workers=workers, dask=dask_address, cdn=cdn)
    except ArticleError as exc:  # (the articles' folder or URL cannot be listed)
        _fail(f"--articles {_path(exc.path)} {exc.reason}.")
    except (GazetteerError, OSError) as exc:
        _fail(str(exc))
    if as_json:
        _print_json(report.to_dict())
    else:
        click.echo(report.format())


@main.command()
@click.argument("urls", nargs=-1, required=True)
@click.option(
    "--articles",
    "articles_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("data/articles"),
    show_default=True,
    help="Folder to save the articles in.",
)
def add(urls: tuple[str, ...], articles_dir: Path):
    """Save the web articles at URLS into the articles folder, each as a dated .md file with
    front matter (title, date, url, source), its text extracted from the page. The only
    command that uses the network. A page that cannot be fetched or holds no article is
    named, the others are still saved, and the exit status is 1 at the end."""
    from mapper.articles import fetch_article

    failed = 0
    for url in urls:
        try:
            path = fetch_article(url, articles_dir)
        except (ValueError, OSError) as exc:
            failed += 1
            _warn(f"{safe_display(url)}: {exc}")
        else:
            click.echo(f"Saved {_path(path)}")
    if failed:
        what = "page was" if failed == 1 else "pages were"
        _fail(f"{failed} {what} not saved (named above).")


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
    from mapper.geocoder import OnlineGeocoderError, default_geocoder, location_record

    shown = safe_display(query)
    try:
        coder = default_geocoder(online=online)
        found = coder.geocode(
            query, exactly_one=False, limit=limit, country_codes=list(country_codes) or None
        )
    except OnlineGeocoderError as exc:
        advice = "Check the network" if exc.unreachable else "Try again later"
        _warn(f"mapper: {exc}. {advice}, or run without --online.")
        _fail(f"no place in the gazetteer matches '{shown}'.")
    except (GazetteerError, ValueError) as exc:
        _fail(str(exc))
    if not found:
        where = "" if online else ", or try --online"
        _fail(f"no place matches '{shown}'. Check the spelling{where}.")
    for location in found:
        if as_json:
            _print_json(location_record(location))
        else:
            source = location_record(location)["source"]
            click.echo(
                f"{location.address}\t{location.latitude:.5f}\t{location.longitude:.5f}\t{source}"
            )


@main.group()
def places() -> None:
    """Your own places, loaded over the bundled gazetteer and winning over it.

    They live in data/places.csv (or the file $MAPPER_PLACES names), one place a line:

    \b
        name,lat,lon,admin1,country,alternates
        Oktyabrskoye,51.577,34.802,Kursk Oblast,RU,Oktyabrskoe|Октябрьское

    Only name, lat and lon are needed; the rest come from the nearest bundled place. Edit the
    file by hand or with `mapper places add`; a row that cannot be read is reported with its
    line number and left out.
    """


@places.command("add", context_settings={"ignore_unknown_options": True})
@click.argument("name")
@click.argument("lat", type=float)
@click.argument("lon", type=float)
@click.option("--admin1", default="", help='Its first-order division, e.g. "Kursk Oblast".')
@click.option("--country", default="", help='Its country: an ISO code ("RU") or a name.')
@click.option("--alternate", "alternates", multiple=True, help="Another name of it (repeatable).")
def places_add(
    name: str, lat: float, lon: float, admin1: str, country: str, alternates: tuple[str, ...]
):
    """Add a place NAME at LAT LON to your places file (made if missing).

    \b
        mapper places add "Oktyabrskoye" 51.577 34.802 --admin1 "Kursk Oblast"
    """
    from mapper.gazetteer import default_path
    from mapper.places import PlacesFileError, add_place, places_path

    path = places_path(default_path())
    try:
        line = add_place(
            path, name, lat, lon, admin1=admin1, country=country, alternates=alternates
        )
    except (PlacesFileError, OSError) as exc:
        _fail(str(exc))
    click.echo(
        f"Added {safe_display(name)} ({lat:g}, {lon:g}) to {_path(path)}, line {line}. "
        f"Check it with: mapper geocode {json.dumps(name, ensure_ascii=False)}"
    )


@main.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--jsonl",
    "corpus",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A JSON-lines corpus: records with `text` and optional `doc_id`.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document.")
def geoparse(files: tuple[Path, ...], corpus: Path | None, as_json: bool):
    """Find and resolve the place names of FILES (plain text) or of a --jsonl corpus.

    A file or record that cannot be read is named on stderr and skipped; the others are still
    parsed, and the exit status is 1 at the end.
    """
    from mapper.articles import Problem, plain_documents
    from mapper.geoparse import geoparse as parse
    from mapper.geoparse import toponym_record

    if not files and corpus is None:
        _fail("give one or more text files, or --jsonl CORPUS.jsonl")
    skipped = 0
    try:
        for item in plain_documents(files, corpus):
            if isinstance(item, Problem):
                skipped += 1
                _warn(f"{_path(item.path)}: {item.reason}; skipped")
                continue
            doc_id, text = item
            toponyms = parse(text)
            if as_json:
                _print_json({"doc_id": doc_id, "toponyms": [toponym_record(t) for t in toponyms]})
            else:
                for t in toponyms:
                    where = t.place.label() if t.place else "?"
                    click.echo(f"{doc_id}\t{t.start}-{t.end}\t{t.text}\t{where}")
    except (GazetteerError, ValueError, OSError) as exc:
        _fail(str(exc))
    if skipped:
        what = "document was" if skipped == 1 else "documents were"
        _fail(f"{skipped} {what} skipped (named above); fix or remove them and run again.")


@main.command()
@click.argument("corpus", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as one JSON object.")
def evaluate(corpus: Path, as_json: bool):
    """Score the geoparser on an annotated CORPUS.jsonl (recognition and resolution)."""
    from mapper.evaluate import evaluate as score
    from mapper.evaluate import format_by_type, format_table, load_corpus, predict
    from mapper.geoparse import geoparse as parse

    try:
        documents = load_corpus(corpus)
        metrics = score(documents, predict(documents, parse))
    except (GazetteerError, ValueError, KeyError) as exc:
        _fail(f"{_path(corpus)}: {exc}")
    if as_json:
        _print_json(metrics.to_dict())
    else:
        click.echo(format_table({"mapper": metrics}))
        by_type = format_by_type(metrics)
        if by_type:
            click.echo("\n" + by_type)


@main.command("evaluate-events")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as one JSON object.")
@click.option(
    "--failures",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write every missed, spurious and wrongly filled event to this CSV.",
)
def evaluate_events(gold: Path, as_json: bool, failures: Path | None):
    """Score event extraction on hand-coded GOLD.jsonl articles, overall and per topic."""
    from mapper.evaluate_events import (
        evaluate_events as score,
    )
    from mapper.evaluate_events import (
        format_event_metrics,
        load_gold,
        predict_events,
        write_failures,
    )
    from mapper.geoparse import Geoparser

    try:
        articles = load_gold(gold)
        metrics, missed = score(articles, predict_events(articles, Geoparser()))
    except (GazetteerError, ValueError) as exc:
        _fail(str(exc))
    if failures is not None:
        write_failures(missed, failures)
    if as_json:
        _print_json({topic: m.to_dict() for topic, m in metrics.items()})
    else:
        click.echo(format_event_metrics(metrics))


if __name__ == "__main__":  # pragma: no cover
    main()
