"""The map in a real headless Chromium, network blocked: layers, time, filters, the list,
clusters that spread, popups, regions, the URL, a phone-sized window, an empty map."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pandas as pd
import pytest
from map_sample import DATES, SCRIPT, as_built, sample_articles, sample_events, stacked_events

from mapper.events_schema import EVENT_COLUMNS
from mapper.render import write_map

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

HAVE_BROWSER = CHROMIUM.exists() and CHROMEDRIVER.exists()
if not HAVE_BROWSER and os.environ.get("MAPPER_REQUIRE_BROWSER"):
    # CI sets this: there, a missing browser is a failure, not a reason to skip
    raise RuntimeError("MAPPER_REQUIRE_BROWSER is set but chromium/chromedriver are missing")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not HAVE_BROWSER,
        reason="needs /usr/bin/chromium and /usr/bin/chromedriver (apt: chromium chromium-driver)",
    ),
]

CHROME_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,860",
    # No network: every host name fails to resolve and every connection goes nowhere.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
)

# JS helpers run in the page.
SHOWN_BY_DATE = """
var store = window.mapperEvents, out = {};
for (var i = 0; i < store.n; i++) {
    if (store.visible[i]) {
        var d = store.str("date", i) || "undated";
        out[d] = (out[d] || 0) + 1;
    }
}
return out;
"""
# The events drawn on the map's canvas (alone or in a cluster) and as region outlines.
DRAWN_IDS = """
var store = window.mapperEvents, ids = [];
store.clusters.items.forEach(function (it) {
    (it.members || [it.i]).forEach(function (i) { ids.push(store.str("id", i)); });
});
store.regions.drawn.forEach(function (area) {
    store.regions.shown(area.k).forEach(function (i) { ids.push(store.str("id", i)); });
});
return ids.sort();
"""


def wait_for(driver, script: str, expected=True, seconds: float = 10):
    """Run `script` until it returns `expected` (or something truthy when expected is True);
    return what it last returned."""
    deadline = time.monotonic() + seconds
    value = None
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value if expected is True else value == expected:
            return value
        time.sleep(0.05)
    return value


def open_map(driver, path: Path | str) -> None:
    driver.get("about:blank")
    driver.get(path if isinstance(path, str) else path.as_uri())
    assert wait_for(driver, "return window.mapperReady === true", seconds=20), "never ready"


def popup_text(driver, expected: str, seconds: float = 10) -> str:
    """The open popup's text, once it holds `expected`."""
    deadline = time.monotonic() + seconds
    text = ""
    while time.monotonic() < deadline:
        found = driver.find_elements("css selector", ".leaflet-popup-content")
        text = found[-1].text if found else ""
        if expected in text:
            return text
        time.sleep(0.05)
    return text


def click_map_at(driver, x: float, y: float) -> None:
    """Click the map at a container point (pixels from its top-left corner)."""
    from selenium.webdriver.common.action_chains import ActionChains

    container = driver.find_element("css selector", ".folium-map")
    size = container.size
    ActionChains(driver).move_to_element_with_offset(
        container, int(x - size["width"] / 2), int(y - size["height"] / 2)
    ).click().perform()


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in CHROME_ARGS:
        options.add_argument(arg)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chrome-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    drv.set_window_size(1280, 860)
    yield drv
    drv.quit()


@pytest.fixture(scope="module")
def map_path(tmp_path_factory) -> Path:
    return write_map(
        sample_events(), sample_articles(), tmp_path_factory.mktemp("map") / "map.html"
    )


@pytest.fixture
def map_page(driver, map_path):
    driver.set_window_size(1280, 860)
    open_map(driver, map_path)
    driver.get_log("browser")  # start each test with what the page logs from then on
    return map_path


@pytest.fixture(scope="module")
def stack_path(tmp_path_factory) -> Path:
    return write_map(
        stacked_events(), sample_articles(), tmp_path_factory.mktemp("stack") / "map.html"
    )


def js_errors(driver) -> list[str]:
    """Console errors other than the tiles that cannot load without network."""
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if entry["level"] == "SEVERE"
        and entry.get("source") != "network"
        and "tile.openstreetmap.org" not in entry["message"]
    ]


