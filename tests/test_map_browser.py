"""The map in a real headless Chromium, network blocked: layers, slider, popups, areas, search."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from map_sample import DATES, SCRIPT, sample_articles, sample_events

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
VISIBLE_BY_DATE = """
var out = {};
window.mapperEvents.markers.forEach(function (m) {
    if (window.mapperMap.hasLayer(m)) {
        var d = m.options.eventDate || "undated";
        out[d] = (out[d] || 0) + 1;
    }
});
return out;
"""


def open_map(driver, path: Path) -> None:
    driver.get(path.as_uri())
    deadline = time.monotonic() + 20
    while not driver.execute_script("return window.mapperReady === true"):
        assert time.monotonic() < deadline, "map never signalled mapperReady"
        time.sleep(0.05)


def popup_text(driver, expected: str, seconds: float = 10) -> str:
    """The open popup's text, once it holds `expected` (a popup opens after a click or a
    search has been handled; a loaded machine may take a while)."""
    deadline = time.monotonic() + seconds
    text = ""
    while time.monotonic() < deadline:
        found = driver.find_elements("css selector", ".leaflet-popup-content")
        text = found[-1].text if found else ""
        if expected in text:
            return text
        time.sleep(0.05)
    return text


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
    yield drv
    drv.quit()


@pytest.fixture(scope="module")
def map_page(driver, tmp_path_factory):
    path = write_map(
        sample_events(), sample_articles(), tmp_path_factory.mktemp("map") / "map.html"
    )
    open_map(driver, path)
    driver.get_log("browser")  # start each test with what the page logs from then on
    return path


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
    time.sleep(0.5)
    assert js_errors(driver) == []
    # Base layers drawn offline: land/border canvases and town labels.
    assert driver.execute_script(
        "return document.querySelectorAll('.leaflet-mapper-land-pane canvas').length"
    )
    towns = driver.execute_script(
        "return Array.from(document.querySelectorAll('.mapper-town')).map(e => e.textContent)"
    )
    assert "Kursk" in towns
    shot = tmp_path / "map.png"
    driver.save_screenshot(str(shot))
    shutil.copy(shot, "/tmp/mapper_map.png")
    assert shot.stat().st_size > 10_000


def test_layer_control_lists_each_date(driver, map_page):
    labels = driver.execute_script(
        "return Array.from(document.querySelectorAll("
        "'.leaflet-control-layers-overlays label')).map(e => e.textContent.trim())"
    )
    assert labels == [*DATES, "Undated"]


def _set_mode(driver, mode: str) -> None:
    driver.find_element("css selector", f".mapper-time input[value={mode}]").click()


def _set_slider(driver, index: int) -> None:
    driver.execute_script(
        "var r = document.querySelector('.mapper-time .mt-range');"
        "r.value = arguments[0]; r.dispatchEvent(new Event('input', {bubbles: true}));",
        index,
    )


def test_slider_shows_one_date_or_all_up_to_it(driver, map_page):
    everything = {DATES[0]: 2, DATES[1]: 1, DATES[2]: 1, "undated": 1}
    assert driver.execute_script(VISIBLE_BY_DATE) == everything

    _set_mode(driver, "single")
    _set_slider(driver, 1)
    assert driver.execute_script(VISIBLE_BY_DATE) == {DATES[1]: 1, "undated": 1}
    label = driver.find_element("css selector", ".mapper-time .mt-label").text
    assert label == DATES[1]
    _set_slider(driver, 0)
    assert driver.execute_script(VISIBLE_BY_DATE) == {DATES[0]: 2, "undated": 1}

    _set_mode(driver, "upto")
    _set_slider(driver, 1)
    assert driver.execute_script(VISIBLE_BY_DATE) == {DATES[0]: 2, DATES[1]: 1, "undated": 1}
    # the layer control follows: the last date is unticked
    checked = driver.execute_script(
        "return Array.from(document.querySelectorAll("
        "'.leaflet-control-layers-overlays label')).map("
        "l => [l.textContent.trim(), l.querySelector('input').checked])"
    )
    assert checked == [[DATES[0], True], [DATES[1], True], [DATES[2], False], ["Undated", True]]

    _set_mode(driver, "all")
    assert driver.execute_script(VISIBLE_BY_DATE) == everything
    assert js_errors(driver) == []


def test_popup_shows_escaped_sentence_and_claim(driver, map_page):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.action_chains import ActionChains

    _set_mode(driver, "all")
    point = driver.execute_script(
        "var m = window.mapperEvents.markers.find(m => m.options.eventId === 'ev-kursk-drones');"
        "var map = window.mapperMap; map.setView(m.getLatLng(), 9, {animate: false});"
        "var p = map.latLngToContainerPoint(m.getLatLng()); var s = map.getSize();"
        "return [p.x - s.x / 2, p.y - s.y / 2];"
    )
    container = driver.find_element("css selector", ".folium-map")
    text = ""
    for _ in range(3):  # a click before a loaded machine has drawn the marker misses it
        time.sleep(0.3)
        ActionChains(driver).move_to_element_with_offset(
            container, int(point[0]), int(point[1])
        ).click().perform()
        text = popup_text(driver, "The ministry said it downed 30 drones", seconds=5)
        if text:
            break
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


def test_region_event_is_a_dashed_translucent_area(driver, map_page):
    kinds = driver.execute_script(
        "var out = {};"
        "window.mapperEvents.markers.forEach(function (m) {"
        "  out[m.options.eventId] = [m instanceof L.Circle, m.options.dashArray || '',"
        "    m instanceof L.Circle ? m.getRadius() : m.getRadius(), m.options.fillOpacity];"
        "});"
        "return out;"
    )
    is_circle, dash, radius_m, fill = kinds["ev-oblast"]
    assert is_circle and dash and radius_m == 80_000 and fill < 0.3
    assert kinds["ev-sudzha"][0] is False and kinds["ev-sudzha"][1] == ""  # a plain marker
    assert kinds["ev-kursk-drones"][1]  # a claim: dashed outline


def test_search_finds_a_place(driver, map_page):
    box = driver.find_element("css selector", ".mapper-search input")
    box.clear()
    box.send_keys("kursk obl\n")
    text = popup_text(driver, "state of emergency was declared across Kursk Oblast")
    assert "state of emergency was declared across Kursk Oblast" in text
    assert "Fatalities" not in text  # none told: no row
    assert "1 event" in driver.find_element("css selector", ".mapper-search .ms-status").text
