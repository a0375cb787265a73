/* mapper: region-level events as their region's outline (or a circle where no outline is
 * bundled), and the territorial-control layer: who holds each settlement as of the time
 * control's date, by the last event that says it was taken, retaken or handed over.
 */
(function () {
  "use strict";

  /** One lightly filled outline per region that has shown events; a click lists them. */
  function RegionAreas(store, pane) {
    var map = store.map, data = store.data, self = this;
    this.store = store;
    var renderer = L.canvas({ pane: pane, padding: 0.5 });
    this.layers = data.ar.map(function (a, k) {
      // a: [name, lat, lon, radius in metres (0: outlined), outline geometry or null]
      var style = { renderer: renderer, pane: pane, weight: 2, dashArray: "6 5", opacity: 0.9 };
      var layer = a[4] ? L.geoJSON({ type: "Feature", properties: {}, geometry: a[4] }, { style: function () { return style; } }) :
        L.circle([a[1], a[2]], L.extend({ radius: a[3] }, style));
      layer.on("click", function (e) { self.open(k, e.latlng); });
      layer.bindTooltip(function () { return self.tooltip(k); }, { sticky: true, className: "mapper-tip" });
      return layer;
    });
    this.group = L.layerGroup().addTo(map);
    store.on("change", function () { self.restyle(); });
    store.focusArea = function (i) { return self.focus(i); };
  }

  RegionAreas.prototype.shown = function (k) {
    var vis = this.store.visible;
    return this.store.atArea[k].filter(function (i) { return vis[i]; });
  };

  RegionAreas.prototype.restyle = function () {
    var store = this.store, col = store.col, types = store.cfg.types;
    for (var k = 0; k < this.layers.length; k++) {
      var layer = this.layers[k], shown = this.shown(k);
      if (!shown.length) {
        if (this.group.hasLayer(layer)) { this.group.removeLayer(layer); }
        continue;
      }
      var byType = {}, top = col.type[shown[0]], claims = 0;
      shown.forEach(function (i) {
        byType[col.type[i]] = (byType[col.type[i]] || 0) + 1;
        if (byType[col.type[i]] > byType[top]) { top = col.type[i]; }
        claims += col.claim[i];
      });
      var allClaims = claims === shown.length;
      var color = types[top].color;
      // Lightly filled: more events, a little more fill, never enough to hide the places.
      var fill = Math.min(0.06 + 0.03 * Math.log(shown.length + 1), 0.2) * (allClaims ? 0.5 : 1);
      layer.setStyle({ color: color, fillColor: color, fillOpacity: fill });
      if (!this.group.hasLayer(layer)) { this.group.addLayer(layer); }
    }
  };

  RegionAreas.prototype.tooltip = function (k) {
    var n = this.shown(k).length;
    return "<b>" + this.store.s[this.store.data.ar[k][0]] + "</b>: " + n + (n === 1 ? " event" : " events") +
      " for the region as a whole · click to list";
  };

  RegionAreas.prototype.open = function (k, latlng) {
    var shown = this.shown(k);
    if (shown.length === 1) { return this.store.openPopup(shown[0], latlng); }
    return this.store.openListPopup(this.store.s[this.store.data.ar[k][0]], shown, latlng);
  };

  /** Zoom to event i's region and open its popup there. */
  RegionAreas.prototype.focus = function (i) {
    var store = this.store, map = store.map, k = store.col.area[i], layer = this.layers[k];
    var pad = mapperLib.panelInset(map);
    map.fitBounds(layer.getBounds(), { paddingTopLeft: [pad + 20, 20], paddingBottomRight: [20, 20], animate: false });
    return store.openPopup(i, store.latLng(i));
  };

  // Colours of the sides that hold settlements, in the order sides first appear.
  var SIDE_COLORS = ["#b2182b", "#2166ac", "#5e3c99", "#e08214", "#1b7837", "#4d4d4d"];

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
    return SIDE_COLORS[side % SIDE_COLORS.length];
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