def test_page_loads_without_js_errors(driver, tmp_path):
    path = write_map(sample_events(), sample_articles(), tmp_path / "map.html")
    open_map(driver, path)
    assert js_errors(driver) == []
    # Base layers drawn offline: land/border canvases and town labels.
    assert driver.execute_script(
        "return document.querySelectorAll('.leaflet-mapper-land-pane canvas').length"
    )
    # every place with an event in view is labelled (small villages too)
    labels = wait_for(driver, "return window.mapperEvents.clusters.labels")
    assert {"Sudzha", "Lgov", "Kursk"} <= set(labels)
    shot = tmp_path / "map.png"
    driver.save_screenshot(str(shot))
    shutil.copy(shot, "/tmp/mapper_map.png")
    assert shot.stat().st_size > 10_000


def test_layer_control_lists_each_date(driver, map_page):
    labels = driver.execute_script(
        "return Array.from(document.querySelectorAll("
        "'.leaflet-control-layers-overlays label')).map(e => e.textContent.trim())"
    )
    assert labels == [*DATES, "Undated", "Territorial control (as of the time control)"]


def _set_mode(driver, mode: str) -> None:
    driver.execute_script(
        "var s = document.querySelector('.mapper-time .mt-mode'); s.value = arguments[0];"
        "s.dispatchEvent(new Event('change', {bubbles: true}));",
        mode,
    )


def _set_day(driver, date: str, which: str = "to") -> None:
    driver.execute_script(
        "var r = document.querySelector('.mapper-time .mt-' + arguments[1]);"
        "r.value = Math.round(Date.parse(arguments[0] + 'T00:00:00Z') / 86400000);"
        "r.dispatchEvent(new Event('input', {bubbles: true}));",
        date,
        which,
    )


def _checked_layers(driver) -> list:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll("
        "'.leaflet-control-layers-overlays label')).map("
        "l => [l.textContent.trim(), l.querySelector('input').checked])"
    )[:4]


def test_slider_shows_one_day_up_to_it_or_a_range(driver, map_page):
    everything = {DATES[0]: 2, DATES[1]: 1, DATES[2]: 1, "undated": 1}
    assert driver.execute_script(SHOWN_BY_DATE) == everything

    _set_mode(driver, "single")
    _set_day(driver, DATES[1])
    assert driver.execute_script(SHOWN_BY_DATE) == {DATES[1]: 1, "undated": 1}
    label = driver.find_element("css selector", ".mapper-time .mt-label").text
    assert label == DATES[1]
    assert _checked_layers(driver) == [
        [DATES[0], False],
        [DATES[1], True],
        [DATES[2], False],
        ["Undated", True],
    ]

    _set_mode(driver, "upto")
    assert driver.execute_script(SHOWN_BY_DATE) == {DATES[0]: 2, DATES[1]: 1, "undated": 1}
    # the layer control follows: the last date is unticked
    assert _checked_layers(driver)[2] == [DATES[2], False]

    _set_mode(driver, "range")
    _set_day(driver, DATES[2], "to")
    _set_day(driver, DATES[1], "from")
    assert driver.execute_script(SHOWN_BY_DATE) == {DATES[1]: 1, DATES[2]: 1, "undated": 1}
    assert "(2 days)" in driver.find_element("css selector", ".mapper-time .mt-label").text

    _set_mode(driver, "all")
    assert driver.execute_script(SHOWN_BY_DATE) == everything
    assert js_errors(driver) == []


def test_histogram_bars_sit_on_a_true_time_axis(driver, tmp_path):
    events = sample_events()
    events.loc[0, "event_date"] = "2024-06-06"  # two months before the others
    open_map(driver, write_map(events, sample_articles(), tmp_path / "map.html"))
    xs = driver.execute_script(
        "return Array.from(document.querySelectorAll('.mapper-time .mt-hist rect.mt-in'))"
        ".map(r => +r.getAttribute('x'))"
    )
    assert len(xs) == 4  # 2024-06-06, 08-06 (Lgov), 08-07, 08-08
    # a gap of 61 days is 61 times as wide as a gap of one day
    gaps = sorted(b - a for a, b in zip(sorted(xs), sorted(xs)[1:], strict=False))
    assert gaps[-1] > 40 * gaps[0]


