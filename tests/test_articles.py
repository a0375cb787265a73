"""Tests of mapper.articles: every format, every date source, every kind of bad input, cleaning."""

import datetime
import hashlib
import json
import pickle
import re
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mapper import articles
from mapper.articles import (
    Article,
    ArticleError,
    Problem,
    clean_text,
    date_from_text,
    load_articles,
    load_boilerplate,
    read_article,
    read_file,
    read_file_articles,
)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "articles"
SHARED = ROOT.parent / "shared" / "articles"
shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared/articles is absent")

BODY = (
    "Ukrainian forces crossed into the Kursk region on Tuesday and fought near Sudzha, "
    "officials in Moscow said.\n\n"
    "The regional governor declared a state of emergency and ordered evacuations from "
    "border villages."
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- dates


def test_front_matter_gives_title_date_url_source(tmp_path):
    path = write(
        tmp_path / "note.md",
        "---\ntitle: Fighting near Sudzha\ndate: 2024-08-08\nurl: https://www.reuters.com/\n"
        f"source: Reuters\n---\n{BODY}\n",
    )
    article = read_article(path)
    assert article.title == "Fighting near Sudzha"
    assert article.published == datetime.date(2024, 8, 8)
    assert (article.time_precision, article.date_source) == (1, "metadata")
    assert article.url == "https://www.reuters.com/"
    assert article.source == "Reuters"
    assert article.text == BODY
    assert article.path == str(path)


@pytest.mark.parametrize(
    "value",
    ["2024-08-08", "'2024-08-08'", "2024-08-08 10:30:00", "'2024-08-08T10:30:00+03:00'",
     "August 8, 2024", "8 August 2024"],
)  # fmt: skip
def test_front_matter_date_forms(tmp_path, value):
    path = write(tmp_path / "2024-01-01-a.md", f"---\ndate: {value}\n---\n{BODY}\n")
    article = read_article(path)
    assert article.published == datetime.date(2024, 8, 8)  # metadata beats the file name
    assert article.date_source == "metadata"


@pytest.mark.parametrize(
    "front",
    ["title: Fighting near Sudzha\ndate: 2024-08-08\nurl: https://www.reuters.com/a?b=1&c=2\n",
     "source:   Ukraine's army (ZSU)\nkey_2: x-y, z/w %1 +2 a:b\n",
     "title: x\ntitle: y\n", ""],
)  # fmt: skip
def test_plain_front_matter_is_read_as_yaml_reads_it(front):
    assert articles._plain_front_matter(front) == (yaml.safe_load(front) or {})


@pytest.mark.parametrize(
    "front",
    ["title: yes\n", "On: x\n", "title: null\n", "date: 2024-02-30\n", "title: 'quoted'\n",
     "title: a: b\n", "title: a #comment\n", "title: a \n", "title:\n", "date: 2024-8-8\n",
     "title: Курск\n", "title: x\n  more\n", "# comment\ntitle: x\n", "n: 1e3\n"],
)  # fmt: skip
def test_other_front_matter_is_left_to_yaml(front):
    assert articles._plain_front_matter(front) is None


def test_front_matter_with_the_pure_python_yaml_loader(tmp_path, monkeypatch):
    front = "---\ntitle: 'Fighting: Sudzha'\ndate: 2024-08-08 10:30:00\n---\n"
    path = write(tmp_path / "a.md", front + BODY)
    with_c_loader = read_article(path)
    monkeypatch.setattr(articles, "YAML_LOADER", yaml.SafeLoader)
    assert read_article(path) == with_c_loader
    assert with_c_loader.title == "Fighting: Sudzha"
    assert with_c_loader.published == datetime.date(2024, 8, 8)


def test_title_repeated_as_a_heading_is_not_text(tmp_path):
    path = write(
        tmp_path / "a.md",
        f"---\ntitle: Fighting near Sudzha\n---\n# Fighting near Sudzha\n\n{BODY}",
    )
    assert read_article(path).text == BODY


def test_front_matter_date_that_is_not_a_date(tmp_path):
    path = write(tmp_path / "a.md", f"---\ndate: last Tuesday\n---\n{BODY}\n")
    with pytest.raises(ArticleError, match="YYYY-MM-DD"):
        read_article(path)


@pytest.mark.parametrize("value", ["2024-13-45", "2024-02-30", "2024-08-09 25:00:00"])
@pytest.mark.parametrize("loader", ["C", "pure Python"])
def test_front_matter_date_that_cannot_be(tmp_path, monkeypatch, value, loader):
    # YAML reads these as timestamps, then fails to make them
    if loader != "C":
        monkeypatch.setattr(articles, "YAML_LOADER", yaml.SafeLoader)
    path = write(tmp_path / "a.md", f"---\ntitle: t\ndate: {value}\n---\n{BODY}\n")
    with pytest.raises(ArticleError, match="impossible value.*YYYY-MM-DD"):
        read_article(path)
    (problem,) = read_file(path)  # as a build reads it: a problem, not a crash
    assert problem.path == str(path)


def test_file_name_date_when_no_metadata(tmp_path):
    path = write(tmp_path / "2024-08-09-lipetsk-airfield.txt", f"Lipetsk airfield hit\n\n{BODY}\n")
    article = read_article(path)
    assert article.published == datetime.date(2024, 8, 9)
    assert (article.time_precision, article.date_source) == (1, "filename")
    assert article.title == "Lipetsk airfield hit"
    assert article.text == BODY


def test_text_date_has_precision_two(tmp_path):
    path = write(
        tmp_path / "report.txt",
        f"Drones downed over Belgorod\n\nPublished August 14, 2024 at 10:05\n\n{BODY}\n",
    )
    article = read_article(path)
    assert article.published == datetime.date(2024, 8, 14)
    assert (article.time_precision, article.date_source) == (2, "text")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KYIV, 9 August 2024 - Ukrainian troops ...", (datetime.date(2024, 8, 9), 2)),
        ("Posted on Aug. 9, 2024. Troops ...", (datetime.date(2024, 8, 9), 2)),
        ("Sudzha, 2024-08-09: fighting ...", (datetime.date(2024, 8, 9), 2)),
        ("Kursk 09.08.2024 - ...", (datetime.date(2024, 8, 9), 2)),
        # the publication cue wins over an earlier date of an event
        ("Since 6 August 2024 troops ... Updated: 9 August 2024", (datetime.date(2024, 8, 9), 2)),
        ("Published March 2025. Russia says ...", (datetime.date(2025, 3, 1), 3)),
        ("In March 2025 Russia said ...", None),  # a month alone is an event, not a date line
        ("31 February 2024 is no date", None),
        ("x" * 600 + " 9 August 2024", None),  # too far into the text
    ],
)
def test_date_from_text(text, expected):
    assert date_from_text(text) == expected


