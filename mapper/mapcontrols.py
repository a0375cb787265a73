"""The map's own elements: folium MacroElements that each own a Jinja template.

Like folium's plugins, every control is one class whose template holds its HTML and the
JavaScript that wires it to the map. They share one small plain-JS library,
`resources/map/mapper.js` (shaped canvas markers, popups), inlined once by `MapAssets`.
Nothing here fetches anything: `MapAssets(cdn=False)` inlines Leaflet from xstatic-leaflet.
"""

from __future__ import annotations

import base64
import json
import math
import re
from functools import cache
from pathlib import Path

import xstatic.pkg.leaflet as xleaflet
from branca.element import Element, Figure, MacroElement
from folium.map import FeatureGroup
from folium.template import Template

RESOURCES = Path(__file__).parent / "resources"
LEAFLET_CDN = f"https://cdn.jsdelivr.net/npm/leaflet@{xleaflet.VERSION}/dist"


def safe_json(obj: object) -> str:
    """JSON for inclusion inside a <script> element (no `</script>` can close it early)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


@cache
def _leaflet_css() -> str:
    """Leaflet's stylesheet with its images inlined as data: URIs."""
    base = Path(xleaflet.BASE_DIR)
    css = (base / "leaflet.css").read_text(encoding="utf-8")

    def data_uri(match: re.Match[str]) -> str:
        png = (base / match.group(1)).read_bytes()
        return "url(data:image/png;base64," + base64.b64encode(png).decode("ascii") + ")"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", data_uri, css)


@cache
def _leaflet_js() -> str:
    js = (Path(xleaflet.BASE_DIR) / "leaflet.js").read_text(encoding="utf-8")
    return re.sub(r"//# sourceMappingURL=\S+", "", js)


@cache
def _resource(name: str) -> str:
    return (RESOURCES / name).read_text(encoding="utf-8")