def test_a_type_filter_hides_its_markers_and_brings_them_back(driver, map_page):
    battles = ["ev-lgov", "ev-sudzha"]
    assert set(battles) <= set(wait_for(driver, DRAWN_IDS))
    box = driver.find_element(
        "css selector", ".mapper-filters input[data-facet=type][data-value='0']"
    )
    box.click()
    drawn = wait_for(driver, DRAWN_IDS)
    assert not set(battles) & set(drawn)
    assert "ev-kursk-drones" in drawn and "ev-oblast" in drawn
    # the list and the legend show the same set
    listed = driver.execute_script(
        "return Array.from(document.querySelectorAll('.mapper-list li'))"
        ".map(li => window.mapperEvents.str('id', +li.dataset.mapperEvent))"
    )
    assert sorted(listed) == drawn
    legend = driver.find_element("css selector", ".mapper-legend [data-type='0']").text
    assert legend == "(0)"
    assert wait_for(driver, "return location.hash.indexOf('f=type:0') > 0")
    box.click()
    assert set(battles) <= set(wait_for(driver, DRAWN_IDS))
    assert driver.find_element("css selector", ".mapper-legend [data-type='0']").text == "(2)"
    assert js_errors(driver) == []


def test_claim_side_and_outlet_filters_and_their_counts(driver, map_page):
    def count(facet: str, value: str) -> str:
        return driver.execute_script(
            "return document.querySelector('.mapper-filters input[data-facet=' + arguments[0] +"
            "  '][data-value=\"' + arguments[1] + '\"]').parentNode"
            "  .querySelector('.mf-count').textContent",
            facet,
            value,
        )

    assert count("claim", "1") == "1" and count("claim", "0") == "4"
    driver.execute_script(
        "window.mapperEvents.setOff('claim', 1, true); window.mapperEvents.setOff('side', 0, true)"
    )
    shown = driver.execute_script(SHOWN_BY_DATE)
    # Sudzha stays (Russia is its other actor), the drones go (a claim, against Ukraine only)
    assert shown == {DATES[0]: 2, DATES[2]: 1, "undated": 1}
    assert count("claim", "1") == "0"  # the drones' claim names Ukraine: hidden by the side
    driver.execute_script("window.mapperEvents.clearFilters()")
    driver.execute_script("window.mapperEvents.setOff('outlet', 1, true)")  # Wire & Co
    assert driver.execute_script(SHOWN_BY_DATE) == {DATES[0]: 2, DATES[1]: 1, "undated": 1}


def test_a_url_with_a_hash_reopens_the_same_view(driver, map_page):
    driver.execute_script(
        "window.mapperMap.setView([51.3, 35.5], 9, {animate: false});"
        "window.mapperEvents.setOff('type', 1, true);"
        "window.mapperEvents.setQuery('kursk');"
    )
    _set_mode(driver, "upto")
    _set_day(driver, DATES[1])
    # (the hash is written a moment after the last change: wait for all of it, the time too)
    wait_for(
        driver,
        "return location.hash.indexOf('q=kursk') >= 0 && location.hash.indexOf('t=upto/') >= 0",
    )
    url = driver.current_url
    before = driver.execute_script(SHOWN_BY_DATE)
    assert before == {DATES[0]: 2}  # in Kursk Oblast, not an explosion, up to DATES[1]
    open_map(driver, url)
    state = driver.execute_script(
        "var m = window.mapperMap, c = m.getCenter(), s = window.mapperEvents;"
        "return [m.getZoom(), +c.lat.toFixed(3), +c.lng.toFixed(3), Object.keys(s.off.type),"
        "  s.query, window.mapperTime.getState().mode,"
        "  document.querySelector('.mapper-time .mt-label').textContent,"
        "  document.querySelector('.mapper-filters .mf-search').value]"
    )
    assert state[0] == 9 and abs(state[1] - 51.3) < 0.01 and abs(state[2] - 35.5) < 0.01
    assert state[3:] == [["1"], "kursk", "upto", f"up to {DATES[1]}", "kursk"]
    assert driver.execute_script(SHOWN_BY_DATE) == before
    assert js_errors(driver) == []


