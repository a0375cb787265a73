"""The map's own elements: folium MacroElements that each own a Jinja template.

Like folium's plugins, every control is one class whose template holds its HTML and the
JavaScript that wires it to the map. They share one small plain-JS library,
`resources/map/*.js` (MAPPER_JS: the events store and popups, clusters, areas, panels, time,
view), inlined once by `MapAssets`. Every element that shows events reads one store
(`EventLayers`), so the map, the list, the legend and the histogram show the same events.
Nothing here fetches anything: `MapAssets(cdn=False)` inlines Leaflet from xstatic-leaflet.
"""

from __future__ import annotations

import base64
import math
import re
from functools import cache
from pathlib import Path

import xstatic.pkg.leaflet as xleaflet
from branca.element import Element, Figure, MacroElement
from folium.map import FeatureGroup, LayerControl
from folium.template import Template

from mapper.render import safe_json

RESOURCES = Path(__file__).parent / "resources"
LEAFLET_CDN = f"https://cdn.jsdelivr.net/npm/leaflet@{xleaflet.VERSION}/dist"
# Our scripts (resources/map/), inlined in this order: mapper.js first, it defines mapperLib.
MAPPER_JS: tuple[str, ...] = (
    "mapper.js",
    "clusters.js",
    "areas.js",
    "panels.js",
    "time.js",
    "view.js",
)


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
        self.mapper_js = "\n".join(_resource(f"map/{name}") for name in MAPPER_JS)


