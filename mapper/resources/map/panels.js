/* mapper: the side panel's two parts: the filters (with counts that follow the other filters
 * and the time window) and the list of the events shown, in date order.
 */
(function () {
  "use strict";

  function el(tag, cls, parent, html) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (html !== undefined) { e.innerHTML = html; }
    if (parent) { parent.appendChild(e); }
    return e;
  }

  /** A group of checkboxes, one per value of a facet, each with its count. */
  function facetGroup(parent, title, facet, options, store, open) {
    var box = el("details", "mf-group", parent);
    box.open = !!open;
    box.setAttribute("data-facet", facet);
    el("summary", "", box, title + " <span class=\"mf-off\"></span>");
    var rows = [];
    options.forEach(function (o) {
      var own = o.facet || facet;
      var label = el("label", "mf-option" + (o.indent ? " mf-indent" : ""), box);
      var input = el("input", "", label);
      input.type = "checkbox";
      input.checked = true;
      input.setAttribute("data-facet", own);
      input.setAttribute("data-value", String(o.value));
      if (o.swatch) { el("span", "mf-swatch", label).style.background = o.swatch; }
      el("span", "mf-name", label, o.label);
      var count = el("span", "mf-count", label);
      input.addEventListener("change", function () { store.setOff(own, o.value, !input.checked); });
      rows.push({ facet: own, value: o.value, input: input, count: count, label: label });
    });
    return { box: box, rows: rows, facet: facet };
  }

  /** The filters: event type and sub-type, side, claimed or reported, outlet, and text. */
  function FilterPanel(store, container) {
    var data = store.data, col = store.col, s = store.s, types = store.cfg.types;
    this.store = store;
    var root = el("section", "mapper-filters", container);
    var head = el("div", "mf-head", root);
    el("b", "", head, "Filters");
    var reset = el("button", "mf-reset", head, "Show all");
    reset.type = "button";
    var search = el("input", "mf-search", root);
    search.type = "search";
    search.placeholder = "Search place, actor, sentence…";
    search.setAttribute("aria-label", "Search the events by place, actor or sentence");
    this.search = search;
    var timer = null;
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { store.setQuery(search.value); }, 150);
    });
    // Each type present, then its sub-types (store.subTypes), in the order they first appear.
    var present = {};
    for (var i = 0; i < store.n; i++) { present[col.type[i]] = 1; }
    var typeOptions = [];
    types.forEach(function (ty, k) {
      if (!present[k]) { return; }
      typeOptions.push({ value: k, label: ty.label, swatch: ty.color });
      store.subTypes.forEach(function (pair, p) {
        if (pair[0] === k && s[pair[1]]) {
          typeOptions.push({ facet: "sub", value: p, label: s[pair[1]], indent: true });
        }
      });
    });
    // Types and sub-types share one group; a sub-type row sets the "sub" facet.
    this.groups = [];
    var typeGroup = facetGroup(root, "Event type", "type", typeOptions, store, true);
    this.groups.push(typeGroup);
    var sideOptions = data.sd.map(function (name, k) { return { value: k, label: name }; });
    sideOptions.push({ value: "none", label: "<i>no actor named</i>" });
    this.groups.push(facetGroup(root, "Side (either actor)", "side", sideOptions, store, false));
    this.groups.push(facetGroup(root, "Claimed or reported", "claim", [
      { value: 0, label: "reported as fact" },
      { value: 1, label: "claimed by a party" }
    ], store, false));
    var outletOptions = data.o.map(function (name, k) { return { value: k, label: name }; });
    outletOptions.push({ value: "none", label: "<i>no outlet named</i>" });
    this.groups.push(facetGroup(root, "Source outlet", "outlet", outletOptions, store, false));
    reset.addEventListener("click", function () {
      search.value = "";
      store.clearFilters();
    });
    var self = this;
    store.on("change", function () { self.refresh(); });
  }

  /** Counts and ticks as the store has them (after a filter, the time or a URL changed). */
  FilterPanel.prototype.refresh = function () {
    var store = this.store, counts = store.counts, off = store.off;
    this.groups.forEach(function (g) {
      var nOff = 0;
      g.rows.forEach(function (r) {
        var facet = r.facet, n = counts[facet][r.value] || 0;
        r.count.textContent = n;
        var checked = !off[facet][r.value];
        if (r.input.checked !== checked) { r.input.checked = checked; }
        if (!checked) { nOff++; }
        r.label.classList.toggle("mf-empty", n === 0);
      });
      g.box.querySelector(".mf-off").textContent = nOff ? "(" + nOff + " hidden)" : "";
    });
    if (this.search.value.trim().toLowerCase() !== store.query) { this.search.value = store.query; }
  };

  var PAGE = 200;

  /** The shown events in date order: date, type, place, actors, counts, sentence. */
  function EventListPanel(store, container) {
    var self = this;
    this.store = store;
    this.limit = PAGE;
    var root = el("section", "mapper-list", container);
    var head = el("div", "mlist-head", root);
    this.title = el("b", "", head);
    this.items = el("ol", "mlist-items", root);
    this.more = el("button", "mlist-more", root, "");
    this.more.type = "button";
    this.more.addEventListener("click", function () { self.limit += PAGE; self.render(); });
    function open(e) {
      var li = e.target.closest("li[data-mapper-event]");
      if (!li) { return; }
      e.preventDefault();
      e.stopPropagation();
      var current = root.querySelector(".mlist-current");
      if (current) { current.classList.remove("mlist-current"); }
      li.classList.add("mlist-current");
      if (store.map.getContainer().clientWidth < 700) {  // the sheet makes way for the popup
        store.map.getContainer().querySelector(".mapper-side").setOpen(false);
      }
      store.focusEvent(+li.getAttribute("data-mapper-event"));
    }
    this.items.addEventListener("click", open);
    this.items.addEventListener("keydown", function (e) { if (e.key === "Enter") { open(e); } });
    store.on("change", function () { self.limit = PAGE; self.render(); });
  }

  EventListPanel.prototype.render = function () {
    var store = this.store, vis = store.visible, order = store.order, out = [];
    var shown = store.nVisible;
    for (var k = 0; k < order.length && out.length < this.limit; k++) {
      if (vis[order[k]]) { out.push(this.rowHtml(order[k])); }
    }
    this.title.textContent = shown === store.n ? "All " + shown + " events" :
      shown + " of " + store.n + " events shown";
    this.items.innerHTML = out.join("");
    var rest = shown - out.length;
    this.more.style.display = rest > 0 ? "" : "none";
    this.more.textContent = "Show " + Math.min(rest, PAGE) + " more (" + rest + " not listed)";
  };

  EventListPanel.prototype.rowHtml = function (i) {
    var store = this.store, col = store.col, s = store.s;
    var counts = store.countsHtml(i), actors = store.actorsHtml(i);
    return "<li data-mapper-event=\"" + i + "\" tabindex=\"0\" class=\"" + (col.claim[i] ? "mlist-claim" : "") + "\">" +
      "<div class=\"mlist-top\"><span class=\"mlist-date\">" + (s[col.date[i]] || "undated") + "</span>" +
      "<span class=\"mlist-type\" style=\"border-color:" + store.typeColor(i) + "\">" + store.typeLabel(i) +
      (s[col.sub[i]] ? " · " + s[col.sub[i]] : "") + "</span></div>" +
      "<div class=\"mlist-place\">" + s[col.loc[i]] + (s[col.adm1[i]] && s[col.adm1[i]] !== s[col.loc[i]] ?
        "<span class=\"mp-muted\">, " + s[col.adm1[i]] + "</span>" : "") +
      (counts ? " <span class=\"mlist-counts\">" + counts + "</span>" : "") + "</div>" +
      (actors ? "<div class=\"mlist-actors\">" + actors + "</div>" : "") +
      (col.claim[i] ? "<div class=\"mp-claim\">claimed by " + s[col.attribution[i]].split("|").join(", ") + "</div>" : "") +
      "<div class=\"mlist-notes\">" + s[col.notes[i]] + "</div></li>";
  };

  mapperLib.FilterPanel = FilterPanel;
  mapperLib.EventListPanel = EventListPanel;
})();
