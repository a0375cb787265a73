/* mapper: event layers, shaped markers and popups for maps written by mapper/render.py.
 * Plain JavaScript over Leaflet 1.9, no other library. Every string in the data was
 * HTML-escaped in Python (html.escape) before it got here: this file only concatenates.
 */
(function () {
  "use strict";

  // Row layout of data.e, kept in step with mapper/render.py (ROW_FIELDS).
  var F = {};
  [
    "lat", "lon", "bin", "type", "radius", "area", "claim", "date", "tprec", "sub",
    "loc", "adm2", "adm1", "cc", "qty", "unit", "actor1", "actor2", "attribution",
    "notes", "articles", "id", "gprec", "dead"
  ].forEach(function (name, i) { F[name] = i; });

  // --- shaped markers: a CircleMarker whose outline is a diamond, star, triangle... ---
  function shapePoints(shape, x, y, r) {
    var pts = [], i, a, n;
    if (shape === "diamond") {
      return [[x, y - r * 1.25], [x + r, y], [x, y + r * 1.25], [x - r, y]];
    }
    if (shape === "square") {
      r = r * 0.9;
      return [[x - r, y - r], [x + r, y - r], [x + r, y + r], [x - r, y + r]];
    }
    if (shape === "triangle" || shape === "triangle-down") {
      var s = shape === "triangle" ? -1 : 1;
      return [[x, y + s * r * 1.2], [x + r * 1.1, y - s * r * 0.8], [x - r * 1.1, y - s * r * 0.8]];
    }
    if (shape === "star") {
      n = 8;
      for (i = 0; i < n * 2; i++) {
        a = Math.PI * i / n - Math.PI / 2;
        var rr = i % 2 ? r * 0.5 : r * 1.25;
        pts.push([x + rr * Math.cos(a), y + rr * Math.sin(a)]);
      }
      return pts;
    }
    return null; // circle
  }

  L.MapperShape = L.CircleMarker.extend({
    options: { shape: "circle" },
    _updatePath: function () {
      this._renderer._updateMapperShape(this);
    }
  });

  L.Canvas.include({
    _updateMapperShape: function (layer) {
      var pts = shapePoints(layer.options.shape, layer._point.x, layer._point.y,
        Math.max(Math.round(layer._radius), 1));
      if (!pts) { return this._updateCircle(layer); }
      if (!this._drawing || layer._empty()) { return; }
      var ctx = this._ctx;
      ctx.beginPath();
      ctx.moveTo(pts[0][0], pts[0][1]);
      for (var i = 1; i < pts.length; i++) { ctx.lineTo(pts[i][0], pts[i][1]); }
      ctx.closePath();
      this._fillStroke(ctx, layer);
    }
  });

  L.SVG.include({
    _updateMapperShape: function (layer) {
      var pts = shapePoints(layer.options.shape, layer._point.x, layer._point.y,
        Math.max(Math.round(layer._radius), 1));
      if (!pts) { return this._updateCircle(layer); }
      var d = "M" + pts.map(function (p) { return p[0].toFixed(1) + "," + p[1].toFixed(1); })
        .join("L") + "z";
      this._setPath(layer, layer._empty() ? "M0 0" : d);
    }
  });

  // --- popups and tooltips, built on demand from the escaped string table ---
  var TPREC = { 1: "exact day", 2: "within a few days", 3: "month or vaguer" };
  var GPREC = { 1: "the town or village itself", 2: "near a town, or a district", 3: "a region or area (approximate)" };

  function EventIndex(map, cfg, data, groups, undated) {
    this.map = map;
    this.cfg = cfg;
    this.data = data;
    this.markers = [];
    this.byLocation = {};
    var s = data.s, rows = data.e, types = cfg.types;
    var areaPane = cfg.areaPane;
    // Areas at one place share one fill: n events there each get 1/n of it, so that a region
    // told about many times does not turn opaque and hide the places inside it.
    var areasAt = {};
    for (var a = 0; a < rows.length; a++) {
      if (rows[a][F.area] > 0) {
        var at = rows[a][F.lat] + "," + rows[a][F.lon];
        areasAt[at] = (areasAt[at] || 0) + 1;
      }
    }
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i], t = types[r[F.type]] || types[types.length - 1], layer;
      var claim = r[F.claim] === 1;
      var latlng = [r[F.lat], r[F.lon]];
      if (r[F.area] > 0) {
        layer = L.circle(latlng, {
          radius: r[F.area], pane: areaPane, color: t.color, weight: 2,
          dashArray: "6 5", fillColor: t.color,
          fillOpacity: (claim ? 0.06 : 0.14) / areasAt[r[F.lat] + "," + r[F.lon]],
          opacity: 0.9
        });
      } else {
        layer = new L.MapperShape(latlng, {
          shape: t.shape, radius: r[F.radius], color: claim ? t.color : "#222",
          weight: claim ? 2 : 1, dashArray: claim ? "3 3" : null,
          fillColor: t.color, fillOpacity: claim ? 0.15 : 0.85
        });
      }
      layer.options.mapperRow = i;
      layer.options.eventId = s[r[F.id]];
      layer.options.eventDate = s[r[F.date]];
      var group = r[F.bin] >= 0 ? groups[r[F.bin]] : undated;
      group.addLayer(layer);
      this.markers.push(layer);
      var loc = r[F.loc];
      (this.byLocation[loc] = this.byLocation[loc] || []).push(layer);
    }
    var self = this;
    var popup = function (layer) { return self.popupHtml(layer.options.mapperRow); };
    var tooltip = function (layer) { return self.tooltipHtml(layer.options.mapperRow); };
    groups.concat([undated]).forEach(function (g) {
      g.bindPopup(popup, { maxWidth: 380, maxHeight: 340, className: "mapper-popup-wrap" });
      g.bindTooltip(tooltip, { sticky: true, direction: "top" });
    });
  }

  EventIndex.prototype.tooltipHtml = function (i) {
    var s = this.data.s, r = this.data.e[i];
    var date = s[r[F.date]] || "undated";
    return "<b>" + s[r[F.loc]] + "</b> · " + date;
  };

  EventIndex.prototype.popupHtml = function (i) {
    var s = this.data.s, r = this.data.e[i], t = this.cfg.types[r[F.type]];
    var out = [];
    function row(label, value) {
      if (value) { out.push("<div class=\"mp-row\"><b>" + label + ":</b> " + value + "</div>"); }
    }
    function join(parts, sep) { return parts.filter(function (p) { return p; }).join(sep); }
    out.push("<div class=\"mp-type\" style=\"border-left-color:" + t.color + "\"><b>" +
      (this.cfg.typeLabels[r[F.type]] || "") + "</b>" +
      (s[r[F.sub]] ? " — " + s[r[F.sub]] : "") + "</div>");
    var date = s[r[F.date]];
    row("Date", date ? date + " (" + (TPREC[r[F.tprec]] || "precision unknown") + ")" : "undated");
    row("Place", join([s[r[F.loc]], s[r[F.adm2]], s[r[F.adm1]], s[r[F.cc]]], ", ") +
      (GPREC[r[F.gprec]] ? " <span class=\"mp-muted\">(" + GPREC[r[F.gprec]] + ")</span>" : ""));
    row("Quantity", join([s[r[F.qty]], s[r[F.unit]]], " "));
    row("Fatalities", s[r[F.dead]]);
    // ACLED's two actors: actor2 is the side it was done to, where the article names one
    if (s[r[F.actor1]] || s[r[F.actor2]]) { row("Actor 1", s[r[F.actor1]] || "not named"); }
    row("Actor 2", s[r[F.actor2]]);
    if (s[r[F.attribution]]) {
      out.push("<div class=\"mp-row mp-claim\"><b>Claimed by:</b> " + s[r[F.attribution]] +
        " <span class=\"mp-muted\">(a claim, not independently confirmed)</span></div>");
    }
    if (s[r[F.notes]]) { out.push("<blockquote class=\"mp-notes\">" + s[r[F.notes]] + "</blockquote>"); }
    var arts = this.data.al[r[F.articles]] || [];
    if (arts.length) {
      out.push("<div class=\"mp-row\"><b>Reported in " + arts.length +
        (arts.length === 1 ? " article" : " articles") + ":</b><ul class=\"mp-articles\">");
      for (var k = 0; k < arts.length; k++) {
        var a = this.data.a[arts[k]];  // [title, outlet, date, url]
        var title = a[0] || a[3] || "article";
        var link = a[3] ? "<a href=\"" + a[3] + "\" target=\"_blank\" rel=\"noopener noreferrer\">" +
          title + "</a>" : title;
        out.push("<li>" + link + (a[1] || a[2] ? " <span class=\"mp-muted\">— " +
          join([a[1], a[2]], ", ") + "</span>" : "") + "</li>");
      }
      out.push("</ul></div>");
    }
    out.push("<div class=\"mp-id\">" + s[r[F.id]] + "</div>");
    return "<div class=\"mapper-popup\">" + out.join("") + "</div>";
  };

  /** Zoom to an event and open its popup (used by the place search). */
  EventIndex.prototype.openEvent = function (layer) {
    var ll = layer.getLatLng();
    L.popup({ maxWidth: 380, maxHeight: 340, className: "mapper-popup-wrap" })
      .setLatLng(ll).setContent(this.popupHtml(layer.options.mapperRow)).openOn(this.map);
  };

  var decoder = document.createElement("textarea");
  function unescapeHtml(s) { decoder.innerHTML = s; return decoder.value; }

  window.mapperLib = { EventIndex: EventIndex, F: F, unescapeHtml: unescapeHtml };
})();
