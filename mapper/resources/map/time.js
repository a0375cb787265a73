/* mapper: the time control: a histogram of the events per day (week, month when long) on a
 * true time axis, a slider by day, modes (all, this day, up to, from-to, a moving window),
 * and play at a chosen step. It turns the date layers of the layer control on and off, and
 * gives the store the days of the window inside them.
 */
(function () {
  "use strict";

  var MODES = ["all", "single", "upto", "range", "window"];

  function TimeBar(store, div, opts) {
    var self = this;
    this.store = store;
    this.div = div;
    this.bins = store.cfg.bins;  // [first day, last day] of each date layer
    this.first = store.firstDay;
    this.last = store.lastDay;
    this.tickMs = opts.tickMs || 700;
    this.mode = div.querySelector(".mt-mode");
    this.width = div.querySelector(".mt-width");
    this.speed = div.querySelector(".mt-speed");
    this.from = div.querySelector(".mt-from");
    this.to = div.querySelector(".mt-to");
    this.label = div.querySelector(".mt-label");
    this.play = div.querySelector(".mt-play");
    this.svg = div.querySelector(".mt-hist");
    [this.from, this.to].forEach(function (r) {
      r.min = self.first;
      r.max = self.last;
      r.step = 1;
    });
    this.from.value = this.first;
    this.to.value = this.last;
    this.timer = null;
    this.to.addEventListener("input", function () {
      if (self.mode.value === "all") { self.mode.value = "upto"; }
      if (+self.from.value > +self.to.value) { self.from.value = self.to.value; }
      self.apply();
    });
    this.from.addEventListener("input", function () {
      if (+self.from.value > +self.to.value) { self.to.value = self.from.value; }
      self.apply();
    });
    this.mode.addEventListener("change", function () { self.apply(); });
    this.width.addEventListener("change", function () { self.apply(); });
    this.play.addEventListener("click", function () { self.toggle(); });
    this.svg.addEventListener("click", function (e) {
      var box = self.svg.getBoundingClientRect();
      var day = Math.round(self.first + ((e.clientX - box.left) / box.width) * (self.last - self.first));
      if (self.mode.value === "all") { self.mode.value = "single"; }
      self.to.value = day;
      if (+self.from.value > day) { self.from.value = day; }
      self.apply();
    });
    store.on("change", function () { self.drawHistogram(); });
    this.apply();
  }

  /** [first day, last day] of the window that the mode and the sliders make. */
  TimeBar.prototype.windowDays = function () {
    var m = this.mode.value, to = +this.to.value;
    if (m === "single") { return [to, to]; }
    if (m === "upto") { return [this.first, to]; }
    if (m === "range") { return [+this.from.value, to]; }
    if (m === "window") { return [to - +this.width.value + 1, to]; }
    return [-Infinity, Infinity];
  };

  /** Turn the date layers on or off for the window, then tell the store the window. */
  TimeBar.prototype.apply = function () {
    var store = this.store, map = store.map, w = this.windowDays(), bins = this.bins;
    var m = this.mode.value;
    this.div.classList.toggle("mt-is-range", m === "range");
    this.div.classList.toggle("mt-is-window", m === "window");
    store.batch(function () {
      store.groups.forEach(function (g, k) {
        var on = m === "all" || (bins[k][1] >= w[0] && bins[k][0] <= w[1]);
        if (on && !map.hasLayer(g)) { map.addLayer(g); } else if (!on && map.hasLayer(g)) { map.removeLayer(g); }
      });
      store.window = w;
    });
    var d = mapperLib.dayText;
    var days = w[1] - w[0] + 1;
    this.label.textContent = m === "all" ? "all dates" : m === "single" ? d(w[1]) :
      m === "upto" ? "up to " + d(w[1]) : d(Math.max(w[0], this.first)) + " – " + d(w[1]) +
        " (" + days + (days === 1 ? " day)" : " days)");
    map.fire("mapper:time");
  };

  TimeBar.prototype.getState = function () {
    return { mode: this.mode.value, from: +this.from.value, to: +this.to.value, width: +this.width.value };
  };

  TimeBar.prototype.setState = function (st) {
    if (MODES.indexOf(st.mode) >= 0) { this.mode.value = st.mode; }
    if (isFinite(st.from)) { this.from.value = st.from; }
    if (isFinite(st.to)) { this.to.value = st.to; }
    if (st.width && this.width.querySelector("option[value=\"" + st.width + "\"]")) { this.width.value = st.width; }
    this.apply();
  };

  TimeBar.prototype.stop = function () {
    clearInterval(this.timer);
    this.timer = null;
    this.play.innerHTML = "&#9654;";
    this.play.title = "Play through the dates";
  };

  TimeBar.prototype.toggle = function () {
    var self = this;
    if (this.timer) { return this.stop(); }
    if (this.mode.value === "all") { this.mode.value = "upto"; this.to.value = this.first; }
    else if (+this.to.value >= this.last) { this.to.value = this.first; }
    this.apply();
    this.play.innerHTML = "&#10074;&#10074;";
    this.play.title = "Pause";
    this.timer = setInterval(function () {
      if (+self.to.value >= self.last) { return self.stop(); }
      var step = +self.speed.value;
      if (self.mode.value === "range") { self.from.value = Math.min(+self.from.value + step, self.last); }
      self.to.value = Math.min(+self.to.value + step, self.last);
      self.apply();
    }, this.tickMs);
  };

  /** Bars of the events that pass the filters, per day (week, month when the span is long),
   * placed by date, the window's bars dark. */
  TimeBar.prototype.drawHistogram = function () {
    var svg = this.svg, hist = this.store.histogram, first = this.first, last = this.last;
    var W = 400, H = 40, span = last - first + 1;
    var unit = span <= 180 ? 1 : span <= 1100 ? 7 : 30.44;
    var bars = {}, max = 0;
    for (var d = 0; d < hist.length; d++) {
      if (!hist[d]) { continue; }
      var b = Math.floor(d / unit);
      bars[b] = (bars[b] || 0) + hist[d];
      max = Math.max(max, bars[b]);
    }
    var w = this.windowDays(), parts = [];
    parts.push("<rect class=\"mt-window\" x=\"" + Math.max(0, ((Math.max(w[0], first) - first) / span) * W) +
      "\" y=\"0\" width=\"" + Math.max(1.5, ((Math.min(w[1], last) - Math.max(w[0], first) + 1) / span) * W) +
      "\" height=\"" + H + "\"/>");
    var barW = Math.max((unit / span) * W - 0.6, 1);
    for (var k in bars) {
      var start = first + k * unit, x = ((start - first) / span) * W;
      var h = Math.max(2, (bars[k] / max) * (H - 4));
      var inside = start + unit - 1 >= w[0] && start <= w[1];
      parts.push("<rect class=\"" + (inside ? "mt-in" : "mt-out") + "\" x=\"" + x.toFixed(2) + "\" y=\"" +
        (H - h).toFixed(2) + "\" width=\"" + barW.toFixed(2) + "\" height=\"" + h.toFixed(2) + "\"><title>" +
        mapperLib.dayText(Math.round(start)) + (unit > 1 ? " +" + Math.round(unit) + " days" : "") + ": " +
        bars[k] + "</title></rect>");
    }
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    svg.innerHTML = parts.join("");
    this.div.querySelector(".mt-axis-first").textContent = first >= 0 ? mapperLib.dayText(first) : "";
    this.div.querySelector(".mt-axis-last").textContent = last >= 0 ? mapperLib.dayText(last) : "";
    this.div.querySelector(".mt-axis-unit").textContent = unit === 1 ? "events per day" :
      unit === 7 ? "events per week" : "events per month";
  };

  mapperLib.TimeBar = TimeBar;
})();