class BaseMap(MapElement):
    """Bundled vector base layers, drawn offline under the events.

    Land fill sits under the tiles (so it only shows when tiles cannot load), borders,
    first-order divisions (Ukraine's oblasts, Russia's federal subjects) and town labels
    above the tiles but under every event layer.
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
            var regions = {{ this.regions }};
            var towns = {{ this.towns }};
            var land = pane("mapper-land", 150), lines = pane("mapper-lines", 250);
            var labels = pane("mapper-labels", 380);
            var renderer = L.canvas({ pane: lines });
            L.geoJSON(countries, {
                pane: land, interactive: false, renderer: L.canvas({ pane: land }),
                style: { stroke: false, fillColor: "#f2efe9", fillOpacity: 1 } }).addTo(map);
            L.geoJSON(regions, { pane: lines, interactive: false, renderer: renderer,
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
                }), p.name]);
            });
            function showTowns() {
                var z = map.getZoom(), events = window.mapperEvents;
                townMarkers.forEach(function (t) {
                    // a town with events is labelled by the event layer, with its events
                    var want = t[0] <= z + {{ this.label_zoom_bonus }} &&
                        !(events && events.placeNames && events.placeNames[t[2]]);
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
        self.regions = _resource("basemap/admin1.geojson").strip()
        self.towns = _resource("basemap/towns.geojson").strip()
        self.label_zoom_bonus = label_zoom_bonus
        self.attribution = (
            "Borders, towns: Natural Earth; Ukraine oblasts: "
            '<a href="https://www.geoboundaries.org">geoBoundaries</a> (CC BY 4.0); '
            "Russia's regions: derived from GeoNames (CC BY 4.0) and Rosstat settlements"
        )


class EventLayers(MapElement):
    """The events, once, as compact JSON, and the store every other element reads
    (`mapperLib.EventStore`): which events the filters, the time window and the date layers
    leave. The date layers are made here, one Leaflet FeatureGroup a label of `labels_json`
    (a JSON list: data, so that a page's structure does not depend on its dates), and the
    `LayerList` lists them. They hold no markers of their own: a group on the map shows its
    events, drawn by `EventClusters` and `RegionAreas`."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <script type="application/json" id="{{ this.get_name() }}_data">
        {{- this.data_json -}}
        </script>
        {% endmacro %}

        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function () {
                var map = {{ this._parent.get_name() }};
                [["mapper-areas", 390], ["mapper-control", 420], ["mapper-events", 450]]
                    .forEach(function (p) { map.createPane(p[0]).style.zIndex = p[1]; });
                // JSON.parse reads a large table faster than the JS parser reads a literal.
                var data = JSON.parse(
                    document.getElementById({{ (this.get_name() ~ "_data")|tojson }}).textContent);
                // One layer per date (or week, month), in the order of its labels.
                var labels = {{ this.labels_json }};
                var groups = labels.map(function () { return L.featureGroup().addTo(map); });
                var store = new mapperLib.EventStore(
                    map, {{ this.config_json }}, data, groups, {{ this.undated.get_name() }});
                store.groupLabels = labels;
                store.placeNames = {};
                store.data.p.forEach(function (p) {
                    store.placeNames[mapperLib.unescapeHtml(store.s[p[0]])] = 1;
                });
                mapperLib.wireEventLinks(store);
                return store;
            })();
            window.mapperMap = {{ this._parent.get_name() }};
            window.mapperEvents = {{ this.get_name() }};
        {% endmacro %}
        """
    )

    def __init__(self, data: dict, config: dict, labels: list[str], undated: FeatureGroup):
        super().__init__()
        self._name = "EventLayers"
        self.data_json = safe_json(data)
        self.config_json = safe_json(config)
        self.labels_json = safe_json(labels)
        self.undated = undated


class LayerList(LayerControl):
    """folium's layer control with the date layers of `events` (`EventLayers`) listed first,
    in their order, then the map's other layers as folium lists them."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function () {
                var control = L.control.layers(
                    { {%- for key, val in this.base_layers.items() %}
                        {{ key|tojson }}: {{ val }}, {%- endfor %} },
                    {},
                    {{ this.options|tojavascript }}
                ).addTo({{ this._parent.get_name() }});
                var store = {{ this.events.get_name() }};
                store.groups.forEach(function (group, k) {
                    control.addOverlay(group, store.groupLabels[k]);
                });
                {%- for key, val in this.overlays.items() %}
                control.addOverlay({{ val }}, {{ key|tojson }});
                {%- endfor %}
                return control;
            })();
        {% endmacro %}
        """
    )

    def __init__(self, events: EventLayers, **options) -> None:
        super().__init__(**options)
        self.events = events


class _StoreElement(MapElement):
    """A map element wired to the events store of an `EventLayers`."""

    def __init__(self, events: EventLayers, name: str):
        super().__init__()
        self._name = name
        self.events = events


class EventClusters(_StoreElement):
    """The shown point events on one canvas: clustered where they crowd, a stack at one
    place spread on click, each event's popup listing the others at its place, and a label
    for every place (`resources/map/clusters.js`)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this.events.get_name() }}.clusters = new mapperLib.EventClusters(
                {{ this.events.get_name() }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, events: EventLayers):
        super().__init__(events, "EventClusters")


class RegionAreas(_StoreElement):
    """Region-level events as their region's outline, lightly filled, one per region; a
    click lists the region's shown events (`resources/map/areas.js`)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this.events.get_name() }}.regions = new mapperLib.RegionAreas(
                {{ this.events.get_name() }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, events: EventLayers):
        super().__init__(events, "RegionAreas")


class _TerritorialControlScript(_StoreElement):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this.events.get_name() }}.control = new mapperLib.TerritorialControl(
                {{ this.events.get_name() }}, {{ this._parent.get_name() }}, "mapper-control",
                document.querySelector(".mapper-legend .ml-control"));
        {% endmacro %}
        """
    )


class TerritorialControl(FeatureGroup, MapElement):
    """A layer of the layer control: each settlement that an event says was captured,
    retaken or handed over (CONTROL_SUB_EVENTS in render.py), ringed in the colour of who
    holds it as of the time control's date, with the event that says so."""

    def __init__(self, events: EventLayers, show: bool = True):
        super().__init__(name="Territorial control (as of the time control)", show=show)
        self.add_child(_TerritorialControlScript(events, "TerritorialControlScript"))


class EventFilters(_StoreElement):
    """Filters in the side panel: event type and sub-type, side, claimed or reported,
    outlet, and a text search, each value with the count it would show
    (`resources/map/panels.js`)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this.events.get_name() }}.filters = new mapperLib.FilterPanel(
                {{ this.events.get_name() }}, mapperLib.sidePanel({{ this._parent.get_name() }}));
        {% endmacro %}
        """
    )

    def __init__(self, events: EventLayers):
        super().__init__(events, "EventFilters")