def test_list_entry_zooms_to_its_event_and_opens_it(driver, map_page):
    rows = driver.find_elements("css selector", ".mapper-list li")
    texts = [r.text for r in rows]
    assert texts[0].startswith(DATES[0]) and texts[-1].startswith("undated")  # date order
    drones = next(r for r in rows if "30 drones, 2 dead" in r.text)
    assert "claimed by Russian Ministry of Defence" in drones.text
    assert SCRIPT in drones.text  # the sentence's markup is text, not markup
    assert not driver.find_elements("css selector", ".mapper-list script")
    drones.click()
    text = popup_text(driver, "The ministry said it downed 30 drones")
    assert f"The ministry said it downed 30 drones {SCRIPT} over Kursk." in text
    assert driver.execute_script("return window.mapperMap.getZoom()") >= 10
    center = driver.execute_script(
        "var c = window.mapperMap.getBounds(); return c.contains([51.73, 36.19])"
    )
    assert center


def test_list_search_filters_map_and_list(driver, map_page):
    search = driver.find_element("css selector", ".mapper-filters .mf-search")
    search.send_keys("lgov")
    wait_for(driver, "return document.querySelectorAll('.mapper-list li').length === 1")
    assert wait_for(driver, DRAWN_IDS, ["ev-lgov"]) == ["ev-lgov"]
    search.clear()
    search.send_keys("military forces of ukraine")  # an actor
    ids = wait_for(driver, DRAWN_IDS, ["ev-kursk-drones", "ev-sudzha"])
    assert ids == ["ev-kursk-drones", "ev-sudzha"]


def _settled_position(driver, script: str, event_id: str) -> tuple[float, float]:
    """Where an event is drawn once the map stopped moving (a popup that opens pans it)."""
    last = None
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        now = next((x, y) for x, y, e in driver.execute_script(script) if e == event_id)
        if now == last:
            return now
        last = now
        time.sleep(0.3)
    return last


def test_a_stack_of_colocated_events_spreads_and_each_opens(driver, stack_path):
    open_map(driver, stack_path)
    driver.execute_script("window.mapperMap.setView([51.19, 35.27], 12, {animate: false})")
    stack = wait_for(
        driver,
        "var it = window.mapperEvents.clusters.items.filter(i => i.kind === 'stack');"
        "return it.length ? [it[0].x, it[0].y, it[0].members.length] : null",
    )
    assert stack[2] == 7  # seven events at Sudzha, one symbol
    click_map_at(driver, stack[0], stack[1])
    spread = (
        "return window.mapperEvents.clusters.items.filter(i => i.spread)"
        ".map(i => [i.x, i.y, window.mapperEvents.str('id', i.i)])"
    )
    ids = [event_id for _x, _y, event_id in wait_for(driver, spread)]
    assert len(ids) == 7
    opened = set()
    for event_id in ids:
        # where it is now (a popup that opens may pan the map)
        driver.execute_script("window.mapperMap.closePopup()")
        x, y = _settled_position(driver, spread, event_id)
        click_map_at(driver, x, y)
        text = popup_text(driver, event_id)
        assert event_id in text
        assert "Also at Sudzha (6):" in text  # the place's popup lists all its events
        opened.add(event_id)
        # the spread stays open while its popups are read
        assert driver.execute_script("return !!window.mapperEvents.clusters.spread")
    assert len(opened) == 7
    # a link in the list of the place's events opens that event
    link = driver.find_elements("css selector", ".leaflet-popup-content .mp-others a")[0]
    target = int(link.get_attribute("data-mapper-event"))
    link.click()
    expected = driver.execute_script("return window.mapperEvents.str('id', arguments[0])", target)
    assert expected in popup_text(driver, expected)
    assert js_errors(driver) == []


