/* mapper: the events of a map written by mapper/render.py, and the one set of them that the
 * filters, the time window and the date layers leave (EventStore), shaped markers, popups.
 * Plain JavaScript over Leaflet 1.9, no other library. Every string in the data was
 * HTML-escaped in Python (html.escape) before it got here: this file only concatenates.
 */
(function () {
  "use strict";

  // Columns of data.c, kept in step with mapper/render.py (COLUMNS).
  var COLUMNS = [
    "lat", "lon", "day", "bin", "type", "sub", "radius", "claim", "tprec", "gprec",
    "loc", "adm2", "adm1", "cc", "qty", "unit", "actor1", "actor2", "side1", "side2",
    "attribution", "notes", "id", "dead", "date", "articles", "area", "place", "holder"
  ];
  var DAY_MS = 86400000;

  // --- shaped markers: outlines shared by the canvas layers and the legend ---
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

  /** Trace a marker symbol on a 2D canvas context (fill and stroke are the caller's). */
  function traceShape(ctx, shape, x, y, r) {
    var pts = shapePoints(shape, x, y, r);
    ctx.beginPath();
    if (!pts) { ctx.arc(x, y, r, 0, 2 * Math.PI); return; }
    ctx.moveTo(pts[0][0], pts[0][1]);
    for (var i = 1; i < pts.length; i++) { ctx.lineTo(pts[i][0], pts[i][1]); }
    ctx.closePath();
  }

  /** Web Mercator x, y of a point in pixels at zoom 0 (a 256-pixel world), as Leaflet's. */
  function mercator(lat, lon) {
    var s = Math.sin(Math.max(Math.min(lat, 85.0511), -85.0511) * Math.PI / 180);
    return [256 * (0.5 + lon / 360), 256 * (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI))];
  }

  // The five entities Python's html.escape writes, back to their characters.
  var ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#x27;": "'" };
  function unescapeHtml(s) {
    return s.indexOf("&") < 0 ? s : s.replace(/&(?:amp|lt|gt|quot|#x27);/g, function (e) { return ENTITIES[e]; });
  }

  function dayText(day) { return new Date(day * DAY_MS).toISOString().slice(0, 10); }

  // --- the store ---
  var TPREC = { 1: "exact day", 2: "within a few days", 3: "month or vaguer" };
  var GPREC = { 1: "the town or village itself", 2: "near a town, or a district", 3: "a region or area (approximate)" };

  /**
   * The events of one map and the set of them shown. An event is shown when its date layer
   * is on the map (the undated layer for undated events), its day lies in the time window,
   * and it passes every filter. `on("change", fn)` tells each view after every change.
   */
  function EventStore(map, cfg, data, groups, undated) {
    var self = this, i;
    this.map = map;
    this.cfg = cfg;
    this.data = data;
    this.s = data.s;
    this.n = data.n;
    this.groups = groups;
    this.undated = undated;
    this.col = {};
    for (i = 0; i < COLUMNS.length; i++) { this.col[COLUMNS[i]] = data.c[i] || []; }
    var n = this.n, col = this.col;
    // Outlets of each article list, for the outlet filter.
    this.listOutlets = data.al.map(function (list) {
      var seen = [];
      list.forEach(function (a) {
        var o = data.a[a][1];
        if (seen.indexOf(o) < 0) { seen.push(o); }
      });
      return seen;
    });
    // Dates in order, undated last, ties in the table's order: the order of the list
    // (a counting sort by day).
    var day = col.day, first = Infinity, last = -Infinity;
    for (i = 0; i < n; i++) {
      if (day[i] >= 0) { first = Math.min(first, day[i]); last = Math.max(last, day[i]); }
    }
    this.firstDay = first === Infinity ? -1 : first;
    this.lastDay = last === -Infinity ? -1 : last;
    var span = this.firstDay < 0 ? 0 : last - first + 1, starts = new Int32Array(span + 2);
    for (i = 0; i < n; i++) { starts[(day[i] < 0 ? span : day[i] - first) + 1]++; }
    for (i = 1; i < starts.length; i++) { starts[i] += starts[i - 1]; }
    var order = new Int32Array(n);
    for (i = 0; i < n; i++) { order[starts[day[i] < 0 ? span : day[i] - first]++] = i; }
    this.order = order;
    // Events at each place, in date order.
    this.atPlace = data.p.map(function () { return []; });
    this.atArea = data.ar.map(function () { return []; });
    for (i = 0; i < n; i++) {
      var e = order[i];
      this.atPlace[col.place[e]].push(e);
      if (col.area[e] >= 0) { this.atArea[col.area[e]].push(e); }
    }
    // A sub-type is one of its type: "Armed clash" of Battles is not that of another type.
    // subTypes[k] = [type, sub-type string]; col.subType[i]: event i's k.
    var pairOf = {}, subTypes = [], subType = new Int32Array(n);
    for (i = 0; i < n; i++) {
      var key = col.sub[i] * 16 + col.type[i];
      if (!(key in pairOf)) { pairOf[key] = subTypes.length; subTypes.push([col.type[i], col.sub[i]]); }
      subType[i] = pairOf[key];
    }
    this.subTypes = subTypes;
    col.subType = subType;

    this.off = { type: {}, sub: {}, side: {}, claim: {}, outlet: {} };
    this.query = "";
    this.window = [-Infinity, Infinity];
    this.visible = new Uint8Array(n);
    this.nVisible = 0;
    this.counts = {};
    this.histogram = new Int32Array(0);
    this.listeners = { change: [] };
    this.hold = 1;  // until every view is built: see start()
    this.lastUpdateMs = 0;

    groups.concat([undated]).forEach(function (g) {
      g.on("add remove", function () { self.changed(); });
    });
  }

  EventStore.prototype.on = function (name, fn) { this.listeners[name].push(fn); return this; };

  /** Every view is built: compute the shown events once, and from now on at each change. */
  EventStore.prototype.start = function () {
    this.hold = 0;
    this.update();
  };

  /** Run `fn` (which may change several things) and update once at its end. */
  EventStore.prototype.batch = function (fn) {
    this.hold++;
    try { fn(); } finally { this.hold--; }
    this.changed();
  };

  EventStore.prototype.changed = function () { if (!this.hold) { this.update(); } };

  EventStore.prototype.setWindow = function (from, to) {
    this.window = [from, to];
    this.changed();
  };

  /** Hide (`hidden` true) or show the events whose `facet` is `value`. */
  EventStore.prototype.setOff = function (facet, value, hidden) {
    if (hidden) { this.off[facet][value] = 1; } else { delete this.off[facet][value]; }
    this.changed();
  };

  EventStore.prototype.clearFilters = function () {
    this.off = { type: {}, sub: {}, side: {}, claim: {}, outlet: {} };
    this.query = "";
    this.changed();
  };

  EventStore.prototype.setQuery = function (q) {
    this.query = q.trim().toLowerCase();
    this.changed();
  };

  EventStore.prototype.isFiltered = function () {
    var off = this.off;
    return !!this.query || Object.keys(off).some(function (k) { return Object.keys(off[k]).length; });
  };

  // The lower-case, unescaped text of each string, made once, when first searched.
  EventStore.prototype.lowerStrings = function () {
    if (!this._lower) { this._lower = this.s.map(function (t) { return unescapeHtml(t).toLowerCase(); }); }
    return this._lower;
  };

  /**
   * Recompute which events are shown, and the counts every view reads: per facet value,
   * the events that pass every other filter and the time (so that a filter's own counts
   * say what ticking it would add); per day, the events that pass every filter (the
   * histogram); per type, the events shown (the legend).
   */
  EventStore.prototype.update = function () {
    var t0 = performance.now();
    var n = this.n, col = this.col, off = this.off, vis = this.visible;
    var groupOn = this.groups.map(function (g) { return this.map.hasLayer(g) ? 1 : 0; }, this);
    var undatedOn = this.map.hasLayer(this.undated);
    var from = this.window[0], to = this.window[1];
    var q = this.query, lower = q ? this.lowerStrings() : null;
    var listOutlets = this.listOutlets;
    var nTypes = this.cfg.types.length;
    var counts = {
      type: new Int32Array(nTypes), sub: new Int32Array(this.subTypes.length), side: {},
      claim: new Int32Array(2), outlet: {}, shown: new Int32Array(nTypes)
    };
    // Events per day, from the first day on (histogram[d] counts day firstDay + d).
    var first = this.firstDay, hist = new Int32Array(first < 0 ? 0 : this.lastDay - first + 1);
    var cType0 = counts.type, cSub0 = counts.sub, cClaim0 = counts.claim, cShown = counts.shown;
    var nVisible = 0;
    var typeOff = off.type, subOff = off.sub, sideOff = off.side, claimOff = off.claim;
    var outletOff = off.outlet;
    function add(table, key) { table[key] = (table[key] || 0) + 1; }
    // Which outlets' events pass: per article list, once.
    var listOk = new Uint8Array(listOutlets.length);
    for (var l = 0; l < listOutlets.length; l++) {
      var outs = listOutlets[l], ok = !outs.length && !outletOff.none;
      for (var o = 0; o < outs.length && !ok; o++) { ok = outs[o] < 0 ? !outletOff.none : !outletOff[outs[o]]; }
      listOk[l] = ok ? 1 : 0;
    }
    var cDay = col.day, cBin = col.bin, cType = col.type, cSub = col.subType, cS1 = col.side1;
    var cS2 = col.side2, cClaim = col.claim, cArt = col.articles;
    for (var i = 0; i < n; i++) {
      var day = cDay[i], timeOk;
      if (day < 0) { timeOk = undatedOn; } else { timeOk = groupOn[cBin[i]] && day >= from && day <= to; }
      var type = cType[i], sub = cSub[i], s1 = cS1[i], s2 = cS2[i], claim = cClaim[i];
      var sideOk = s1 < 0 && s2 < 0 ? !sideOff.none : (s1 >= 0 && !sideOff[s1]) || (s2 >= 0 && !sideOff[s2]);
      var textOk = !q || lower[col.loc[i]].indexOf(q) >= 0 || lower[col.notes[i]].indexOf(q) >= 0 ||
        lower[col.actor1[i]].indexOf(q) >= 0 || lower[col.actor2[i]].indexOf(q) >= 0 ||
        lower[col.adm1[i]].indexOf(q) >= 0;
      // One bit per failed filter: type, sub-type, side, claim, outlet, text.
      var failed = (typeOff[type] ? 1 : 0) | (subOff[sub] ? 2 : 0) | (sideOk ? 0 : 4) |
        (claimOff[claim] ? 8 : 0) | (listOk[cArt[i]] ? 0 : 16) | (textOk ? 0 : 32);
      if (failed === 0 && day >= 0) { hist[day - first]++; }
      var shown = failed === 0 && timeOk;
      vis[i] = shown ? 1 : 0;
      if (shown) { nVisible++; cShown[type]++; }
      // An event that passes all filters but (at most) one counts for that one, or for all.
      if (!timeOk || (failed & (failed - 1)) !== 0) { continue; }
      if (failed === 0 || failed === 1) { cType0[type]++; }
      if (failed === 0 || failed === 2) { cSub0[sub]++; }
      if (failed === 0 || failed === 4) {
        if (s1 < 0 && s2 < 0) { add(counts.side, "none"); }
        if (s1 >= 0) { add(counts.side, s1); }
        if (s2 >= 0 && s2 !== s1) { add(counts.side, s2); }
      }
      if (failed === 0 || failed === 8) { cClaim0[claim]++; }
      if (failed === 0 || failed === 16) {
        var outlets = listOutlets[cArt[i]];
        if (!outlets.length) { add(counts.outlet, "none"); }
        for (var k = 0; k < outlets.length; k++) { add(counts.outlet, outlets[k] < 0 ? "none" : outlets[k]); }
      }
    }
    this.counts = counts;
    this.histogram = hist;
    this.nVisible = nVisible;
    var fns = this.listeners.change;
    for (var f = 0; f < fns.length; f++) { fns[f](this); }
    this.lastUpdateMs = performance.now() - t0;
  };

  /** The latest control event of each settlement as of `asOf` (a day), among the events
   * that pass the filters (whatever their date layer): {place: event}. */
  EventStore.prototype.controlAsOf = function (asOf) {
    var col = this.col, held = {}, order = this.order;
    for (var k = 0; k < order.length; k++) {
      var i = order[k];
      if (col.holder[i] < 0 || col.day[i] < 0 || col.day[i] > asOf) { continue; }
      if (!this.passesFilters(i)) { continue; }
      held[col.place[i]] = i;
    }
    return held;
  };

  /** Whether event i passes every filter (not the time). */
  EventStore.prototype.passesFilters = function (i) {
    var col = this.col, off = this.off;
    if (off.type[col.type[i]] || off.sub[col.subType[i]] || off.claim[col.claim[i]]) { return false; }
    var s1 = col.side1[i], s2 = col.side2[i];
    var sideOk = s1 < 0 && s2 < 0 ? !off.side.none : (s1 >= 0 && !off.side[s1]) || (s2 >= 0 && !off.side[s2]);
    if (!sideOk) { return false; }
    var outlets = this.listOutlets[col.articles[i]] || [], ok = !outlets.length && !off.outlet.none;
    for (var k = 0; k < outlets.length && !ok; k++) {
      ok = outlets[k] < 0 ? !off.outlet.none : !off.outlet[outlets[k]];
    }
    if (!ok) { return false; }
    if (this.query) {
      var lower = this.lowerStrings(), q = this.query;
      return [col.loc[i], col.notes[i], col.actor1[i], col.actor2[i], col.adm1[i]].some(
        function (t) { return lower[t].indexOf(q) >= 0; });
    }
    return true;
  };

  // --- text of one event ---
  EventStore.prototype.typeLabel = function (i) { return this.cfg.types[this.col.type[i]].label; };
  EventStore.prototype.typeColor = function (i) { return this.cfg.types[this.col.type[i]].color; };
  EventStore.prototype.str = function (column, i) { return this.s[this.col[column][i]]; };

  /** "Military Forces of Ukraine vs Military Forces of Russia" (escaped), or "". */
  EventStore.prototype.actorsHtml = function (i) {
    var a1 = this.str("actor1", i), a2 = this.str("actor2", i);
    if (a1 && a2) { return a1 + " vs " + a2; }
    return a1 || (a2 ? "against " + a2 : "");
  };

  /** "30 drones", "2 dead", "30 drones, 2 dead" (escaped), or "". */
  EventStore.prototype.countsHtml = function (i) {
    var qty = this.str("qty", i), parts = [];
    if (qty) { parts.push(qty + (this.str("unit", i) ? " " + this.str("unit", i) : "")); }
    if (this.str("dead", i)) { parts.push(this.str("dead", i) + " dead"); }
    return parts.join(", ");
  };

  EventStore.prototype.tooltipHtml = function (i) {
    return "<b>" + this.str("loc", i) + "</b> · " + (this.str("date", i) || "undated") +
      " · " + this.typeLabel(i);
  };

  /** A line that opens event i: date, type, place (escaped markup). */
  EventStore.prototype.eventLinkHtml = function (i, withPlace) {
    return "<li><a href=\"#\" data-mapper-event=\"" + i + "\">" + (this.str("date", i) || "undated") +
      " · " + this.typeLabel(i) + (withPlace ? " · " + this.str("loc", i) : "") + "</a></li>";
  };

  /** The popup of event i; `others`: the other shown events at its place, listed. */
  EventStore.prototype.popupHtml = function (i, others) {
    var s = this.s, col = this.col, t = this.cfg.types[col.type[i]];
    var out = [];
    function value(column) { return s[col[column][i]]; }
    function row(label, text) {
      if (text) { out.push("<div class=\"mp-row\"><b>" + label + ":</b> " + text + "</div>"); }
    }
    function join(parts, sep) { return parts.filter(function (p) { return p; }).join(sep); }
    out.push("<div class=\"mp-type\" style=\"border-left-color:" + t.color + "\"><b>" + t.label +
      "</b>" + (value("sub") ? " — " + value("sub") : "") + "</div>");
    var date = value("date");
    row("Date", date ? date + " (" + (TPREC[col.tprec[i]] || "precision unknown") + ")" : "undated");
    var parts = [value("loc"), value("adm2"), value("adm1"), value("cc")];
    parts = parts.filter(function (p, k) { return parts.indexOf(p) === k; });  // "Kursk Oblast" once
    row("Place", join(parts, ", ") +
      (GPREC[col.gprec[i]] ? " <span class=\"mp-muted\">(" + GPREC[col.gprec[i]] + ")</span>" : ""));
    row("Quantity", join([value("qty"), value("unit")], " "));
    row("Fatalities", value("dead"));
    // ACLED's two actors: actor2 is the side it was done to, where the article names one
    if (value("actor1") || value("actor2")) { row("Actor 1", value("actor1") || "not named"); }
    row("Actor 2", value("actor2"));
    if (value("attribution")) {
      out.push("<div class=\"mp-row mp-claim\"><b>Claimed by:</b> " +
        value("attribution").split("|").join(", ") +
        " <span class=\"mp-muted\">(a claim, not independently confirmed)</span></div>");
    } else {
      out.push("<div class=\"mp-row mp-muted\">Reported as fact by the source.</div>");
    }
    if (value("notes")) { out.push("<blockquote class=\"mp-notes\">" + value("notes") + "</blockquote>"); }
    var arts = this.data.al[col.articles[i]] || [];
    if (arts.length) {
      out.push("<div class=\"mp-row\"><b>Reported in " + arts.length +
        (arts.length === 1 ? " article" : " articles") + ":</b><ul class=\"mp-articles\">");
      for (var k = 0; k < arts.length; k++) {
        var a = this.data.a[arts[k]];  // [title, outlet, date, url, file]
        var outlet = a[1] >= 0 ? this.data.o[a[1]] : "";
        var title = a[0] || a[4] || "untitled article";
        var link = a[3] ?
          "<a href=\"" + a[3] + "\" target=\"_blank\" rel=\"noopener noreferrer\">" + title + "</a>" :
          "<span class=\"mp-title\">" + title + "</span>";
        var where = a[3] ? "" : " <span class=\"mp-muted\">(no link" +
          (a[0] && a[4] ? ": file " + a[4] : "") + ")</span>";
        out.push("<li>" + link + (outlet || a[2] ? " <span class=\"mp-muted\">— " +
          join([outlet, a[2]], ", ") + "</span>" : "") + where + "</li>");
      }
      out.push("</ul></div>");
    }
    if (others && others.length) {
      var shownOthers = others.slice(0, 25);
      out.push("<div class=\"mp-row mp-others\"><b>Also at " + value("loc") + " (" + others.length +
        "):</b><ul>" + shownOthers.map(function (j) { return this.eventLinkHtml(j, false); }, this)
          .join("") + (others.length > shownOthers.length ? "<li class=\"mp-muted\">… and " +
          (others.length - shownOthers.length) + " more in the list</li>" : "") + "</ul></div>");
    }
    out.push("<div class=\"mp-id\">" + value("id") + "</div>");
    return "<div class=\"mapper-popup\" data-event=\"" + i + "\">" + out.join("") + "</div>";
  };

  /** Popups pan clear of the side panel and the controls on the map's left. */
  EventStore.prototype.popupOptions = function (maxHeight) {
    var narrow = this.map.getContainer().clientWidth < 700;
    if (narrow) {  // a phone: below the buttons at the top, above the time control
      return {
        maxWidth: 290, maxHeight: Math.min(maxHeight, 240), className: "mapper-popup-wrap",
        autoPanPaddingTopLeft: [48, 100], autoPanPaddingBottomRight: [8, 170]
      };
    }
    return {
      maxWidth: 380, maxHeight: maxHeight, className: "mapper-popup-wrap",
      autoPanPaddingTopLeft: [panelInset(this.map) + 200, 50], autoPanPaddingBottomRight: [20, 20]
    };
  };

  /** The shown events at event i's place, but i. */
  EventStore.prototype.othersAt = function (i) {
    var vis = this.visible;
    return this.atPlace[this.col.place[i]].filter(function (j) { return j !== i && vis[j]; });
  };

  EventStore.prototype.latLng = function (i) { return L.latLng(this.col.lat[i], this.col.lon[i]); };

  /** Open event i's popup at `latlng` (its own point by default). */
  EventStore.prototype.openPopup = function (i, latlng) {
    var others = this.col.area[i] >= 0 ? [] : this.othersAt(i);
    this.popup = L.popup(this.popupOptions(340))
      .setLatLng(latlng || this.latLng(i)).setContent(this.popupHtml(i, others)).openOn(this.map);
    return this.popup;
  };

  /** A popup that lists events (a region's, or a cluster's); each line opens its event. */
  EventStore.prototype.openListPopup = function (title, events, latlng) {
    var shown = events.slice(0, 40);
    var html = "<div class=\"mapper-popup\"><div class=\"mp-type\"><b>" + title + "</b> (" +
      events.length + (events.length === 1 ? " event" : " events") + ")</div><ul class=\"mp-list\">" +
      shown.map(function (j) { return this.eventLinkHtml(j, true); }, this).join("") +
      (events.length > shown.length ? "<li class=\"mp-muted\">… and " + (events.length - shown.length) +
        " more in the list</li>" : "") + "</ul></div>";
    this.popup = L.popup(this.popupOptions(300)).setLatLng(latlng).setContent(html).openOn(this.map);
    return this.popup;
  };

  /** Zoom to event i and open its popup: through the cluster layer (which spreads the stack
   * the event is in) or the region layer (which fits the region in view). */
  EventStore.prototype.focusEvent = function (i, zoom) {
    if (this.col.area[i] >= 0 && this.focusArea) { return this.focusArea(i); }
    if (this.focusPoint) { return this.focusPoint(i, zoom); }
    this.map.setView(this.latLng(i), Math.max(this.map.getZoom(), zoom || 10));
    return this.openPopup(i);
  };

  // Clicks on "open this event" links inside popups and lists.
  function wireEventLinks(store) {
    store.map.getContainer().addEventListener("click", function (e) {
      var a = e.target.closest && e.target.closest("[data-mapper-event]");
      if (!a) { return; }
      e.preventDefault();
      store.focusEvent(+a.getAttribute("data-mapper-event"));
    });
  }

  /** A Leaflet control holding `div` at `position`; clicks and scrolls stay in it. */
  function addControl(map, div, position) {
    var Ctl = L.Control.extend({
      options: { position: position },
      onAdd: function () {
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
      }
    });
    return new Ctl().addTo(map);
  }

  /** The side panel (filters and list) of a map: made once, docked left, collapsible. */
  function sidePanel(map) {
    var box = map.getContainer();
    var panel = box.querySelector(".mapper-side");
    if (panel) { return panel; }
    panel = L.DomUtil.create("div", "mapper-side", box);
    var toggle = L.DomUtil.create("button", "mapper-side-toggle", box);
    toggle.type = "button";
    toggle.setAttribute("aria-label", "Show or hide the filters and the event list");
    L.DomEvent.disableClickPropagation(panel);
    L.DomEvent.disableScrollPropagation(panel);
    L.DomEvent.disableClickPropagation(toggle);
    var narrow = box.clientWidth < 700;
    function set(open) {
      box.classList.toggle("mapper-side-open", open);
      var sheet = box.clientWidth < 700;  // on a phone the panel is a sheet over the map
      toggle.innerHTML = open ? (sheet ? "&#10005; Map" : "&#10094;") : "&#9776; Events";
      toggle.title = open ? "Hide the filters and the event list" : "Filters and the event list";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
    set(!narrow);
    toggle.addEventListener("click", function () {
      set(!box.classList.contains("mapper-side-open"));
      map.fire("mapper:panel");
    });
    panel.setOpen = function (open) { set(open); map.fire("mapper:panel"); };
    panel.isOpen = function () { return box.classList.contains("mapper-side-open"); };
    return panel;
  }

  /** Pixels that the side panel hides on the left of the map (0 when closed or a sheet). */
  function panelInset(map) {
    var panel = map.getContainer().querySelector(".mapper-side");
    if (!panel || !panel.isOpen() || map.getContainer().clientWidth < 700) { return 0; }
    return panel.offsetWidth;
  }

  window.mapperLib = {
    EventStore: EventStore, COLUMNS: COLUMNS, shapePoints: shapePoints, mercator: mercator,
    traceShape: traceShape, unescapeHtml: unescapeHtml, dayText: dayText, DAY_MS: DAY_MS,
    wireEventLinks: wireEventLinks, addControl: addControl, sidePanel: sidePanel,
    panelInset: panelInset
  };
})();