class EventList(_StoreElement):
    """The shown events in date order in the side panel; a click zooms to the event and
    opens it (`resources/map/panels.js`)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this.events.get_name() }}.list = new mapperLib.EventListPanel(
                {{ this.events.get_name() }}, mapperLib.sidePanel({{ this._parent.get_name() }}));
        {% endmacro %}
        """
    )

    def __init__(self, events: EventLayers):
        super().__init__(events, "EventList")


class TimeControl(_StoreElement):
    """Histogram of events per day on a true time axis, a slider by day, modes (all, this
    day, up to, from-to, a moving window) and play at a chosen step. It adds and removes the
    same date FeatureGroups the layer control lists (`resources/map/time.js`)."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <div id="{{ this.get_name() }}" class="mapper-time mapper-box">
          <div class="mt-top">
            <button type="button" class="mt-play" title="Play through the dates">&#9654;</button>
            <select class="mt-speed" aria-label="Step of play" title="Step of play">
              <option value="1">1 day</option><option value="7">1 week</option>
              <option value="30">1 month</option>
            </select>
            <select class="mt-mode" aria-label="Which dates to show">
              <option value="all" selected>all dates</option>
              <option value="single">this day</option>
              <option value="upto">up to this day</option>
              <option value="range">from – to</option>
              <option value="window">moving window</option>
            </select>
            <select class="mt-width" aria-label="Width of the moving window">
              <option value="7">7 days</option><option value="30" selected>30 days</option>
              <option value="90">90 days</option>
            </select>
            <span class="mt-label"></span>
          </div>
          <svg class="mt-hist" preserveAspectRatio="none" role="img"
               aria-label="Events per day"></svg>
          <div class="mt-axis"><span class="mt-axis-first"></span>
            <span class="mt-axis-unit"></span><span class="mt-axis-last"></span></div>
          <input type="range" class="mt-from" aria-label="First day"/>
          <input type="range" class="mt-to" aria-label="Day"/>
          {%- if this.unit != "date" %}
          <div class="mt-note">Layers: one per {{ this.unit|e }} ({{ this.layer_count }} in
            the layer control); the slider moves by day.</div>
          {%- endif %}
        </div>
        {% endmacro %}

        {% macro script(this, kwargs) %}
            {{ this.events.get_name() }}.timeBar = (function () {
                var div = document.getElementById({{ this.get_name()|tojson }});
                var map = {{ this._parent.get_name() }};
                mapperLib.addControl(map, div, {{ this.position|tojson }});
                return new mapperLib.TimeBar({{ this.events.get_name() }}, div,
                    { tickMs: {{ this.interval_ms }} });
            })();
            window.mapperTime = {{ this.events.get_name() }}.timeBar;
        {% endmacro %}
        """
    )

    def __init__(
        self,
        events: EventLayers,
        layer_count: str,
        unit: str = "date",
        position: str = "bottomleft",
        interval_ms: int = 700,
    ):
        super().__init__(events, "TimeControl")
        self.layer_count = layer_count  # (text: the number of date layers, or its slot)
        self.unit = unit
        self.position = position
        self.interval_ms = interval_ms


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
    """What colours, symbols, areas, hollow markers and sizes mean, with the counts of the
    events shown (they follow the filters and the time); collapsible, closed on a phone."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <details id="{{ this.get_name() }}" class="mapper-legend mapper-box" open>
          <summary><b>{{ this.title|e }}</b>
            <span class="ml-total mp-muted">({{ this.total }})</span></summary>
          {%- for row in this.rows %}
          <div class="ml-row">{{ row.svg }}<span>{{ row.label|e }}{% if row.count is not none %}
            <span class="mp-muted" data-type="{{ row.type }}">({{ row.count }})</span>
            {%- endif %}</span></div>
          {%- endfor %}
          <div class="ml-control"></div>
          {%- for note in this.notes %}
          <div class="ml-note">{{ note|e }}</div>
          {%- endfor %}
        </details>
        {% endmacro %}

        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var div = document.getElementById({{ this.get_name()|tojson }});
            if (map.getContainer().clientWidth < 700) { div.open = false; }
            mapperLib.addControl(map, div, {{ this.position|tojson }});
            new mapperLib.LegendCounts({{ this.events.get_name() }}, div, {{ this.total }});
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        events: EventLayers,
        rows: list[dict],
        notes: list[str],
        title: str = "Events",
        total: int = 0,
        position: str = "bottomright",
    ):
        super().__init__()
        self._name = "Legend"
        self.events = events
        # {"svg": trusted markup made here, "label": text, "count": int|None, "type": int|None}
        self.rows = rows
        self.notes = notes
        self.title = title
        self.total = total
        self.position = position


class PlaceSearch(_StoreElement):
    """Search box over the places of the events: zooms to the place, spreads its events
    and opens the first one shown."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <div id="{{ this.get_name() }}" class="mapper-search mapper-box">
          <input type="search" placeholder="Find a place…" list="{{ this.get_name() }}_names"
                 aria-label="Find a place"/>
          <datalist id="{{ this.get_name() }}_names"></datalist>
          <div class="ms-status"></div>
        </div>
        {% endmacro %}

        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var map = {{ this._parent.get_name() }}, store = {{ this.events.get_name() }};
            var div = document.getElementById({{ this.get_name()|tojson }});
            var input = div.querySelector("input"), status = div.querySelector(".ms-status");
            mapperLib.addControl(map, div, {{ this.position|tojson }});
            // Each place name (points and areas) and the events there, in date order.
            var byName = {}, nameOf = {};
            store.order.forEach(function (i) {
                var loc = store.col.loc[i];
                if (!(loc in nameOf)) { nameOf[loc] = mapperLib.unescapeHtml(store.s[loc]); }
                if (nameOf[loc]) { (byName[nameOf[loc]] = byName[nameOf[loc]] || []).push(i); }
            });
            var names = Object.keys(byName).sort(function (a, b) {
                return a.toLowerCase() < b.toLowerCase() ? -1 : 1;
            });
            var list = div.querySelector("datalist");
            names.forEach(function (name) {
                var o = document.createElement("option");
                o.value = name;
                list.appendChild(o);
            });
            function find(query) {
                var q = query.trim().toLowerCase(), hit = null;
                if (!q) { status.textContent = ""; return null; }
                function first(test) {
                    names.forEach(function (n) { if (!hit && test(n.toLowerCase())) { hit = n; } });
                }
                first(function (n) { return n === q; });
                first(function (n) { return n.indexOf(q) >= 0; });
                if (!hit) { status.textContent = "No event at that place"; return null; }
                var events = byName[hit];
                var shown = events.filter(function (i) { return store.visible[i]; });
                status.textContent = events.length + (events.length === 1 ? " event" : " events") +
                    (shown.length < events.length ? " (" + (events.length - shown.length) +
                    " hidden by the filters or the time)" : "");
                if (!shown.length) {
                    map.setView(store.latLng(events[0]), Math.max(map.getZoom(), 9));
                    return null;
                }
                store.focusEvent(shown[0]);
                return shown[0];
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

    def __init__(self, events: EventLayers, position: str = "topleft"):
        super().__init__(events, "PlaceSearch")
        self.position = position


class EmptyNotice(_StoreElement):
    """A message over the map when it shows no event: the build's reason (no article, no
    event, no coordinates), or which filters, time window or layers leave none, with a
    button that shows everything again."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <div id="{{ this.get_name() }}" class="mapper-empty" role="status" style="display:none">
          <div class="me-text"></div>
          <button type="button">Show every event</button>
        </div>
        {% endmacro %}

        {% macro script(this, kwargs) %}
            (function () {
                var map = {{ this._parent.get_name() }};
                var div = document.getElementById({{ this.get_name()|tojson }});
                map.getContainer().appendChild(div);
                L.DomEvent.disableClickPropagation(div);
                var reason = {{ this.reason|tojson }};
                new mapperLib.EmptyNotice({{ this.events.get_name() }}, div, reason);
            })();
        {% endmacro %}
        """
    )

    def __init__(self, events: EventLayers, reason: str = ""):
        super().__init__(events, "EmptyNotice")
        self.reason = reason


class ViewInUrl(_StoreElement):
    """The view in the URL's hash (centre, zoom, time, filters, search), so that a link
    reopens it; the first view, without a hash, fits where most events are."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this.events.get_name() }}.viewHash = new mapperLib.ViewHash(
                {{ this.events.get_name() }}, {{ this.events.get_name() }}.timeBar || null);
            {{ this.events.get_name() }}.start();
        {% endmacro %}
        """
    )

    def __init__(self, events: EventLayers):
        super().__init__(events, "ViewInUrl")


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