class RenderedText(Element):
    """Markup already rendered by a template: written into the page as it is."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class MapElement(MacroElement):
    """A map element whose template's macros (header, html, script) fill the page.

    As branca's MacroElement, except that what the macros print goes into the page as it is:
    branca wraps it in a new `Element`, which compiles it as one more Jinja template (tenths
    of a second for the inlined libraries and data) and reads any `{{`, `{%` or `{#` in it,
    say in an article's title, as template syntax.
    """

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError(f"{self._name} is rendered only as part of a Figure (a map)")
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = macros.get(part)
            if macro is not None:
                text = RenderedText(macro(self, kwargs))
                getattr(figure, part).add_child(text, name=self.get_name())
        for child in self._children.values():
            if type(child).render is MacroElement.render:  # folium's own, e.g. a layer's addTo
                MapElement.render(child, **kwargs)
            else:
                child.render(**kwargs)


class DateLayer(FeatureGroup, MapElement):
    """A folium FeatureGroup (one date, week or month of events) rendered as a MapElement.

    FeatureGroup comes first: its own render (the layer's addTo, class includes) still runs,
    and ends in MapElement.render instead of branca's.
    """


class MapAssets(MapElement):
    """Leaflet and mapper's own JS/CSS: inlined (default) or Leaflet from its CDN."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        {%- if this.cdn %}
            <link rel="stylesheet" href="{{ this.cdn_base }}/leaflet.css"/>
            <script src="{{ this.cdn_base }}/leaflet.js"></script>
        {%- else %}
            <style>{{ this.leaflet_css }}</style>
            <script>{{ this.leaflet_js }}</script>
        {%- endif %}
            <style>{{ this.mapper_css }}</style>
            <script>{{ this.mapper_js }}</script>
        {% endmacro %}
        """
    )

    def __init__(self, cdn: bool = False):
        super().__init__()
        self._name = "MapAssets"
        self.cdn = cdn
        self.cdn_base = LEAFLET_CDN
        self.leaflet_css = "" if cdn else _leaflet_css()
        self.leaflet_js = "" if cdn else _leaflet_js()
        self.mapper_css = _resource("map/mapper.css")
        self.mapper_js = _resource("map/mapper.js")


class BaseMap(MapElement):
    """Bundled vector base layers, drawn offline under the events.

    Land fill sits under the tiles (so it only shows when tiles cannot load), borders,
    oblasts and town labels above the tiles but under every event layer.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            function pane(name, z) {
                var p = map.createPane(name);
                p.style.zIndex = z;
                p.style.pointerEvents = "none";
                return name;
            }
            var countries = {{ this.countries }};
            var oblasts = {{ this.oblasts }};
            var towns = {{ this.towns }};
            var land = pane("mapper-land", 150), lines = pane("mapper-lines", 250);
            var labels = pane("mapper-labels", 380);
            var renderer = L.canvas({ pane: lines });
            L.geoJSON(countries, {
                pane: land, interactive: false, renderer: L.canvas({ pane: land }),
                style: { stroke: false, fillColor: "#f2efe9", fillOpacity: 1 } }).addTo(map);
            L.geoJSON(oblasts, { pane: lines, interactive: false, renderer: renderer,
                style: { color: "#8a7d99", weight: 1, dashArray: "4 3", fill: false } }).addTo(map);
            L.geoJSON(countries, { pane: lines, interactive: false, renderer: renderer,
                style: { color: "#5b5b5b", weight: 1.4, fill: false } }).addTo(map);
            var townLayer = L.layerGroup().addTo(map), townMarkers = [];
            towns.features.forEach(function (f) {
                var p = f.properties, c = f.geometry.coordinates;
                var el = document.createElement("span");
                el.textContent = p.name;
                var icon = L.divIcon({
                    className: "mapper-town" + (p.capital ? " capital" : ""),
                    html: '<span class="dot"></span>' + el.innerHTML,
                    iconSize: null, iconAnchor: [3, 7]
                });
                townMarkers.push([p.min_zoom, L.marker([c[1], c[0]], {
                    icon: icon, pane: labels, interactive: false, keyboard: false
                })]);
            });
            function showTowns() {
                var z = map.getZoom();
                townMarkers.forEach(function (t) {
                    var want = t[0] <= z + {{ this.label_zoom_bonus }};
                    if (want !== townLayer.hasLayer(t[1])) {
                        want ? townLayer.addLayer(t[1]) : townLayer.removeLayer(t[1]);
                    }
                });
            }
            map.on("zoomend", showTowns);
            map.whenReady(showTowns);
            map.attributionControl.addAttribution({{ this.attribution|tojson }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, label_zoom_bonus: float = 0.5):
        super().__init__()
        self._name = "BaseMap"
        self.countries = _resource("basemap/countries.geojson").strip()
        self.oblasts = _resource("basemap/ukraine_oblasts.geojson").strip()
        self.towns = _resource("basemap/towns.geojson").strip()
        self.label_zoom_bonus = label_zoom_bonus
        self.attribution = (
            "Borders, towns: Natural Earth; Ukraine oblasts: "
            '<a href="https://www.geoboundaries.org">geoBoundaries</a> (CC BY 4.0)'
        )


class EventLayers(MapElement):
    """Fills the per-date FeatureGroups with the events (one canvas marker or area each)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = new mapperLib.EventIndex(
                {{ this._parent.get_name() }},
                {{ this.config_json }},
                {{ this.data_json }},
                [{{ this.group_names() }}],
                {{ this.undated.get_name() }}
            );
            window.mapperMap = {{ this._parent.get_name() }};
            window.mapperEvents = {{ this.get_name() }};
        {% endmacro %}
        """
    )

    def __init__(self, data: dict, config: dict, groups: list[FeatureGroup], undated: FeatureGroup):
        super().__init__()
        self._name = "EventLayers"
        self.data_json = safe_json(data)
        self.config_json = safe_json(config)
        self.groups = groups
        self.undated = undated

    def group_names(self) -> str:
        """JS names of the date layers, comma-separated (ids are final only at render)."""
        return ", ".join(g.get_name() for g in self.groups)


class TimeControl(MapElement):
    """Slider over the date layers, a play button and a mode: all, this date, up to this date.

    It adds and removes the same FeatureGroups the layer control lists; the undated layer
    is not one of them and stays as it is.
    """

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <div id="{{ this.get_name() }}" class="mapper-time mapper-box">
          <div class="mt-top">
            <button type="button" class="mt-play" title="Play through the dates">&#9654;</button>
            <input type="range" class="mt-range" min="0" max="{{ this.labels|length - 1 }}"
                   step="1" value="{{ this.labels|length - 1 }}" aria-label="{{ this.unit|e }}"/>
            <span class="mt-label">{{ this.labels[-1]|e }}</span>
          </div>
          <div class="mt-modes">
            <label><input type="radio" name="{{ this.get_name() }}_mode" value="all" checked/>
              all dates</label>
            <label><input type="radio" name="{{ this.get_name() }}_mode" value="single"/>
              this {{ this.unit|e }}</label>
            <label><input type="radio" name="{{ this.get_name() }}_mode" value="upto"/>
              up to this {{ this.unit|e }}</label>
          </div>
        </div>
        {% endmacro %}

        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var map = {{ this._parent.get_name() }};
            var groups = [{{ this.group_names() }}];
            var labels = {{ this.labels|tojson }};
            var div = document.getElementById({{ this.get_name()|tojson }});
            var Ctl = L.Control.extend({
                options: { position: {{ this.position|tojson }} },
                onAdd: function () {
                    L.DomEvent.disableClickPropagation(div);
                    L.DomEvent.disableScrollPropagation(div);
                    return div;
                }
            });
            new Ctl().addTo(map);
            var range = div.querySelector(".mt-range"), label = div.querySelector(".mt-label");
            var play = div.querySelector(".mt-play"), timer = null;
            var radios = div.querySelectorAll("input[type=radio]");
            function mode() {
                for (var i = 0; i < radios.length; i++) {
                    if (radios[i].checked) { return radios[i].value; }
                }
                return "all";
            }
            function setMode(m) {
                for (var i = 0; i < radios.length; i++) {
                    radios[i].checked = radios[i].value === m;
                }
            }
            function apply() {
                var i = +range.value, m = mode();
                label.textContent = m === "all" ? "all dates" : labels[i];
                groups.forEach(function (g, k) {
                    var show = m === "all" || (m === "single" ? k === i : k <= i);
                    if (show && !map.hasLayer(g)) { map.addLayer(g); }
                    else if (!show && map.hasLayer(g)) { map.removeLayer(g); }
                });
            }
            range.addEventListener("input", function () {
                if (mode() === "all") { setMode("upto"); }
                apply();
            });
            for (var r = 0; r < radios.length; r++) { radios[r].addEventListener("change", apply); }
            function stop() { clearInterval(timer); timer = null; play.innerHTML = "&#9654;"; }
            play.addEventListener("click", function () {
                if (timer) { return stop(); }
                if (mode() === "all") { setMode("upto"); range.value = 0; }
                else if (+range.value >= labels.length - 1) { range.value = 0; }
                apply();
                play.innerHTML = "&#10074;&#10074;";
                timer = setInterval(function () {
                    if (+range.value >= labels.length - 1) { return stop(); }
                    range.value = +range.value + 1;
                    apply();
                }, {{ this.interval_ms }});
            });
            apply();
            return { apply: apply, setMode: setMode, range: range };
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        groups: list[FeatureGroup],
        labels: list[str],
        unit: str = "date",
        position: str = "bottomleft",
        interval_ms: int = 900,
    ):
        super().__init__()
        self._name = "TimeControl"
        self.groups = groups
        self.labels = labels
        self.unit = unit
        self.position = position
        self.interval_ms = interval_ms

    def group_names(self) -> str:
        """JS names of the date layers, comma-separated (ids are final only at render)."""
        return ", ".join(g.get_name() for g in self.groups)


