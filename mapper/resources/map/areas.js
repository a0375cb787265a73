/* mapper: region-level events as their region's outline (or a circle where no outline is
 * bundled), and the territorial-control layer: who holds each settlement as of the time
 * control's date, by the last event that says it was taken, retaken or handed over.
 */
(function () {
  "use strict";

  var mercator = mapperLib.mercator;

  // Corners of a 16-gon of radius 1: cos, sin of each.
  var GON = [];
  for (var corner = 0; corner < 16; corner++) {
    GON.push(Math.cos((corner * Math.PI) / 8), Math.sin((corner * Math.PI) / 8));
  }

  /** Rings of a GeoJSON Polygon or MultiPolygon as flat arrays of world x, y (zoom 0). */
  function worldRings(geometry) {
    var polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    var rings = [];
    polys.forEach(function (poly) {
      poly.forEach(function (ring) {
        var flat = new Float64Array(ring.length * 2);
        ring.forEach(function (c, k) {
          var p = mercator(c[1], c[0]);
          flat[2 * k] = p[0];
          flat[2 * k + 1] = p[1];
        });
        rings.push(flat);
      });
    });
    return rings;
  }

  /**
   * Region-level events as their region's outline (or a circle where none is bundled), on
   * one canvas: the areas of one colour are one path, filled and stroked once, so that
   * thousands of areas redraw in a few milliseconds. A click lists the area's events.
   */
  var RegionAreas = L.Layer.extend({
    options: { pane: "mapper-areas" },

    initialize: function (store) {
      var self = this;
      this.store = store;
      // a: [name, lat, lon, radius in metres (0: outlined), outline geometry or null]
      this.areas = store.data.ar.map(function (a) {
        var c = mercator(a[1], a[2]);
        return {
          name: a[0], lat: a[1], lon: a[2], wx: c[0], wy: c[1], radius: a[3],
          rings: a[4] ? worldRings(a[4]) : null
        };
      });
      this.drawn = [];
      this.areaEvents = [];  // the events drawn as an area
      for (var i = 0; i < store.n; i++) { if (store.col.area[i] >= 0) { this.areaEvents.push(i); } }
      store.focusArea = function (i) { return self.focus(i); };
      store.on("change", function () { if (self._map) { self.redraw(); } });
    },

    onAdd: function (map) {
      this.canvas = L.DomUtil.create("canvas", "mapper-areas-canvas leaflet-zoom-hide");
      this.getPane().appendChild(this.canvas);
      this.ctx = this.canvas.getContext("2d");
      map.on("moveend zoomend resize viewreset", this.redraw, this);
      map.on("click", this._click, this);
      map.on("mousemove", this._hover, this);
      this.redraw();
    },

    onRemove: function (map) {
      L.DomUtil.remove(this.canvas);
      map.off("moveend zoomend resize viewreset", this.redraw, this);
      map.off("click", this._click, this);
      map.off("mousemove", this._hover, this);
    },

    /** Canvas pixels per CSS pixel: half the screen's where many areas overlap (they are
     * approximate, lightly filled, and their fill is what costs). */
    resolution: function () {
      return (window.devicePixelRatio || 1) * (this.drawn.length > 200 ? 0.5 : 1);
    },

    /** The shown events of area k, in date order. */
    shown: function (k) {
      var vis = this.store.visible;
      return this.store.atArea[k].filter(function (i) { return vis[i]; });
    },

    redraw: function () {
      var map = this._map, store = this.store, col = store.col, types = store.cfg.types;
      if (!map) { return; }
      var size = map.getSize(), ratio = this.resolution();
      L.DomUtil.setPosition(this.canvas, map.containerPointToLayerPoint([0, 0]));
      var width = Math.round(size.x * ratio), height = Math.round(size.y * ratio);
      if (this.canvas.width !== width || this.canvas.height !== height) {
        this.canvas.width = width;
        this.canvas.height = height;
        this.canvas.style.width = size.x + "px";
        this.canvas.style.height = size.y + "px";
      }
      var ctx = this.ctx;
      ctx.setTransform(width / size.x, 0, 0, height / size.y, 0, 0);
      ctx.clearRect(0, 0, size.x, size.y);
      var scale = Math.pow(2, map.getZoom());
      var origin = map.getPixelOrigin().subtract(map._getMapPanePos());
      var view = this.view = { scale: scale, ox: origin.x, oy: origin.y };
      var metresPerPx = 40075016.686 / (256 * scale);
      // Shown events per area: how many, how many of each type, how many claims.
      var nAreas = this.areas.length, nTypes = types.length, vis = store.visible;
      var count = new Int32Array(nAreas), claims = new Int32Array(nAreas);
      var byType = new Int32Array(nAreas * nTypes), events = this.areaEvents;
      for (var e = 0; e < events.length; e++) {
        var i = events[e], k = col.area[i];
        if (!vis[i]) { continue; }
        count[k]++;
        claims[k] += col.claim[i];
        byType[k * nTypes + col.type[i]]++;
      }
      // Areas of one colour (their events' most frequent type; claims only: fainter) are
      // traced as one path, filled and stroked once.
      var groups = {}, drawn = [];
      for (k = 0; k < nAreas; k++) {
        if (!count[k]) { continue; }
        var top = 0;
        for (var t = 1; t < nTypes; t++) { if (byType[k * nTypes + t] > byType[k * nTypes + top]) { top = t; } }
        var a = this.areas[k], d = { k: k, count: count[k], outline: !!a.rings };
        if (!a.rings) {
          d.x = a.wx * scale - view.ox;
          d.y = a.wy * scale - view.oy;
          d.r = a.radius / (metresPerPx / Math.cos(a.lat * Math.PI / 180));
        }
        var key = top + (claims[k] === count[k] ? "c" : "");
        var g = groups[key] || (groups[key] = { color: types[top].color, claims: claims[k] === count[k], outlines: [], circles: [] });
        (a.rings ? g.outlines : g.circles).push(d);
        drawn.push(d);
      }
      // Where hundreds of circles crowd: 16-gons, filled only (their dashed edges are noise
      // that costs most of a redraw).
      var many = drawn.length - drawn.filter(function (x) { return x.outline; }).length > 200;
      var self = this;
      Object.keys(groups).forEach(function (key) {
        var g = groups[key];
        ctx.fillStyle = g.color;
        ctx.strokeStyle = g.color;
        ctx.lineWidth = 2;
        ctx.setLineDash([6, 5]);
        ctx.beginPath();
        g.outlines.forEach(function (x) { self.trace(ctx, x.k); });
        ctx.globalAlpha = g.claims ? 0.05 : 0.1;
        ctx.fill();
        ctx.globalAlpha = 0.9;
        ctx.stroke();
        ctx.beginPath();
        g.circles.forEach(function (c) {
          if (!many) { ctx.moveTo(c.x + c.r, c.y); ctx.arc(c.x, c.y, c.r, 0, 2 * Math.PI); return; }
          // back to the first corner by a line: closePath costs time in the length of the
          // whole path (Chromium), and a fill closes every subpath anyway
          ctx.moveTo(c.x + c.r, c.y);
          for (var v = 1; v <= 16; v++) {
            ctx.lineTo(c.x + c.r * GON[(2 * v) % 32], c.y + c.r * GON[(2 * v + 1) % 32]);
          }
        });
        ctx.globalAlpha = g.claims ? 0.05 : 0.1;
        ctx.fill();
        if (!many) { ctx.globalAlpha = 0.9; ctx.stroke(); }
      });
      ctx.globalAlpha = 1;
      ctx.setLineDash([]);
      this.drawn = drawn;
    },

    /** Trace area k's outline on a canvas context or a Path2D, in the last view drawn. */
    trace: function (target, k) {
      var view = this.view;
      this.areas[k].rings.forEach(function (ring) {
        for (var p = 0; p < ring.length; p += 2) {
          var x = ring[p] * view.scale - view.ox, y = ring[p + 1] * view.scale - view.oy;
          if (p === 0) { target.moveTo(x, y); } else { target.lineTo(x, y); }
        }
        target.closePath();
      });
    },

    /** The areas drawn under a container point. */
    areasAt: function (p) {
      var ctx = this.ctx, self = this;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      return this.drawn.filter(function (d) {
        if (!d.outline) { return (p.x - d.x) * (p.x - d.x) + (p.y - d.y) * (p.y - d.y) <= d.r * d.r; }
        var path = new Path2D();
        self.trace(path, d.k);
        return ctx.isPointInPath(path, p.x, p.y);
      });
    },

    _under: function (e) {
      if (this.store.clusters && this.store.clusters.itemAt(e.containerPoint)) { return null; }
      // a circle (a district, a sea) before the region outline around it
      var hits = this.areasAt(e.containerPoint).sort(function (a, b) { return a.outline - b.outline; });
      return hits.length ? hits[0] : null;
    },

    _click: function (e) {
      var hit = this._under(e);
      if (hit) { this.open(hit.k, e.latlng); }
    },

    _hover: function (e) {
      var hit = this._under(e), map = this._map, store = this.store;
      map.getContainer().classList.toggle("mapper-pointer-area", !!hit);
      if (!hit) {
        if (this.tooltip) { map.closeTooltip(this.tooltip); this.tooltip = null; }
        return;
      }
      if (!this.tooltip) { this.tooltip = L.tooltip({ className: "mapper-tip", direction: "top", offset: [0, -8] }); }
      this.tooltip.setLatLng(e.latlng).setContent("<b>" + store.s[this.areas[hit.k].name] + "</b>: " +
        hit.count + (hit.count === 1 ? " event" : " events") + " for the area as a whole · click to list");
      if (!map.hasLayer(this.tooltip)) { map.openTooltip(this.tooltip); }
    },

    open: function (k, latlng) {
      var shown = this.shown(k);
      if (shown.length === 1) { return this.store.openPopup(shown[0], latlng); }
      return this.store.openListPopup(this.store.s[this.areas[k].name], shown, latlng);
    },

    /** The bounds of area k: its outline's, or its circle's. */
    bounds: function (k) {
      var a = this.areas[k];
      if (!a.rings) { return L.latLng(a.lat, a.lon).toBounds(2 * a.radius); }
      var b = L.latLngBounds([]);
      a.rings.forEach(function (ring) {
        for (var p = 0; p < ring.length; p += 2) { b.extend(L.CRS.EPSG3857.pointToLatLng(L.point(ring[p], ring[p + 1]), 0)); }
      });
      return b;
    },

    /** Zoom to event i's area and open its popup there. */
    focus: function (i) {
      var store = this.store, map = store.map, k = store.col.area[i];
      var pad = mapperLib.panelInset(map);
      map.fitBounds(this.bounds(k), { paddingTopLeft: [pad + 20, 20], paddingBottomRight: [20, 20], animate: false });
      return store.openPopup(i, store.latLng(i));
    }
  });

  // The two sides of the first corpus get the colours maps of that war give them.
  var SIDE_COLORS = ["#5e3c99", "#e08214", "#1b7837", "#4d4d4d", "#8c510a"];
  var NAMED_SIDE_COLORS = { Russia: "#b2182b", Ukraine: "#2166ac" };

  /** Who holds each settlement as of the end of the time window; listed in the layer control. */
  function TerritorialControl(store, layer, pane, keyBox) {
    var self = this;
    this.store = store;
    this.layer = layer;
    this.pane = pane;
    this.keyBox = keyBox;
    this.asOf = Infinity;
    this.renderer = L.svg({ pane: pane });
    store.on("change", function () { if (store.map.hasLayer(layer)) { self.redraw(); } });
    layer.on("add", function () { self.redraw(); });
    layer.on("remove", function () { if (self.keyBox) { self.keyBox.innerHTML = ""; } });
  }

  TerritorialControl.prototype.sideColor = function (side) {
    return NAMED_SIDE_COLORS[this.store.data.sd[side]] || SIDE_COLORS[side % SIDE_COLORS.length];
  };

  TerritorialControl.prototype.redraw = function () {
    var store = this.store, col = store.col, s = store.s, self = this;
    var asOf = Math.min(store.window[1], store.lastDay);
    var held = store.controlAsOf(asOf);
    this.layer.clearLayers();
    var sides = {};
    Object.keys(held).forEach(function (place) {
      var i = held[place], side = col.holder[i], color = self.sideColor(side);
      sides[side] = 1;
      var marker = L.circleMarker(store.latLng(i), {
        renderer: self.renderer, pane: self.pane, radius: 17, color: color, weight: 4,
        fillColor: color, fillOpacity: 0.12, opacity: 0.9
      });
      var who = store.data.sd[side];
      marker.bindTooltip("<b>" + s[col.loc[i]] + "</b>: held by " + who + " as of " +
        mapperLib.dayText(asOf), { className: "mapper-tip" });
      marker.bindPopup("<div class=\"mapper-popup\"><div class=\"mp-type\" style=\"border-left-color:" +
        color + "\"><b>" + s[col.loc[i]] + ": held by " + who + "</b></div><div class=\"mp-row\">" +
        "since " + s[col.date[i]] + ", as of " + mapperLib.dayText(asOf) + ", according to:</div>" +
        "<ul class=\"mp-list\">" + store.eventLinkHtml(i, false) + "</ul><blockquote class=\"mp-notes\">" +
        s[col.notes[i]] + "</blockquote></div>", { maxWidth: 360, className: "mapper-popup-wrap" });
      self.layer.addLayer(marker);
    });
    if (this.keyBox) {
      var keys = Object.keys(sides);
      this.keyBox.innerHTML = keys.length ? "<div class=\"ml-sub\">Territorial control as of " +
        mapperLib.dayText(asOf) + "</div>" + keys.map(function (side) {
          return "<div class=\"ml-row\"><span class=\"ml-ring\" style=\"border-color:" +
            self.sideColor(+side) + "\"></span><span>held by " + store.data.sd[side] + "</span></div>";
        }).join("") : "";
    }
  };

  mapperLib.RegionAreas = RegionAreas;
  mapperLib.TerritorialControl = TerritorialControl;
})();
