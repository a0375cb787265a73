/* mapper: the view in the URL's hash (centre, zoom, time, filters, search), the first view,
 * the legend's counts, and the message of an empty map.
 */
(function () {
  "use strict";

  var FACETS_IN_URL = ["type", "sub", "side", "claim", "outlet"];

  function isoDay(text) {
    var t = Date.parse(text + "T00:00:00Z");
    return isNaN(t) ? NaN : Math.round(t / mapperLib.DAY_MS);
  }

  /**
   * Keeps `#v=zoom/lat/lon&t=mode/from/to/width&f=type:1.3;side:none&q=text` in step with
   * the map, so a link reopens the same view; reads it at load and when it changes.
   * Without a view in the hash the map opens on `cfg.view`, where most events are.
   */
  function ViewHash(store, time) {
    var self = this, map = store.map;
    this.store = store;
    this.time = time;
    this.writing = false;
    if (!this.read(location.hash)) { this.firstView(); }
    var timer = null;
    function later() {
      clearTimeout(timer);
      timer = setTimeout(function () { self.write(); }, 250);
    }
    map.on("moveend", later);
    store.on("change", later);
    window.addEventListener("hashchange", function () {
      if (location.hash !== self.lastHash) { self.read(location.hash); }
    });
  }

  ViewHash.prototype.firstView = function () {
    var map = this.store.map, view = this.store.cfg.view;
    if (!view) { return; }
    var pad = mapperLib.panelInset(map);
    map.fitBounds(view, { paddingTopLeft: [pad + 10, 10], paddingBottomRight: [10, 60], maxZoom: 11, animate: false });
  };

  ViewHash.prototype.hash = function () {
    var map = this.store.map, store = this.store, c = map.getCenter(), parts = [];
    parts.push("v=" + map.getZoom() + "/" + c.lat.toFixed(4) + "/" + c.lng.toFixed(4));
    if (this.time) {
      var st = this.time.getState(), d = mapperLib.dayText;
      if (st.mode !== "all") { parts.push("t=" + st.mode + "/" + d(st.from) + "/" + d(st.to) + "/" + st.width); }
    }
    var f = FACETS_IN_URL.map(function (facet) {
      var keys = Object.keys(store.off[facet]);
      return keys.length ? facet + ":" + keys.join(".") : "";
    }).filter(Boolean);
    if (f.length) { parts.push("f=" + f.join(";")); }
    if (store.query) { parts.push("q=" + encodeURIComponent(store.query)); }
    return "#" + parts.join("&");
  };

  ViewHash.prototype.write = function () {
    var h = this.hash();
    if (h === location.hash) { return; }
    this.lastHash = h;
    history.replaceState(null, "", h);
  };

  /** Apply a hash; returns whether it held a view (centre and zoom). */
  ViewHash.prototype.read = function (hash) {
    var params = {}, store = this.store, map = store.map, self = this;
    hash.replace(/^#/, "").split("&").forEach(function (kv) {
      var at = kv.indexOf("=");
      if (at > 0) { params[kv.slice(0, at)] = kv.slice(at + 1); }
    });
    store.batch(function () {
      if (params.f !== undefined || params.q !== undefined) {
        store.off = { type: {}, sub: {}, side: {}, claim: {}, outlet: {} };
        (params.f || "").split(";").forEach(function (part) {
          var at = part.indexOf(":"), facet = part.slice(0, at);
          if (at < 0 || FACETS_IN_URL.indexOf(facet) < 0) { return; }
          part.slice(at + 1).split(".").forEach(function (v) { if (v) { store.off[facet][v] = 1; } });
        });
        try { store.query = decodeURIComponent(params.q || "").trim().toLowerCase(); } catch (e) { store.query = ""; }
      }
      if (params.t && self.time) {
        var t = params.t.split("/");
        self.time.setState({ mode: t[0], from: isoDay(t[1]), to: isoDay(t[2]), width: t[3] });
      }
    });
    var v = (params.v || "").split("/").map(Number);
    if (v.length === 3 && v.every(isFinite)) {
      map.setView([v[1], v[2]], v[0], { animate: false });
      return true;
    }
    return false;
  };

  /** The legend's counts: the events shown, per type. */
  function LegendCounts(store, div, total) {
    var title = div.querySelector(".ml-total");
    store.on("change", function () {
      var shown = store.counts.shown;
      div.querySelectorAll("[data-type]").forEach(function (span) {
        span.textContent = "(" + (shown[span.getAttribute("data-type")] || 0) + ")";
      });
      title.textContent = store.nVisible === total ? "(" + total + ")" : "(" + store.nVisible + " of " + total + ")";
    });
  }

  /** A message over the map when it shows nothing: why, and how to see events again. */
  function EmptyNotice(store, div, reason) {
    var text = div.querySelector(".me-text"), button = div.querySelector("button");
    button.addEventListener("click", function () {
      store.clearFilters();
      if (store.timeBar) { store.timeBar.setState({ mode: "all" }); }
      store.groups.concat([store.undated]).forEach(function (g) {
        if (!store.map.hasLayer(g)) { store.map.addLayer(g); }
      });
    });
    function check() {
      if (reason) {
        text.textContent = reason;
        button.style.display = "none";
        div.style.display = "";
        return;
      }
      if (store.nVisible > 0) { div.style.display = "none"; return; }
      var why = [];
      if (store.isFiltered()) { why.push("the filters"); }
      if (store.window[0] > -Infinity) { why.push("the time window"); }
      var off = store.groups.filter(function (g) { return !store.map.hasLayer(g); }).length;
      if (off && store.window[0] === -Infinity) { why.push(off + " date layer(s) switched off"); }
      text.textContent = "No event to show: " + (why.length ? why.join(", ") + " leave none of the " +
        store.n + " events." : "every layer is switched off.");
      button.style.display = "";
      div.style.display = "";
    }
    store.on("change", check);
    check();
  }

  mapperLib.ViewHash = ViewHash;
  mapperLib.LegendCounts = LegendCounts;
  mapperLib.EmptyNotice = EmptyNotice;
})();
