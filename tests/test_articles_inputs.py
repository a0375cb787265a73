"""Inputs people have: Telegram Desktop exports, RSS and Atom feeds, web pages saved by
`mapper add` (from a real HTTP server on 127.0.0.1). A malformed export or feed is reported
with its reason, and the rest of the corpus builds."""

from __future__ import annotations

import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from mapper.articles import Article, Problem, fetch_article, read_file
from mapper.build import build
from mapper.cli import main
from mapper.geoparse import Geoparser

EXPORT = {
    "name": "Kursk Governor",
    "type": "public_channel",
    "id": 1234567890,
    "username": "kursk_gov",
    "messages": [
        {"id": 1, "type": "service", "date": "2024-08-06T09:00:00", "action": "create_channel",
         "text": ""},
        {"id": 2, "type": "message", "date": "2024-08-07T10:05:12",
         "text": "Ukrainian drones struck an oil depot in Sudzha overnight."},
        {"id": 3, "type": "message", "date": "2024-08-08T21:40:00",
         "text": ["Russian forces shelled ", {"type": "bold", "text": "Korenevo"},
                  " on Thursday, killing two civilians. ",
                  {"type": "text_link", "text": "Details", "href": "https://example.org"}]},
        {"id": 4, "type": "message", "date": "2024-08-09T08:00:00", "text": "",
         "photo": "photos/photo_1.jpg"},
        {"id": 5, "type": "message", "date": "2024-08-09T09:00:00", "text": {"bad": 1}},
    ],
}  # fmt: skip

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example Wire</title><link>https://example.org</link>
<item><title>Drones over Lgov</title><link>https://example.org/lgov</link>
<pubDate>Tue, 06 Aug 2024 22:10:00 +0300</pubDate>
<description>&lt;p&gt;Ukrainian drones struck an airfield near &lt;b&gt;Lgov&lt;/b&gt;.&lt;/p&gt;
</description>
</item>
<item><title>Shelling in Glushkovo</title><link>https://example.org/glushkovo</link>
<pubDate>Wed, 07 Aug 2024 08:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>Russian forces shelled Glushkovo on Wednesday.</p>
<script>alert(1)</script><p>Two houses burned.</p>]]></content:encoded>
<description>Short teaser only.</description></item>
<item><title>No date here</title><link>https://example.org/x</link>
<pubDate>the day after tomorrow</pubDate><description>Drones struck Kursk.</description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><title type="html">Strike on &lt;i&gt;Rylsk&lt;/i&gt;</title>
<link rel="self" href="https://atom.example/self/1"/>
<link rel="alternate" href="https://atom.example/rylsk"/>
<published>2024-08-10T06:00:00Z</published><updated>2024-08-11T06:00:00Z</updated>
<content type="html">&lt;p&gt;Ukrainian drones struck a depot in Rylsk.&lt;/p&gt;</content></entry>
<entry><title>Summary only</title><link href="https://atom.example/kursk"/>
<updated>2024-08-12T06:00:00+03:00</updated>
<summary>Drones were downed over Kursk.</summary></entry>
</feed>
"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<rss><channel><title>&lol9;</title><item><title>x</title><description>&lol9;</description>
</item></channel></rss>
"""


def articles_and_problems(path: Path) -> tuple[list[Article], list[Problem]]:
    items = read_file(path)
    return [i for i in items if isinstance(i, Article)], [
        i for i in items if isinstance(i, Problem)
    ]


def test_a_telegram_export_makes_an_article_of_each_post(tmp_path):
    path = tmp_path / "result.json"
    path.write_text(json.dumps(EXPORT), "utf-8")
    articles, problems = articles_and_problems(path)
    assert [a.url for a in articles] == ["https://t.me/kursk_gov/2", "https://t.me/kursk_gov/3"]
    assert [a.published for a in articles] == [datetime.date(2024, 8, 7), datetime.date(2024, 8, 8)]
    assert {a.source for a in articles} == {"Kursk Governor"}
    assert articles[1].text == (
        "Russian forces shelled Korenevo on Thursday, killing two civilians. Details"
    )
    assert articles[0].title.startswith("Kursk Governor #2: Ukrainian drones struck")
    assert [a.path for a in articles] == [f"{path}#2", f"{path}#3"]
    assert [p.reason for p in problems] == [
        "message 5: 'text' is neither a string nor a list of text entities; skipped"
    ]
    private = dict(EXPORT, username=None)
    path.write_text(json.dumps(private), "utf-8")
    assert articles_and_problems(path)[0][0].url == "https://t.me/c/1234567890/2"


def test_a_malformed_telegram_export_is_reported_with_its_reason(tmp_path):
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"name": "X", "messages": {"id": 1}}), "utf-8")
    assert [p.reason for p in read_file(path)] == [
        "a Telegram export's 'messages' must be a list of messages"
    ]
    path.write_text(json.dumps({"name": "X", "messages": [{"id": 1, "type": "service"}]}))
    assert [p.reason for p in read_file(path)] == ["the Telegram export holds no message with text"]


def test_rss_and_atom_items_are_articles_with_link_date_title_and_plain_text(tmp_path):
    (tmp_path / "wire.rss").write_text(RSS, "utf-8")
    articles, problems = articles_and_problems(tmp_path / "wire.rss")
    assert [(a.title, a.url, a.published, a.source) for a in articles] == [
        ("Drones over Lgov", "https://example.org/lgov", datetime.date(2024, 8, 6), "Example Wire"),
        ("Shelling in Glushkovo", "https://example.org/glushkovo", datetime.date(2024, 8, 7),
         "Example Wire"),
    ]  # fmt: skip
    assert articles[0].text == "Ukrainian drones struck an airfield near Lgov."
    assert (
        articles[1].text == "Russian forces shelled Glushkovo on Wednesday.\n\nTwo houses burned."
    )
    assert [p.reason for p in problems] == [
        "item 3: date 'the day after tomorrow' is not a date; write it as YYYY-MM-DD"
    ]
    (tmp_path / "atom.xml").write_text(ATOM, "utf-8")
    articles, problems = articles_and_problems(tmp_path / "atom.xml")
    assert problems == []
    assert [(a.title, a.url, a.published, a.source) for a in articles] == [
        ("Strike on Rylsk", "https://atom.example/rylsk", datetime.date(2024, 8, 10), "Atom Wire"),
        ("Summary only", "https://atom.example/kursk", datetime.date(2024, 8, 12), "Atom Wire"),
    ]
    assert articles[0].text == "Ukrainian drones struck a depot in Rylsk."


def test_a_billion_laughs_feed_is_reported_not_expanded(tmp_path):
    path = tmp_path / "bomb.rss"
    path.write_text(BILLION_LAUGHS, "utf-8")
    [problem] = read_file(path)
    assert problem.path == str(path)
    assert "declares XML entities" in problem.reason and "never expands" in problem.reason


def test_malformed_feeds_are_reported_and_the_rest_of_the_corpus_builds(tmp_path):
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "wire.rss").write_text(RSS, "utf-8")
    (arts / "result.json").write_text(json.dumps(EXPORT), "utf-8")
    (arts / "broken.rss").write_text("<rss><channel><item>", "utf-8")
    (arts / "bomb.xml").write_text(BILLION_LAUGHS, "utf-8")
    (arts / "sitemap.xml").write_text("<urlset><url/></urlset>", "utf-8")
    report = build(arts, tmp_path / "out", geoparser=Geoparser(), progress=False)
    reasons = {Path(p.path).name: p.reason for p in report.problems}
    assert reasons["broken.rss"].startswith("not well-formed XML (no element found, line 1")
    assert "declares XML entities" in reasons["bomb.xml"]
    assert reasons["sitemap.xml"] == (
        "not an RSS or Atom feed (its root element is <urlset>, not <rss> or <feed>)"
    )
    assert report.articles_read == 4 and report.events >= 3
    csv = (tmp_path / "out" / "events.csv").read_text("utf-8")
    assert "https://t.me/kursk_gov/3" in csv and "https://example.org/glushkovo" in csv


PAGE = """<!DOCTYPE html><html><head><title>Drones strike Lgov | Example News</title>
<meta property="og:title" content="Drones strike Lgov">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-08-06T22:10:00+03:00">
</head><body><nav>Home | World | Sport</nav><article><h1>Drones strike Lgov</h1>
<p>Ukrainian drones struck an airfield near Lgov in the Kursk region overnight, the regional
governor said on Wednesday, adding that two hangars had caught fire.</p>
<p>Air defences shot down several more drones over the region, according to officials who
asked not to be named because they were not allowed to speak to the press.</p>
</article><footer>Subscribe to our newsletter</footer></body></html>"""


@pytest.fixture
def web():
    """A real HTTP server on 127.0.0.1: /lgov is an article page, /empty a page with none."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            pages = {"/lgov": PAGE, "/empty": "<html><body></body></html>"}
            if self.path not in pages:
                self.send_error(404, "Not Found")
                return
            body = pages[self.path].encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_mapper_add_saves_a_dated_article_that_builds(web, tmp_path, monkeypatch):
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    arts = tmp_path / "articles"
    result = CliRunner().invoke(
        main, ["add", f"{web}/lgov", f"{web}/empty", f"{web}/gone", "--articles", str(arts)]
    )
    assert result.exit_code == 1
    saved = arts / "2024-08-06-drones-strike-lgov.md"
    assert f"Saved {saved}" in result.output
    assert f"{web}/empty: no article text found in the page" in result.output
    assert f"{web}/gone: the server answered 404 Not Found" in result.output
    assert "2 pages were not saved" in result.output
    text = saved.read_text("utf-8")
    assert text.startswith("---\ntitle: Drones strike Lgov\ndate: 2024-08-06\n")
    assert f"url: {web}/lgov\nsource: Example News\n---\n" in text
    assert "Subscribe" not in text and "Home | World" not in text
    [article] = [i for i in read_file(saved) if isinstance(i, Article)]
    assert (article.published, article.date_source) == (datetime.date(2024, 8, 6), "metadata")
    assert article.text.startswith("Ukrainian drones struck an airfield near Lgov")
    again = fetch_article(f"{web}/lgov", arts)  # the same page again: the same file
    assert again == saved and len(list(arts.iterdir())) == 1


def test_mapper_add_refuses_what_is_no_web_address(tmp_path, monkeypatch):
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    with pytest.raises(ValueError, match="not an http"):
        fetch_article("file:///etc/passwd", tmp_path)
    with pytest.raises(OSError, match="cannot be fetched"):
        fetch_article("http://127.0.0.1:9/refused", tmp_path, timeout=5)
    assert not list(tmp_path.iterdir())