def test_no_popup_shows_a_missing_value(driver, tmp_path):
    # as pandas 3 builds the table: nullable columns whose missing values are pd.NA
    events = as_built(stacked_events())
    articles = sample_articles().astype("string")
    articles.loc[2, ["url", "title"]] = [pd.NA, pd.NA]  # a .txt article: no URL, no title
    open_map(driver, write_map(events, articles, tmp_path / "map.html"))
    texts = driver.execute_script(
        "var s = window.mapperEvents, out = [];"
        "for (var i = 0; i < s.n; i++) { s.focusEvent(i);"
        "  out.push(s.popup.getElement().querySelector('.leaflet-popup-content').textContent); }"
        "return out;"
    )
    assert len(texts) == len(events) - 1  # the one without coordinates is not drawn
    for text in texts:
        for missing in ("<NA>", "nan", "None", "undefined", "NaT"):
            assert missing not in text, text
    sumy = next(t for t in texts if "Shelling hit Sumy" in t)
    assert "art-3.md — Local Paper (no link)" in sumy  # its file, plainly, and no link
    assert js_errors(driver) == []


def test_region_event_is_its_outline(driver, map_page):
    area = driver.execute_script(
        "var r = window.mapperEvents.regions;"
        "return r.drawn.map(function (d) { var b = r.bounds(d.k);"
        "  return [d.outline, b.getSouth(), b.getNorth(), b.getWest(), b.getEast(),"
        "    r.shown(d.k).map(function (i) { return window.mapperEvents.str('id', i); })]; });"
    )
    # Kursk Oblast's outline (about 50.9-52.4 N, 34.1-38.5 E), not a circle around its centre
    assert len(area) == 1
    outline, south, north, west, east, ids = area[0]
    assert outline and ids == ["ev-oblast"]
    assert 50.7 < south < 51.1 and 52.2 < north < 52.6 and 33.8 < west < 34.4 and 38.2 < east < 38.8
    # a click inside it, away from every point event, lists (here: opens) its event
    driver.execute_script("window.mapperMap.setView([51.7, 36.8], 7, {animate: false})")
    point = driver.execute_script(
        "var p = window.mapperMap.latLngToContainerPoint([51.45, 36.9]); return [p.x, p.y]"
    )
    click_map_at(driver, point[0], point[1])
    assert "A state of emergency was declared" in popup_text(driver, "A state of emergency")


def test_territorial_control_follows_the_time(driver, tmp_path):
    events = sample_events()
    events.loc[0, ["sub_event_type", "actor1"]] = [
        "Government regains territory",
        "Military Forces of Russia",
    ]
    open_map(driver, write_map(events, sample_articles(), tmp_path / "map.html"))
    held = "return window.mapperEvents.control.layer.getLayers().length"
    assert driver.execute_script(held) == 1
    legend = driver.find_element("css selector", ".mapper-legend .ml-control").text
    assert "held by Russia" in legend
    _set_mode(driver, "single")
    _set_day(driver, DATES[0])
    assert driver.execute_script(held) == 1  # taken on that day
    driver.execute_script("window.mapperEvents.setOff('type', 0, true)")
    assert driver.execute_script(held) == 0  # the event that says so is filtered out


def test_search_finds_a_place(driver, map_page):
    box = driver.find_element("css selector", ".mapper-search input")
    box.clear()
    box.send_keys("kursk obl\n")
    text = popup_text(driver, "state of emergency was declared across Kursk Oblast")
    assert "state of emergency was declared across Kursk Oblast" in text
    assert "Fatalities" not in text  # none told: no row
    assert "Place: Kursk Oblast, RU" in text  # the region named once
    assert "1 event" in driver.find_element("css selector", ".mapper-search .ms-status").text


def _rect(driver, selector: str) -> dict:
    return driver.execute_script(
        "var r = document.querySelector(arguments[0]).getBoundingClientRect();"
        "return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};",
        selector,
    )


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and (b["top"] < a["bottom"])
    )