def test_undated_article_is_kept_with_precision_three(tmp_path):
    path = write(tmp_path / "undated.md", f"{BODY}\n")
    article = read_article(path)
    assert article.published is None
    assert (article.time_precision, article.date_source) == (3, "none")
    assert article.title == "Undated"  # from the file name: the first line is a sentence
    assert article.text == BODY


# --------------------------------------------------------------------------- bad input


def test_bad_utf8_names_the_byte_and_offset(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Kursk: la région frontalière".encode("latin-1"))
    with pytest.raises(ArticleError) as error:
        read_article(path)
    assert error.value.reason == "not UTF-8 (byte 0xe9 at offset 11); re-save it as UTF-8"
    assert str(error.value).startswith(str(path))
    assert isinstance(error.value, ValueError)


def test_broken_yaml(tmp_path):
    path = write(tmp_path / "a.md", f"---\ntitle: [unclosed\ndate: 2024-08-09\n---\n{BODY}\n")
    with pytest.raises(ArticleError, match="front matter is not valid YAML"):
        read_article(path)


def test_unclosed_front_matter(tmp_path):
    path = write(tmp_path / "a.md", f"---\ntitle: x\n{BODY}\n")
    with pytest.raises(ArticleError, match="closing ---"):
        read_article(path)


def test_front_matter_that_is_not_a_mapping(tmp_path):
    path = write(tmp_path / "a.md", f"---\n- a list\n---\n{BODY}\n")
    with pytest.raises(ArticleError, match="key: value"):
        read_article(path)


def test_empty_and_boilerplate_only_files(tmp_path):
    with pytest.raises(ArticleError, match="empty"):
        read_article(write(tmp_path / "empty.txt", "  \n\n"))
    with pytest.raises(ArticleError, match="empty after removing boilerplate"):
        read_article(write(tmp_path / "chrome.txt", "Share.\nExit mobile version\n"))


def test_unsupported_extension(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(ArticleError, match=r"unsupported file type \.pdf"):
        read_article(path)


def test_error_survives_pickling():
    error = pickle.loads(pickle.dumps(ArticleError("a.txt", "the file is empty")))
    assert (error.path, error.reason) == ("a.txt", "the file is empty")
    assert str(error) == "a.txt: the file is empty"


# --------------------------------------------------------------------------- json, jsonl, html


def test_jsonl_bad_line_is_one_problem_and_the_rest_loads(tmp_path):
    records = [
        {"title": "Bridge destroyed", "date": "2024-08-16", "text": BODY, "source": "BBC"},
        "this line is not JSON",
        {"title": "No text here", "date": "2024-08-17"},
        {"title": "Second bridge", "date": "2024-08-18", "text": BODY + " Glushkovo."},
    ]
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path = write(tmp_path / "batch.jsonl", "\n".join(lines[:2]) + "\n\n" + "\n".join(lines[2:]))
    articles, problems = load_articles(tmp_path)
    assert [a.title for a in articles] == ["Bridge destroyed", "Second bridge"]
    assert [a.path for a in articles] == [f"{path}:1", f"{path}:5"]
    assert articles[0].published == datetime.date(2024, 8, 16)
    assert articles[0].source == "BBC"
    assert [p.path for p in problems] == [str(path), str(path)]
    assert problems[0].reason.startswith("line 2: not valid JSON")
    assert problems[1].reason.startswith("line 4: the record has no 'text'")
    with pytest.raises(ArticleError, match="line 2"):
        read_file_articles(path)  # strict when read on its own


def test_json_nested_too_deeply_is_a_problem_and_the_next_lines_load(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    good = '{"text": "Fighting went on near Sudzha.", "date": "2024-08-09"}'
    (tmp_path / "deep.json").write_text(deep, "utf-8")
    (tmp_path / "lines.jsonl").write_text(f"{deep}\n{good}\n", "utf-8")
    found, problems = load_articles(tmp_path)
    assert [a.path for a in found] == [f"{tmp_path / 'lines.jsonl'}:2"]
    assert sorted((Path(p.path).name, "nested too deeply" in p.reason) for p in problems) == [
        ("deep.json", True),
        ("lines.jsonl", True),
    ]


def test_json_a_lone_surrogate_is_replaced_and_a_huge_number_is_a_problem(tmp_path):
    write(tmp_path / "a.json", '{"text": "Fighting near Sudzha \\ud800.", "title": "T\\udfff"}')
    write(tmp_path / "b.json", '{"text": "Fighting near Sudzha.", "date": 1%s}' % ("0" * 5000))
    (article,), (problem,) = load_articles(tmp_path)
    assert (article.text, article.title) == ("Fighting near Sudzha \ufffd.", "T\ufffd")
    assert problem.path.endswith("b.json") and "digits" in problem.reason


def test_json_object_and_list(tmp_path):
    one = write(
        tmp_path / "one.json",
        json.dumps(
            {"title": "T", "date": "2024-08-09", "url": "https://www.bbc.com/news/x", "text": BODY}
        ),
    )
    article = read_article(one)
    assert (article.title, article.published, article.text) == (
        "T",
        datetime.date(2024, 8, 9),
        BODY,
    )
    assert article.source == "bbc.com"  # no source given: the URL's site
    many = write(
        tmp_path / "2024-08-20-many.json", json.dumps([{"text": BODY}, {"text": BODY + " Kursk."}])
    )
    articles = read_file_articles(many)
    assert [a.path for a in articles] == [f"{many}#1", f"{many}#2"]
    assert all(a.date_source == "filename" for a in articles)
    with pytest.raises(ArticleError, match="holds 2 articles"):
        read_article(many)
    with pytest.raises(ArticleError, match="not valid JSON"):
        read_article(write(tmp_path / "bad.json", '{"text": '))


SAVED_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Drones downed over Kursk region | Example News</title>
<meta property="og:title" content="Drones downed over Kursk region">
<meta property="og:site_name" content="Example News">
<meta property="og:url" content="https://news.example.org/2024/08/14/drones-kursk">
<link rel="canonical" href="https://news.example.org/2024/08/14/drones-kursk">
<meta property="article:published_time" content="2024-08-14T09:30:00+00:00">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Drones downed over Kursk region</h1>
<p>Russian air defences shot down 117 drones and missiles overnight over the Kursk, Voronezh,
Belgorod and Nizhny Novgorod regions, the defence ministry in Moscow said on Wednesday.</p>
<p>Ukrainian forces advanced one to two kilometres in the Kursk region and took more than
100 prisoners, President Volodymyr Zelensky said in Kyiv.</p>
<p>Share.</p>
</article>
<section class="comments"><h3>3 Comments</h3>
<p>Reader: I live near Lgov and heard explosions all night.</p></section>
<footer>Copyright Example News. All rights reserved.</footer>
</body></html>
"""


def test_saved_html_page(tmp_path):
    article = read_article(write(tmp_path / "page.html", SAVED_PAGE))
    assert article.title == "Drones downed over Kursk region"
    assert article.published == datetime.date(2024, 8, 14)
    assert (article.time_precision, article.date_source) == (1, "metadata")
    assert article.url == "https://news.example.org/2024/08/14/drones-kursk"
    assert article.source == "Example News"
    assert article.text.startswith("Russian air defences shot down 117 drones")
    assert "Zelensky said in Kyiv." in article.text
    for chrome in ("Home", "Share.", "Lgov", "Copyright", "Drones downed over Kursk region"):
        assert chrome not in article.text


def test_html_in_declared_legacy_encoding(tmp_path):
    page = SAVED_PAGE.replace('charset="utf-8"', 'charset="windows-1251"').replace(
        "Kyiv.", "Kyiv (Київ)."
    )
    path = tmp_path / "page.htm"
    path.write_bytes(page.encode("windows-1251"))
    assert "Kyiv (Київ)." in read_article(path).text


# --------------------------------------------------------------------------- cleaning


def test_glued_comments_marker_drops_everything_after_it():
    text = (
        "Kursk headline\n\nTroops advanced near Sudzha.\n\n War in Ukraine, Kursk, Deripaska\n\n"
        "CommentsMoscow was taken aback by the attack on Belgorod.\n\nMore text from elsewhere."
    )
    assert clean_text(text) == "Kursk headline\n\nTroops advanced near Sudzha."


@pytest.mark.parametrize(
    "marker",
    ["Comments", "3 Comments", "1 Comment", "0 comments", "Comments\xa0 ", "Leave a Reply"],
)
def test_comment_block_is_dropped(marker):
    text = f"Troops advanced near Sudzha.\n\n{marker}\n\nReader: my aunt lives in Lgov.\n"
    assert clean_text(text) == "Troops advanced near Sudzha."


def test_comments_inside_a_sentence_are_kept():
    text = "Comments by the governor of Kursk were brief.\n\nHe said 3 comments were rude."
    assert clean_text(text) == text


def test_glued_giphy_error_cuts_the_next_article():
    text = (
        "The rouble fell on Wednesday.\n"
        "GIPHY App Key not set. Please check settingsAuthorities in Kyiv said talks were off."
    )
    assert clean_text(text) == "The rouble fell on Wednesday."
    glued_before = "The rouble fell on Wednesday.GIPHY App Key not set. Please check settings"
    assert clean_text(glued_before) == "The rouble fell on Wednesday."


def test_share_and_footer_phrases_whole_or_glued():
    text = (
        "Headline about Kursk\n\nShare.Troops advanced near Sudzha.\n\n"
        "Gladkov spoke in Belgorod.Share.\n\nShare.\nExit mobile version"
    )
    assert clean_text(text) == (
        "Headline about Kursk\n\nTroops advanced near Sudzha.\n\nGladkov spoke in Belgorod."
    )
    kept = "Share prices fell in Moscow. Share. That is all."  # a phrase inside a sentence stays
    assert clean_text(kept) == kept


def test_tag_line_is_removed_but_sentences_with_commas_are_not():
    text = (
        "Headline about Kursk\n\nTroops advanced.\n\n\xa0 War in Ukraine, Kursk, Deripaska\n\n"
        "Kursk, Belgorod and Bryansk were attacked.\n\nSudzha, Kursk Oblast"
    )
    assert clean_text(text) == (
        "Headline about Kursk\n\nTroops advanced.\n\nKursk, Belgorod and Bryansk were attacked."
        "\n\nSudzha, Kursk Oblast"
    )
    # a headline shaped like a tag line survives: the first line is never a tag line
    assert clean_text("Kursk, Belgorod, Bryansk\n\nDrones flew.").startswith("Kursk, Belgorod")


PARAGRAPH = (
    "Belgorod governor Vyacheslav Gladkov declared a regional state of emergency on Wednesday, "
    "saying that shelling had destroyed homes and injured civilians in border villages."
)


def test_repeated_paragraph_is_kept_once():
    other = "Moscow said talks with Kyiv were impossible while the fighting lasted."
    reworded = PARAGRAPH.replace("on Wednesday,", "on Wednesday (August 14),").replace(
        "injured", "wounded"
    )
    text = "\n\n".join([PARAGRAPH, other, PARAGRAPH, reworded])
    assert clean_text(text) == f"{PARAGRAPH}\n\n{other}"
    # short paragraphs too: too few words to judge by shared vocabulary, but nearly identical
    short = "Gladkov declared a state of emergency in Belgorod on Wednesday after shelling."
    again = short.replace("on Wednesday", "on Wednesday (August 14)")
    assert clean_text(f"{short}\n\n{other}\n\n{again}") == f"{short}\n\n{other}"


def test_restated_paragraph_is_dropped_but_new_facts_are_kept():
    first = (
        "Ukrainian forces advanced near Sudzha in the Kursk region on Tuesday, and the regional "
        "governor declared an emergency as thousands of residents fled border villages."
    )
    restated = (  # the same facts in another order: few word runs in common, same words
        "Thousands of residents fled border villages after the regional governor declared an "
        "emergency; on Tuesday Ukrainian forces had advanced near Sudzha, in the Kursk region."
    )
    new = (
        "In Lipetsk, a drone strike hit a military airfield overnight and four nearby villages "
        "were evacuated, the regional governor Igor Artamonov said on Friday."
    )
    assert clean_text(f"{first}\n\n{restated}\n\n{new}") == f"{first}\n\n{new}"


@pytest.mark.parametrize(
    "text",
    ["Kursk's 2,000 DRONES_x hit Sudzha-2; [1] ½ ٣", "a\tb\x1c c\u00a0d\u2028e", "",
     "Gladkov’s “emergency” in Курск, İstanbul, STRAßE"],
)  # fmt: skip
def test_words_of_ascii_and_other_text_are_lowercased_word_runs(text):
    assert articles._words(text) == re.findall(r"\w+", text.lower())


def test_repeat_differing_in_case_or_in_non_ascii_characters_is_dropped():
    other = "Moscow said talks with Kyiv were impossible while the fighting lasted."
    for repeat in (PARAGRAPH.upper(), PARAGRAPH.replace("Gladkov", "Gladkov’s").replace(",", " –")):
        text = "\n\n".join([PARAGRAPH, other, repeat])
        assert clean_text(text) == f"{PARAGRAPH}\n\n{other}"
        assert clean_text("\n\n".join([repeat, other, PARAGRAPH])) == f"{repeat}\n\n{other}"


def test_phrase_ending_in_spaces_and_marker_with_a_group_reference(tmp_path):
    text = "Troops advanced.\nAdvert  \nMore.Advert \t\nRead next: Belgorod\nSumy"
    spaces = write(tmp_path / "spaces.txt", "[phrase]\nAdvert\\s\\s\n[cut]\nRead next\n")
    assert clean_text(text, load_boilerplate(spaces)) == "Troops advanced.\nMore."
    group = write(tmp_path / "group.txt", "[phrase]\nAdvert\\s\\s\n[cut]\n(Read) next\\b(?!\\1)\n")
    assert clean_text(text, load_boilerplate(group)) == "Troops advanced.\nMore."


def test_markers_with_group_references_are_not_joined_into_one_pattern(tmp_path):
    # "(Sponsored) \\1" joined after "(Read) next" would refer to that pattern's group
    rules = write(tmp_path / "r.txt", "[cut]\n(Read) next\n(Sponsored) \\1\n")
    text = "Troops advanced.\nMore text.\nSponsored Sponsored\nComments"
    assert clean_text(text, load_boilerplate(rules)) == "Troops advanced.\nMore text."
    phrase = write(tmp_path / "p.txt", "[phrase]\nShare\n(\\w+) \\1\n")
    with pytest.raises(ValueError, match=r"p\.txt:3: a \[phrase\] pattern cannot refer"):
        load_boilerplate(phrase)


def test_a_cut_marker_that_matches_a_blank_line(tmp_path):
    rules = load_boilerplate(write(tmp_path / "rules.txt", "[cut]\n^$\n"))
    assert clean_text("Troops advanced.\nMore.\n  \nComments: none", rules) == (
        "Troops advanced.\nMore."
    )


def test_cleaning_keeps_characters_and_single_line_breaks():
    text = "Kyiv’s “buffer zone”\nSecurity at the Kursk plant was raised\nThe rouble fell 8%.  "
    assert clean_text(text) == text.rstrip()
    assert clean_text("a\r\nb\r\n") == "a\nb"


def test_custom_boilerplate_file(tmp_path):
    rules = write(tmp_path / "rules.txt", "# ours\n[phrase]\nAdvertisement\n[cut]\nRead next\n")
    compiled = load_boilerplate(rules)
    text = "Troops advanced.\nAdvertisement\nMore.\nRead next: Belgorod"
    assert clean_text(text, compiled) == "Troops advanced.\nMore."
    with pytest.raises(ValueError, match="unknown section"):
        load_boilerplate(write(tmp_path / "bad.txt", "[nope]\nx\n"))
    with pytest.raises(ValueError, match="bad pattern"):
        load_boilerplate(write(tmp_path / "bad2.txt", "[line]\n(unclosed\n"))


# --------------------------------------------------------------------------- ids and folders


def test_id_is_a_stable_content_hash(tmp_path):
    a = read_article(write(tmp_path / "2024-08-09-a.md", f"---\ntitle: T\n---\n{BODY}\n"))
    b = read_article(write(tmp_path / "elsewhere.txt", f"T\n\n{BODY}\n\nShare.\n"))
    c = read_article(write(tmp_path / "c.md", f"---\ntitle: T\n---\n{BODY} Kursk.\n"))
    assert a.id == b.id  # same title and cleaned text, whatever the file and the boilerplate
    assert a.id != c.id
    assert len(a.id) == 16 and int(a.id, 16) >= 0
    assert a.id == hashlib.sha256(f"T\n{BODY}".encode()).hexdigest()[:16]


def test_article_is_frozen():
    article = Article("0" * 16, "t", None, 3, "none", "", "", "x", "p")
    with pytest.raises(AttributeError):
        article.title = "other"  # type: ignore[misc]


def test_load_articles_reads_subfolders_skips_hidden_and_readme_and_reports_broken_files(
    tmp_path,
):
    write(tmp_path / "README.md", "# About these articles\n\nNot an article.")
    write(tmp_path / ".draft.md", BODY)
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "2024-08-09-nested.md", f"Nested\n\n{BODY}")
    write(tmp_path / "2024-08-10-b.md", f"Second\n\n{BODY}")
    write(tmp_path / "2024-08-09-a.txt", f"First\n\n{BODY}")
    (tmp_path / "c.txt").write_bytes(b"\xff\xfe broken")
    (tmp_path / "d.pdf").write_bytes(b"%PDF")
    write(tmp_path / ".hidden" / "2024-08-11-secret.md", f"Hidden\n\n{BODY}")
    articles, problems = load_articles(tmp_path)
    assert [a.title for a in articles] == ["First", "Second", "Nested"]
    assert articles[-1].path == str(tmp_path / "sub" / "2024-08-09-nested.md")
    assert problems == [
        Problem(str(tmp_path / "c.txt"), "not UTF-8 (byte 0xff at offset 0); re-save it as UTF-8"),
        Problem(
            str(tmp_path / "d.pdf"),
            "unsupported file type .pdf; save it as .md, .txt, .html, .json, .jsonl, or a feed "
            "(.rss, .atom, .xml)",
        ),
    ]
    with pytest.raises(ArticleError, match="no such folder"):
        load_articles(tmp_path / "missing")


def test_source_line_of_a_plain_text(tmp_path):
    path = write(
        tmp_path / "2024-08-09-a.txt", f"Convoy burnt\n\n{BODY}\n\nSource: Kyiv Independent\n"
    )
    article = read_article(path)
    assert article.source == "Kyiv Independent"
    assert article.text == BODY


# --------------------------------------------------------------------------- real articles


@shared
@pytest.mark.shared
def test_real_scraped_articles_are_cleaned():
    articles, problems = load_articles(SHARED)
    assert problems == []
    by_day = {a.published.isoformat(): a for a in articles}
    assert sorted(by_day) == ["2024-08-09", "2024-08-14", "2024-08-15"]
    assert all(a.date_source == "filename" and a.time_precision == 1 for a in articles)
    for article in articles:
        for chrome in ("Share.", "Exit mobile version", "GIPHY", "Comments", "War in Ukraine,"):
            assert chrome not in article.text
    first = by_day["2024-08-09"]
    assert first.title.startswith("Russian oligarch Deripaska calls for ceasefire")
    assert "Moscow was taken aback" not in first.text
    assert first.text.endswith("was quoted by Russian outlet RBC.")
    assert "13 damaged military trucks" in first.text
    second = by_day["2024-08-14"]
    assert "117 Ukrainian drones" in second.text and "Russkoye Porechnoye" in second.text
    assert second.text.endswith("since the start of the incursion.")
    third = by_day["2024-08-15"]
    paragraphs = third.text.split("\n\n")
    assert sum("Belgorod" in p and "state of emergency" in p for p in paragraphs) == 1
    assert paragraphs[0].startswith("Authorities in Kyiv have taken a firm stance")
    assert "Donetsk" in third.text


@shared
@pytest.mark.shared
def test_real_articles_scraped_into_one_text_stay_apart():
    """The scraper glued each article to the next after its comments marker."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SHARED.glob("2024-*.txt"))]
    cleaned = clean_text("".join(texts))
    assert cleaned == clean_text(texts[0])
    assert "Moscow was taken aback" not in cleaned
    assert "Authorities in Kyiv" not in clean_text("".join(texts[1:]))


# --------------------------------------------------------------------------- bundled corpus


def test_bundled_corpus_loads_without_problems():
    articles, problems = load_articles(CORPUS)
    assert problems == []
    assert len(articles) == 15
    assert len({a.id for a in articles}) == 15
    suffixes = {Path(a.path).suffix for a in articles}
    assert {".md", ".txt", ".json"} <= suffixes
    for article in articles:
        assert datetime.date(2024, 8, 1) <= article.published <= datetime.date(2025, 3, 31)
        assert article.time_precision == 1
        assert article.source and article.title
        assert 130 <= len(article.text.split()) <= 400
        for chrome in ("Share.", "Comments", "Exit mobile version", "Lgov"):
            assert chrome not in article.text, article.path


def test_bundled_corpus_repeated_paragraph_is_kept_once():
    article = read_article(CORPUS / "2024-08-15-belgorod-declares-state-of-emergency.md")
    assert article.text.count("declared a regional state of emergency") == 1
    assert "Krasnaya Yaruga" in article.text


# --------------------------------------------------------------------------- hostile input


def _alias_bomb(levels: int) -> str:
    """Front matter whose last key expands to 9**levels strings through nested aliases."""
    lines = ["---", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, levels + 1):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines += [f"title: *a{levels}", "---", "", BODY]
    return "\n".join(lines)


def test_front_matter_aliases_are_refused_and_the_article_reported(tmp_path):
    for levels in (2, 9):  # (9 levels: a 600-byte file that YAML would expand past memory)
        path = write(tmp_path / f"2024-08-09-bomb{levels}.md", _alias_bomb(levels))
        (problem,) = read_file(path)
        assert isinstance(problem, Problem)
        assert problem.path == str(path)
        assert "alias" in problem.reason and "(line 2)" in problem.reason


def test_front_matter_too_long_is_reported(tmp_path):
    notes = "\n".join(f"note{n}: {'word ' * 20}" for n in range(1000))  # about 100 KB
    path = write(tmp_path / "a.md", f"---\ntitle: T\n{notes}\n---\n\n{BODY}")
    (problem,) = read_file(path)
    assert "front matter is longer than 64 KB" in problem.reason


def test_front_matter_values_must_be_single(tmp_path):
    path = write(tmp_path / "a.md", f"---\ntitle: [one, two]\n---\n\n{BODY}")
    (problem,) = read_file(path)
    assert problem.reason == "front matter 'title' must be one value, not a list"


def test_crlf_front_matter_is_read(tmp_path):
    text = f"---\ntitle: Convoy hit\ndate: 2024-08-09\nurl: https://example.org/a\n---\n\n{BODY}"
    path = tmp_path / "a.md"
    path.write_bytes(text.replace("\n", "\r\n").encode())
    article = read_article(path)
    assert (article.title, article.published, article.url) == (
        "Convoy hit",
        datetime.date(2024, 8, 9),
        "https://example.org/a",
    )
    assert "\r" not in article.text


@pytest.mark.parametrize("value", ["'2024-02-30'", '"31 June 2024"', "'2024-13-01'"])
def test_a_quoted_impossible_date_is_reported(tmp_path, value):
    path = write(tmp_path / "2024-08-09-a.md", f"---\ntitle: T\ndate: {value}\n---\n\n{BODY}")
    (problem,) = read_file(path)
    assert isinstance(problem, Problem)
    assert value.strip("'\"") in problem.reason


def test_links_leaving_the_folder_are_reported_not_read(tmp_path):
    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    write(outside / "secret.txt", f"Secret\n\n{BODY}")
    write(corpus / "2024-08-09-a.md", f"Inside\n\n{BODY}")
    (corpus / "passwd.txt").symlink_to(outside / "secret.txt")
    (corpus / "elsewhere").symlink_to(outside, target_is_directory=True)
    (corpus / "gone.md").symlink_to(tmp_path / "no-such-file.md")
    (corpus / "alias.md").symlink_to(corpus / "2024-08-09-a.md")  # inside: read
    (corpus / "sub").mkdir()
    (corpus / "sub" / "loop").symlink_to(corpus, target_is_directory=True)
    articles, problems = load_articles(corpus)
    assert all(a.title == "Inside" for a in articles) and len(articles) == 2
    assert sorted((Path(p.path).name, p.reason) for p in problems) == [
        ("elsewhere", "a link to a folder outside the articles folder; not read"),
        ("gone.md", "a broken link; not read"),
        ("passwd.txt", "a link to a file outside the articles folder; not read"),
    ]


def test_listing_leaves_out_excluded_paths(tmp_path):
    write(tmp_path / "a.md", BODY)
    write(tmp_path / "out" / "map.html", "<html></html>")
    write(tmp_path / "report.json", "{}")
    listing = articles.list_article_files(
        tmp_path, exclude=[tmp_path / "out", tmp_path / "report.json"]
    )
    assert listing.files == [tmp_path / "a.md"] and listing.problems == []


def test_a_listing_gives_each_file_its_size_and_time_as_listed(tmp_path):
    write(tmp_path / "a.md", BODY)
    write(tmp_path / "sub" / "b.md", BODY + " More.")
    (tmp_path / "c.md").symlink_to(tmp_path / "sub" / "b.md")  # a link: its target's
    listing = articles.list_article_files(tmp_path, stat=True)
    assert listing.paths == [str(tmp_path / n) for n in ("a.md", "c.md", "sub/b.md")]
    assert listing.stats == [(p.stat().st_size, p.stat().st_mtime_ns) for p in listing.files]
    assert articles.list_article_files(tmp_path).stats == []  # not asked: no system call


# Front matter as a user (or a scraper, or an attacker) may write it.
_META_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    st.dates(),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)
_FRONT_MATTER = st.dictionaries(
    st.sampled_from([*articles.FRONT_MATTER_KEYS, "tags", "author"]) | st.text(max_size=8),
    _META_VALUES,
    max_size=6,
)


def _check_read(path: Path, meta: dict | None = None) -> None:
    """`path` reads to articles or reasons, never to nothing; an article keeps the title and
    the date its front matter (`meta`) gave."""
    items = read_file(path)
    assert items, "nothing returned: neither an article nor a reason"
    for item in items:
        if isinstance(item, Problem):
            assert item.reason.strip()
        else:
            assert isinstance(item, Article) and item.text.strip() and len(item.id) == 16
            assert item.published is None or isinstance(item.published, datetime.date)
            title, date = (meta or {}).get("title"), (meta or {}).get("date")
            if isinstance(title, str) and title.strip():
                assert item.title == title.strip()
            if type(date) is datetime.date:
                assert item.published == date


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.binary(max_size=600),
    suffix=st.sampled_from([".md", ".txt", ".json", ".jsonl", ".html"]),
)
def test_random_bytes_never_raise_and_never_pass_silently(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"2024-08-09-x{suffix}"
        path.write_bytes(data)
        _check_read(path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    meta=_FRONT_MATTER,
    body=st.text(max_size=300),
    newline=st.sampled_from(["\n", "\r\n"]),
    name=st.sampled_from(["2024-08-09-x.md", "x.txt", "2024-02-30-x.md"]),
)
def test_random_front_matter_and_unicode_never_raise(meta, body, newline, name):
    try:
        header = yaml.safe_dump(meta, allow_unicode=True)
    except yaml.YAMLError:
        header = ""
    text = f"---\n{header}---\n\n{body}".replace("\n", newline)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        _check_read(path, meta if header else None)


@settings(max_examples=100, deadline=None)
@given(records=st.lists(st.one_of(_META_VALUES, _FRONT_MATTER), max_size=4))
def test_random_json_records_never_raise(records):
    with tempfile.TemporaryDirectory() as folder:
        for suffix, text in (
            (".json", json.dumps(records, default=str)),
            (".jsonl", "\n".join(json.dumps(r, default=str) for r in records)),
        ):
            path = Path(folder) / f"x{suffix}"
            path.write_text(text or " ", encoding="utf-8")
            _check_read(path)
