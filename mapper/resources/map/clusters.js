/* mapper: the shown point events on one canvas, clustered on a pixel grid, a stack of
 * events at one place spread on click, and a label for every place drawn.
 *
 * Why not Leaflet.markercluster: it keeps one Leaflet marker per event and indexes them at
 * every zoom; in this Chromium it took 17.6 s to take 100,000 markers (0.5 s for 10,000) and
 * 0.5-1.6 s to drop or take back a sixth of them, against the map's budget of 4 s to show
 * and 200 ms to redraw. Here every redraw clusters only the events in view, from typed arrays.
 */
(function () {
  "use strict";

  var mercator = mapperLib.mercator;

  var CELL = 46;          // px: events closer than a grid cell share a cluster
  var SPREAD_MIN_ZOOM = 11; // a cluster of several places is zoomed into below this zoom

  /** Where the n events of a spread stack sit around its centre (px offsets): a circle for
   * a few, a spiral for many. */
  function spreadOffsets(n) {
    var out = [], i;
    if (n <= 9) {
      var r = Math.max(28, (n * 28) / (2 * Math.PI));
      for (i = 0; i < n; i++) {
        var a = -Math.PI / 2 + (2 * Math.PI * i) / n;
        out.push([r * Math.cos(a), r * Math.sin(a)]);
      }
      return out;
    }
    var angle = 0, len = 22;
    for (i = 0; i < n; i++) {
      angle += 24 / len + 0.0005 * i;
      len += (2 * Math.PI * 4.5) / angle;
      out.push([len * Math.cos(angle), len * Math.sin(angle)]);
    }
    return out;
  }

  var EventClusters = L.Layer.extend({
    options: { pane: "mapper-events" },

    initialize: function (store) {
      this.store = store;
      var n = store.n, col = store.col;
      this.wx = new Float64Array(n);
      this.wy = new Float64Array(n);
      for (var i = 0; i < n; i++) {
        var p = mercator(col.lat[i], col.lon[i]);
        this.wx[i] = p[0];
        this.wy[i] = p[1];
      }
      this.items = [];
      this.spread = null;
      this.labelWidth = {};
      store.focusPoint = L.bind(this.focusPoint, this);
    },

    onAdd: function (map) {
      this.canvas = L.DomUtil.create("canvas", "mapper-events-canvas leaflet-zoom-hide");
      this.getPane().appendChild(this.canvas);
      this.ctx = this.canvas.getContext("2d");
      map.on("moveend zoomend resize viewreset", this.redraw, this);
      map.on("zoomstart", this._unspread, this);
      map.on("click", this._click, this);
      map.on("mousemove", this._hover, this);
      this.store.on("change", L.bind(this._storeChanged, this));
      this.redraw();
    },

    onRemove: function (map) {
      L.DomUtil.remove(this.canvas);
      map.off("moveend zoomend resize viewreset", this.redraw, this);
      map.off("zoomstart", this._unspread, this);
      map.off("click", this._click, this);
      map.off("mousemove", this._hover, this);
    },

    _storeChanged: function () {
      if (this.spread) {
        var vis = this.store.visible;
        this.spread.members = this.spread.members.filter(function (i) { return vis[i]; });
        if (this.spread.members.length < 2) { this.spread = null; }
      }
      if (this._map) { this.redraw(); }
    },

    _unspread: function () { this.spread = null; },

    /** Cluster the shown point events in view and draw them, spread stack and labels. */
    redraw: function () {
      var map = this._map;
      if (!map) { return; }
      var size = map.getSize(), ratio = window.devicePixelRatio || 1;
      var topLeft = map.containerPointToLayerPoint([0, 0]);
      L.DomUtil.setPosition(this.canvas, topLeft);
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

      var store = this.store, col = store.col, vis = store.visible, place = col.place;
      var zoom = map.getZoom(), scale = Math.pow(2, zoom);
      var origin = map.getPixelOrigin().subtract(map._getMapPanePos());
      var ox = origin.x, oy = origin.y, n = store.n;
      var spreadSet = null;
      if (this.spread) {
        spreadSet = {};
        this.spread.members.forEach(function (i) { spreadSet[i] = 1; });
      }
      // Grid cells over the view and a cell's width around it; per cell: count, sum of x
      // and y, its place (-2: several). Then each cell's members, by a counting sort.
      var cols = Math.ceil(size.x / CELL) + 3, rows = Math.ceil(size.y / CELL) + 3;
      var nCells = cols * rows, count = new Int32Array(nCells), place0 = new Int32Array(nCells);
      var sx = new Float64Array(nCells), sy = new Float64Array(nCells);
      if (!this.cellOf || this.cellOf.length !== n) { this.cellOf = new Int32Array(n); }
      var cellOf = this.cellOf, wx = this.wx, wy = this.wy, area = col.area;
      for (var i = 0; i < n; i++) {
        cellOf[i] = -1;
        if (!vis[i] || area[i] >= 0 || (spreadSet && spreadSet[i])) { continue; }
        var x = wx[i] * scale - ox, y = wy[i] * scale - oy;
        if (x < -CELL || y < -CELL || x > size.x + CELL || y > size.y + CELL) { continue; }
        var c = (Math.floor(y / CELL) + 1) * cols + Math.floor(x / CELL) + 1;
        cellOf[i] = c;
        if (count[c] === 0) { place0[c] = place[i]; } else if (place0[c] !== place[i]) { place0[c] = -2; }
        count[c]++;
        sx[c] += x;
        sy[c] += y;
      }
      var start = new Int32Array(nCells + 1);
      for (c = 0; c < nCells; c++) { start[c + 1] = start[c] + count[c]; }
      var fill = start.slice(0, nCells), members = new Int32Array(start[nCells]);
      for (i = 0; i < n; i++) { if (cellOf[i] >= 0) { members[fill[cellOf[i]]++] = i; } }
      var items = [];
      for (c = 0; c < nCells; c++) {
        var m = count[c];
        if (!m) { continue; }
        if (m === 1) {
          var e = members[start[c]];
          items.push({ kind: "event", i: e, x: wx[e] * scale - ox, y: wy[e] * scale - oy, r: col.radius[e] + 2 });
          continue;
        }
        var own = Array.from(members.subarray(start[c], start[c + 1])), onePlace = place0[c] !== -2;
        var cx = onePlace ? wx[own[0]] * scale - ox : sx[c] / m;
        var cy = onePlace ? wy[own[0]] * scale - oy : sy[c] / m;
        items.push({ kind: onePlace ? "stack" : "cluster", members: own, x: cx, y: cy,
          r: 11 + 3.5 * Math.log(m) / Math.LN10 });
      }
      // Big clusters first, so the small ones and single events stay on top.
      items.sort(function (a, b) { return (b.members ? b.members.length : 1) - (a.members ? a.members.length : 1); });
      var labels = [];
      for (var k = 0; k < items.length; k++) {
        var it = items[k];
        if (it.kind === "event") {
          this._drawEvent(ctx, it.i, it.x, it.y);
          labels.push([col.place[it.i], it.x, it.y, it.r, 1]);
        } else {
          this._drawCluster(ctx, it);
          if (it.kind === "stack") { labels.push([col.place[it.members[0]], it.x, it.y, it.r, it.members.length]); }
        }
      }
      if (this.spread) { this._drawSpread(ctx, items, scale, ox, oy); }
      this._drawLabels(ctx, labels, size);
      this.items = items;
    },

    _drawEvent: function (ctx, i, x, y) {
      var store = this.store, col = store.col, t = store.cfg.types[col.type[i]];
      var claim = col.claim[i] === 1;
      mapperLib.traceShape(ctx, t.shape, x, y, Math.max(Math.round(col.radius[i]), 1));
      ctx.globalAlpha = claim ? 0.2 : 0.85;
      ctx.fillStyle = t.color;
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.lineWidth = claim ? 2 : 1;
      ctx.setLineDash(claim ? [3, 3] : []);
      ctx.strokeStyle = claim ? t.color : "#222";
      ctx.stroke();
      ctx.setLineDash([]);
    },

    _drawCluster: function (ctx, it) {
      var store = this.store, col = store.col, types = store.cfg.types;
      var byType = {}, total = it.members.length;
      it.members.forEach(function (i) { byType[col.type[i]] = (byType[col.type[i]] || 0) + 1; });
      var start = -Math.PI / 2;
      ctx.lineWidth = 5;
      Object.keys(byType).forEach(function (t) {
        var end = start + (2 * Math.PI * byType[t]) / total;
        ctx.beginPath();
        ctx.arc(it.x, it.y, it.r, start, end);
        ctx.strokeStyle = types[t].color;
        ctx.stroke();
        start = end;
      });
      ctx.beginPath();
      ctx.arc(it.x, it.y, it.r - 2.5, 0, 2 * Math.PI);
      ctx.fillStyle = it.kind === "stack" ? "#fff" : "#f3f3f3";
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = "#333";
      ctx.beginPath();
      ctx.arc(it.x, it.y, it.r + 2.5, 0, 2 * Math.PI);
      ctx.stroke();
      ctx.fillStyle = "#111";
      ctx.font = "bold 11px system-ui, sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText(String(total), it.x, it.y + 0.5);
    },

    /** The spread stack: each event on a leg from the place, clickable on its own. */
    _drawSpread: function (ctx, items, scale, ox, oy) {
      var sp = this.spread, members = sp.members;
      var cx = sp.wx * scale - ox, cy = sp.wy * scale - oy;
      var offsets = spreadOffsets(members.length);
      ctx.strokeStyle = "rgba(40, 40, 40, 0.6)";
      ctx.lineWidth = 1.5;
      for (var k = 0; k < members.length; k++) {
        ctx.beginPath();
        ctx.moveTo(cx, cy);
        ctx.lineTo(cx + offsets[k][0], cy + offsets[k][1]);
        ctx.stroke();
      }
      ctx.beginPath();
      ctx.arc(cx, cy, 3.5, 0, 2 * Math.PI);
      ctx.fillStyle = "#333";
      ctx.fill();
      for (k = 0; k < members.length; k++) {
        var x = cx + offsets[k][0], y = cy + offsets[k][1];
        this._drawEvent(ctx, members[k], x, y);
        items.push({ kind: "event", i: members[k], x: x, y: y, r: this.store.col.radius[members[k]] + 3, spread: true });
      }
    },

    /** A label for every place drawn, most events first, none over another. */
    _drawLabels: function (ctx, labels, size) {
      var store = this.store, s = store.s, places = store.data.p, widths = this.labelWidth;
      labels.sort(function (a, b) { return b[4] - a[4]; });
      ctx.font = "600 12px system-ui, sans-serif";
      ctx.textAlign = "left";
      ctx.textBaseline = "middle";
      ctx.lineJoin = "round";
      var taken = [], texts = [];
      for (var k = 0; k < labels.length; k++) {
        var l = labels[k], name = places[l[0]][0];
        if (!s[name]) { continue; }
        var text = mapperLib.unescapeHtml(s[name]);
        if (widths[l[0]] === undefined) { widths[l[0]] = ctx.measureText(text).width; }
        var x = l[1] + l[3] + 3, y = l[2], w = widths[l[0]];
        if (x + w > size.x || y < 8 || y > size.y - 8) { continue; }
        var box = [x - 2, y - 8, x + w + 2, y + 8], clash = false;
        for (var t = 0; t < taken.length && !clash; t++) {
          var o = taken[t];
          clash = box[0] < o[2] && box[2] > o[0] && box[1] < o[3] && box[3] > o[1];
        }
        if (clash) { continue; }
        taken.push(box);
        texts.push(text);
        ctx.lineWidth = 3.5;
        ctx.strokeStyle = "rgba(255, 255, 255, 0.95)";
        ctx.strokeText(text, x, y);
        ctx.fillStyle = "#1a1a1a";
        ctx.fillText(text, x, y);
      }
      this.labels = texts;
    },

    /** The topmost item drawn at a container point, or null. */
    itemAt: function (p) {
      var best = null, bestD = Infinity;
      for (var k = this.items.length - 1; k >= 0; k--) {
        var it = this.items[k], dx = p.x - it.x, dy = p.y - it.y, d = dx * dx + dy * dy;
        if (d <= (it.r + 3) * (it.r + 3) && d < bestD) { best = it; bestD = d; }
      }
      return best;
    },

    _click: function (e) {
      var it = this.itemAt(e.containerPoint), map = this._map, store = this.store;
      if (!it) {
        if (this.spread) { this.spread = null; this.redraw(); }
        return;
      }
      if (it.kind === "event") {
        store.openPopup(it.i, map.containerPointToLatLng([it.x, it.y]));
        return;
      }
      if (it.kind === "cluster" && map.getZoom() < SPREAD_MIN_ZOOM) {
        var col = store.col;
        var bounds = L.latLngBounds(it.members.map(function (i) { return [col.lat[i], col.lon[i]]; }));
        var pad = mapperLib.panelInset(map);
        map.fitBounds(bounds.pad(0.3), { paddingTopLeft: [pad + 20, 20], maxZoom: SPREAD_MIN_ZOOM });
        return;
      }
      this.spreadAt(it.members);
    },

    /** Spread these events (one place, or a few near each other) around their centre. */
    spreadAt: function (members) {
      var wx = 0, wy = 0, self = this;
      members.forEach(function (i) { wx += self.wx[i]; wy += self.wy[i]; });
      this.spread = { members: members.slice(), wx: wx / members.length, wy: wy / members.length };
      this.redraw();
    },

    _hover: function (e) {
      var it = this.itemAt(e.containerPoint), map = this._map, store = this.store;
      map.getContainer().classList.toggle("mapper-pointer-event", !!it);
      if (!it) {
        if (this.tooltip) { map.closeTooltip(this.tooltip); this.tooltip = null; }
        return;
      }
      var html;
      if (it.kind === "event") {
        html = store.tooltipHtml(it.i);
      } else {
        var first = it.members[0];
        html = it.kind === "stack" ?
          "<b>" + store.str("loc", first) + "</b>: " + it.members.length + " events · click to spread" :
          it.members.length + " events near here · click to " + (map.getZoom() < SPREAD_MIN_ZOOM ? "zoom in" : "spread");
      }
      var ll = map.containerPointToLatLng([it.x, it.y - it.r]);
      if (!this.tooltip) {
        this.tooltip = L.tooltip({ direction: "top", offset: [0, -4], className: "mapper-tip" });
      }
      this.tooltip.setLatLng(ll).setContent(html);
      if (!map.hasLayer(this.tooltip)) { map.openTooltip(this.tooltip); }
    },

    /** Zoom to point event i, spread the stack it is in, open its popup. */
    focusPoint: function (i, zoom) {
      var map = this._map, store = this.store;
      var pad = mapperLib.panelInset(map);
      var z = Math.max(map.getZoom(), zoom || SPREAD_MIN_ZOOM);
      // Centre the event in the part of the map that the side panel leaves.
      var target = map.project(store.latLng(i), z).subtract([pad / 2, 0]);
      map.setView(map.unproject(target, z), z, { animate: false });
      this.spread = null;
      this.redraw();
      var p = map.latLngToContainerPoint(store.latLng(i));
      var it = null;
      for (var k = 0; k < this.items.length; k++) {
        var c = this.items[k];
        if (c.kind === "event" && c.i === i) { it = c; }
        if (c.members && c.members.indexOf(i) >= 0) {
          this.spreadAt(c.members);
          it = this.items.filter(function (d) { return d.kind === "event" && d.i === i; })[0];
          break;
        }
      }
      var at = it ? map.containerPointToLatLng([it.x, it.y]) : map.containerPointToLatLng(p);
      return store.openPopup(i, at);
    }
  });

  mapperLib.EventClusters = EventClusters;
  mapperLib.spreadOffsets = spreadOffsets;
})();