def test_a_phone_sized_window_keeps_every_control_usable(driver, map_path):
    driver.set_window_size(390, 844)
    try:
        open_map(driver, map_path)
        width = driver.execute_script("return window.innerWidth")
        time_box = _rect(driver, ".mapper-time")
        legend = _rect(driver, ".mapper-legend")
        assert not _overlap(time_box, legend)
        assert time_box["right"] <= width and legend["right"] <= width
        assert not driver.execute_script(
            "return document.querySelector('.folium-map').classList.contains('mapper-side-open')"
        )  # the panel is closed on a phone, and opens as a sheet
        driver.find_element("css selector", ".mapper-side-toggle").click()
        panel = _rect(driver, ".mapper-side")
        assert panel["left"] == 0 and panel["right"] <= width
        driver.find_elements("css selector", ".mapper-list li")[0].click()
        first = "Ukrainian troops crossed the border near Sudzha."
        assert first in popup_text(driver, first)
        assert not driver.execute_script(
            "return document.querySelector('.folium-map').classList.contains('mapper-side-open')"
        )  # the sheet makes way for the popup
    finally:
        driver.set_window_size(1280, 860)


def test_an_empty_map_says_why(driver, tmp_path):
    empty = pd.DataFrame(columns=list(EVENT_COLUMNS))
    open_map(driver, write_map(empty, sample_articles(), tmp_path / "empty.html"))
    notice = driver.find_element("css selector", ".mapper-empty")
    assert notice.is_displayed()
    assert "none of the 3 article(s) reported an event" in notice.text
    # a map whose filters leave nothing says so, and shows everything again on request
    open_map(driver, write_map(sample_events(), sample_articles(), tmp_path / "map.html"))
    assert not driver.find_element("css selector", ".mapper-empty").is_displayed()
    driver.execute_script("window.mapperEvents.setQuery('no such place')")
    notice = driver.find_element("css selector", ".mapper-empty")
    assert notice.is_displayed() and "the filters" in notice.text
    notice.find_element("css selector", "button").click()
    assert driver.execute_script(SHOWN_BY_DATE)["undated"] == 1


def test_a_click_on_a_marker_opens_its_escaped_popup(driver, map_page):
    from selenium.common.exceptions import NoAlertPresentException

    driver.execute_script("window.mapperMap.setView([51.73, 36.19], 10, {animate: false})")
    point = wait_for(
        driver,
        "var it = window.mapperEvents.clusters.items.filter(i => i.kind === 'event' &&"
        "  window.mapperEvents.str('id', i.i) === 'ev-kursk-drones');"
        "return it.length ? [it[0].x, it[0].y] : null",
    )
    click_map_at(driver, point[0], point[1])
    text = popup_text(driver, "The ministry said it downed 30 drones")
    popup = driver.find_elements("css selector", ".leaflet-popup-content")[-1]
    assert f"The ministry said it downed 30 drones {SCRIPT} over Kursk." in text
    assert "Claimed by: Russian Ministry of Defence" in text
    assert "Explosions/Remote violence — Air/drone strike" in text
    assert "30 drones" in text and "2024-08-07 (exact day)" in text
    assert "Fatalities: 2" in text
    assert "Kursk, Kursk Oblast, RU" in text
    assert "Actor 1: not named\nActor 2: Military Forces of Ukraine" in text
    links = popup.find_elements("css selector", "a")
    assert [a.get_attribute("href") for a in links] == ["https://news.example/1"]
    assert links[0].text == "Troops cross into <Kursk>"
    assert (
        driver.execute_script(
            "return document.querySelectorAll('.leaflet-popup-content script').length"
        )
        == 0
    )
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018
    assert js_errors(driver) == []


def test_a_sub_type_filter_hides_that_types_sub_type_only(driver, tmp_path):
    events = sample_events()
    events.loc[events["event_id"] == "ev-kursk-drones", "sub_event_type"] = "Armed clash"
    open_map(driver, write_map(events, sample_articles(), tmp_path / "map.html"))
    labels = driver.execute_script(
        "return Array.from(document.querySelectorAll('.mapper-filters input[data-facet=sub]'))"
        ".map(i => [i.parentNode.textContent, i.dataset.value])"
    )
    battles_clash = next(v for text, v in labels if text.startswith("Armed clash"))
    driver.execute_script("window.mapperEvents.setOff('sub', +arguments[0], true)", battles_clash)
    assert driver.execute_script(SHOWN_BY_DATE) == {DATES[1]: 1, DATES[2]: 1, "undated": 1}
    # two "Armed clash" rows: one under Battles, one under Explosions/Remote violence
    assert sum(text.startswith("Armed clash") for text, _v in labels) == 2