def shape_points(shape: str, x: float, y: float, r: float) -> list[tuple[float, float]] | None:
    """Outline of a marker symbol, the same geometry as `shapePoints` in mapper.js."""
    if shape == "diamond":
        return [(x, y - r * 1.25), (x + r, y), (x, y + r * 1.25), (x - r, y)]
    if shape == "square":
        r *= 0.9
        return [(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)]
    if shape in ("triangle", "triangle-down"):
        s = -1 if shape == "triangle" else 1
        return [
            (x, y + s * r * 1.2),
            (x + r * 1.1, y - s * r * 0.8),
            (x - r * 1.1, y - s * r * 0.8),
        ]
    if shape == "star":
        pts = []
        for i in range(16):
            a = math.pi * i / 8 - math.pi / 2
            rr = r * 0.5 if i % 2 else r * 1.25
            pts.append((x + rr * math.cos(a), y + rr * math.sin(a)))
        return pts
    return None


def symbol_svg(
    shape: str, color: str, *, r: float = 6, hollow: bool = False, size: int = 18
) -> str:
    """A small inline SVG of a marker symbol for the legend."""
    c = size / 2
    fill_opacity = 0.15 if hollow else 0.85
    stroke = color if hollow else "#222"
    dash = ' stroke-dasharray="3 3"' if hollow else ""
    style = (
        f'fill="{color}" fill-opacity="{fill_opacity}" stroke="{stroke}" '
        f'stroke-width="{2 if hollow else 1}"{dash}'
    )
    pts = shape_points(shape, c, c, r)
    if pts is None:
        body = f'<circle cx="{c}" cy="{c}" r="{r}" {style}/>'
    else:
        d = " ".join(f"{px:.1f},{py:.1f}" for px, py in pts)
        body = f'<polygon points="{d}" {style}/>'
    return f'<svg width="{size}" height="{size}" viewBox="0 0 {size} {size}">{body}</svg>'


def area_svg(color: str, size: int = 18) -> str:
    """Legend swatch of a region-level event: translucent disc with a dashed outline."""
    c = size / 2
    return (
        f'<svg width="{size}" height="{size}" viewBox="0 0 {size} {size}">'
        f'<circle cx="{c}" cy="{c}" r="{c - 1.5}" fill="{color}" fill-opacity="0.18" '
        f'stroke="{color}" stroke-width="1.5" stroke-dasharray="3 2"/></svg>'
    )


class Legend(MapElement):
    """What colours, symbols, areas, hollow markers and sizes mean, with counts."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <div id="{{ this.get_name() }}" class="mapper-legend mapper-box">
          <h4>{{ this.title|e }}</h4>
          {%- for row in this.rows %}
          <div class="ml-row">{{ row.svg }}<span>{{ row.label|e }}{% if row.count is not none %}
            <span class="mp-muted">({{ row.count }})</span>{% endif %}</span></div>
          {%- endfor %}
          {%- for note in this.notes %}
          <div class="ml-note">{{ note|e }}</div>
          {%- endfor %}
        </div>
        {% endmacro %}

        {% macro script(this, kwargs) %}
        (function () {
            var div = document.getElementById({{ this.get_name()|tojson }});
            var Ctl = L.Control.extend({
                options: { position: {{ this.position|tojson }} },
                onAdd: function () {
                    L.DomEvent.disableClickPropagation(div);
                    L.DomEvent.disableScrollPropagation(div);
                    return div;
                }
            });
            new Ctl().addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        rows: list[dict],
        notes: list[str],
        title: str = "Events",
        position: str = "bottomright",
    ):
        super().__init__()
        self._name = "Legend"
        self.rows = rows  # {"svg": trusted markup made here, "label": text, "count": int|None}
        self.notes = notes
        self.title = title
        self.position = position


class PlaceSearch(MapElement):
    """Search box over the events' place names: zooms to the place and opens an event."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <div id="{{ this.get_name() }}" class="mapper-search mapper-box">
          <input type="search" placeholder="Find a place…" list="{{ this.get_name() }}_names"
                 aria-label="Find a place"/>
          <datalist id="{{ this.get_name() }}_names">
          {%- for name in this.names %}<option value="{{ name|e }}"></option>{% endfor %}
          </datalist>
          <div class="ms-status"></div>
        </div>
        {% endmacro %}

        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var map = {{ this._parent.get_name() }}, index = {{ this.events.get_name() }};
            var div = document.getElementById({{ this.get_name()|tojson }});
            var input = div.querySelector("input"), status = div.querySelector(".ms-status");
            var Ctl = L.Control.extend({
                options: { position: {{ this.position|tojson }} },
                onAdd: function () {
                    L.DomEvent.disableClickPropagation(div);
                    L.DomEvent.disableScrollPropagation(div);
                    return div;
                }
            });
            new Ctl().addTo(map);
            var names = Object.keys(index.byLocation).map(function (k) {
                return [mapperLib.unescapeHtml(index.data.s[k]).toLowerCase(), k];
            });
            function find(query) {
                var q = query.trim().toLowerCase(), hit = null;
                if (!q) { status.textContent = ""; return null; }
                names.forEach(function (n) { if (n[0] === q) { hit = n; } });
                if (!hit) {
                    names.forEach(function (n) { if (!hit && n[0].indexOf(q) >= 0) { hit = n; } });
                }
                if (!hit) { status.textContent = "No event at that place"; return null; }
                var layers = index.byLocation[hit[1]];
                var shown = layers.filter(function (l) { return map.hasLayer(l); });
                var pick = (shown.length ? shown : layers)[0];
                map.fitBounds(L.latLngBounds(layers.map(function (l) { return l.getLatLng(); })),
                    { maxZoom: 10, padding: [40, 40] });
                index.openEvent(pick);
                status.textContent = layers.length + (layers.length === 1 ? " event" : " events") +
                    (shown.length < layers.length ? " (" + (layers.length - shown.length) +
                    " on hidden dates)" : "");
                return pick;
            }
            input.addEventListener("change", function () { find(input.value); });
            input.addEventListener("keydown", function (e) {
                if (e.key === "Enter") { find(input.value); }
            });
            return { find: find };
        })();
        {% endmacro %}
        """
    )

    def __init__(self, events: EventLayers, names: list[str], position: str = "topleft"):
        super().__init__()
        self._name = "PlaceSearch"
        self.events = events
        self.names = names
        self.position = position


class FullscreenButton(MapElement):
    """A fullscreen toggle in plain JS (the Fullscreen API), so nothing is fetched."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var Ctl = L.Control.extend({
                options: { position: {{ this.position|tojson }} },
                onAdd: function () {
                    var div = L.DomUtil.create("div", "leaflet-bar mapper-fullscreen");
                    var a = L.DomUtil.create("a", "", div);
                    a.href = "#";
                    a.title = {{ this.title|tojson }};
                    a.setAttribute("role", "button");
                    a.innerHTML = {{ this.icon|tojson }};
                    L.DomEvent.on(a, "click", function (e) {
                        L.DomEvent.preventDefault(e);
                        var el = map.getContainer();
                        if (document.fullscreenElement) { document.exitFullscreen(); }
                        else if (el.requestFullscreen) { el.requestFullscreen(); }
                    });
                    L.DomEvent.disableClickPropagation(div);
                    return div;
                }
            });
            new Ctl().addTo(map);
            document.addEventListener("fullscreenchange", function () { map.invalidateSize(); });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, position: str = "topleft", title: str = "Full screen"):
        super().__init__()
        self._name = "FullscreenButton"
        self.icon = (
            '<svg width="16" height="16" viewBox="0 0 16 16" style="vertical-align:middle">'
            '<path d="M1 5V1h4M11 1h4v4M15 11v4h-4M5 15H1v-4" fill="none" stroke="#333" '
            'stroke-width="2"/></svg>'
        )
        self.position = position
        self.title = title


class ReadySignal(MapElement):
    """Sets `window.mapperReady` once every layer and control is built (for tests, benchmarks)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            window.mapperReadyMs = performance.now();
            window.mapperReady = true;
            document.body.setAttribute("data-mapper-ready", "1");
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "ReadySignal"
