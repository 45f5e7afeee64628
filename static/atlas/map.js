/* Dispatch Atlas: the map's layers, drawn and filtered by day in the browser.
 *
 * geo.render.browser puts one call in the page: atlasMap.mount(map, source, control, bounds).
 * The data (geo.render.layers.map_data: every feature for every date, sent once, one list per
 * property) sits in the page's head as a JSON script element (source: its id), or in a file
 * the app serves, which preload.js started fetching while the scripts loaded (source: {url}).
 * This script reads it into one record per feature and draws it (event badges, place dots,
 * figure circles, areas, zones, frontlines, advance arrows), clusters points that overlap
 * (leaflet.markercluster) and spreads a cluster around its spot on click, every marker staying
 * at its exact coordinates. A timeline control filters what is drawn by day without asking the
 * server; the chosen range goes back to the app (debounced) as the component's value so its
 * tables follow, and into the page's address with the view, so the address is a link to what
 * is on screen. All popup text arrives escaped from Python; this script only puts the pieces
 * together, with the dates it writes from day numbers.
 */
(function () {
  "use strict";

  var DAY_MS = 86400000;
  var SEND_DELAY_MS = 700; // the range goes back to the app this long after the last change
  var REPORT_MS = 1500; // the app hears that the map has drawn this long after at the latest
  var URL_DELAY_MS = 300;
  var PLAY_MS = 900;
  var FOCUS_ZOOM = 12;
  var SEARCH_TIPS = 20; // names a search lists at most: the features' first, then towns
  var TOWN_TIPS = 12; // towns of the basemap among them at most
  var SPREAD_PX = 24; // a cluster smaller than this at the deepest zoom is spread, not zoomed
  var HISTOGRAM_BARS = 120;
  var LABEL_RADIUS = 13; // px: circles this big carry their number
  var POINT_SCALE = 1e5; // points arrive as whole numbers of 10^-5 degree

  /* A feature's dates as its hover text says them: one day, a span, or "undated". */
  function whenOf(start, end) {
    var first = start !== null ? start : end;
    var last = end !== null ? end : start;
    if (first === null) return "undated";
    return first === last ? isoOf(first) : isoOf(first) + " – " + isoOf(last);
  }

  function dayOf(iso) {
    if (!iso) return null;
    var time = Date.parse(iso + "T00:00:00Z");
    return isNaN(time) ? null : Math.round(time / DAY_MS);
  }

  function isoOf(day) {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  }

  function element(tag, className, parent) {
    return L.DomUtil.create(tag, className || "", parent);
  }

  /* The address of the page holding the map (the map lives in an iframe of the same origin). */
  function hostWindow() {
    try {
      if (window.parent && window.parent.location && window.parent.location.href) {
        return window.parent;
      }
    } catch (error) {
      /* another origin: the address cannot be read or written */
    }
    return null;
  }

  function readAddress() {
    var host = hostWindow();
    var params = {};
    if (!host) return params;
    new URL(host.location.href).searchParams.forEach(function (value, key) {
      params[key] = value;
    });
    return params;
  }

  function Atlas(map, data, control) {
    this.map = map;
    this.data = data;
    this.control = control;
    this.records = [];
    this.byId = {};
    this.icons = {}; // one icon per look: markers share them
    this.kindOn = {};
    this.spreadLayers = [];
    this.lastSent = null;
    this.sendTimer = null;
    this.urlTimer = null;
    this.playTimer = null;
    this.mountedAt = Date.now();
    var days = data.days || null;
    this.extent = days ? [dayOf(days[0]), dayOf(days[1])] : null;
    this.range = { start: this.extent ? this.extent[0] : null,
                   end: this.extent ? this.extent[1] : null, undated: true };
    this.chosen = false; // a range picked (or linked to) rather than the whole period
    this.shown = 0;
    this.counts = {};
    this.zoneDay = null;
    this.buildLayers();
    this.readFeatures();
    this.restoreFromAddress();
    this.addControls();
    this.apply();
    this.watchView();
    map.getContainer().setAttribute("data-atlas-mounted", String(this.mountedAt));
  }

  Atlas.prototype.buildLayers = function () {
    var map = this.map;
    var self = this;
    map.createPane("atlasZones").style.zIndex = 350;
    map.createPane("atlasLines").style.zIndex = 420;
    this.zones = L.layerGroup().addTo(map);
    this.areas = L.layerGroup().addTo(map);
    this.fronts = L.layerGroup().addTo(map);
    this.arrows = L.layerGroup().addTo(map);
    this.figures = L.featureGroup().addTo(map);
    this.labels = L.layerGroup().addTo(map); // the number inside a big figure circle
    this.spread = L.layerGroup().addTo(map);
    this.points = L.markerClusterGroup({
      maxClusterRadius: 40,
      showCoverageOnHover: false,
      zoomToBoundsOnClick: false,
      spiderfyOnMaxZoom: false,
      chunkedLoading: true,
      iconCreateFunction: function (cluster) {
        var count = cluster.getChildCount();
        var size = count < 10 ? 30 : count < 100 ? 36 : 44;
        return L.divIcon({
          html: "<div><span>" + count + "</span></div>",
          className: "atlas-cluster",
          iconSize: L.point(size, size),
        });
      },
    }).addTo(map);
    this.points.on("clusterclick clusterkeypress", function (event) {
      self.openCluster(event.layer);
    });
    // Markers and figure circles get their hover text and popup when first pointed at or
    // clicked: binding them all up front is a good part of drawing 20,000 features.
    [this.points, this.figures].forEach(function (group) {
      group.on("mouseover", function (event) {
        if (event.layer.getTooltip()) return;
        self.bindTexts(event.layer); // then opened as Leaflet opens it: at the pointer for
        event.layer.openTooltip(event.layer.getRadius ? event.latlng : undefined); // circles
      });
      group.on("click", function (event) {
        if (event.layer.getPopup()) return;
        self.bindTexts(event.layer);
        event.layer.openPopup(event.layer.getRadius ? event.latlng : undefined);
      });
    });
    map.on("zoomstart", function () { self.unspread(); });
    map.on("click", function () { self.unspread(); });
  };

  /* One record per feature: its Leaflet layer, days, kind and where it is drawn. The
   * feature's properties share its look (colour, size, symbol) with the features drawn alike. */
  Atlas.prototype.readFeatures = function () {
    var data = this.data;
    var self = this;
    var shapes = {};
    var at = {};
    data.shapes.forEach(function (item) { shapes[item[0]] = item[1]; });
    data.at.forEach(function (item) { at[item[0]] = [item[1], item[2]]; });
    for (var i = 0; i < data.id.length; i += 1) {
      var p = Object.create(data.looks[data.look[i]]);
      p.n = data.names[data.name[i]];
      p.s = data.s[i];
      p.e = data.e[i];
      p.h = data.head[i];
      p.w = data.how[i];
      p.q = data.quote[i];
      p.d = data.article[i];
      p.x = data.credit[i];
      if (at[i]) p.at = at[i];
      var geometry = shapes[i] ||
        { type: "Point", coordinates: [data.x[i] / POINT_SCALE, data.y[i] / POINT_SCALE] };
      var feature = { type: "Feature", id: data.id[i], geometry: geometry, properties: p };
      var record = {
        id: feature.id, feature: feature, p: p, kind: p.kind, start: p.s, end: p.e,
        asOf: p.draw === "zone" || p.draw === "front", shown: false, arrows: [],
      };
      record.undated = record.start === null && record.end === null && !record.asOf;
      record.layer = this.makeLayer(record);
      record.group = this.groupOf(record);
      if (record.extra) record.extra.feature = feature;
      this.records.push(record);
      this.byId[feature.id] = record;
      this.kindOn[p.kind] = true;
    }
    data.arrows.forEach(function (arrow) { // [event id, colour, geometry]
      var owner = self.byId[arrow[0]];
      if (!owner) return;
      var color = arrow[1];
      owner.arrows.push(L.geoJSON({ type: "Feature", geometry: arrow[2], properties: {} }, {
        interactive: false,
        style: function () {
          return { color: color, weight: 3, opacity: 0.9, fillColor: color, fillOpacity: 0.9,
                   className: "atlas-arrow" };
        },
      }));
    });
  };

  Atlas.prototype.groupOf = function (record) {
    var draw = record.p.draw;
    if (draw === "badge" || draw === "dot") return this.points;
    if (draw === "circle") return this.figures;
    if (draw === "zone") return this.zones;
    if (draw === "front") return this.fronts;
    return this.areas;
  };

  /* The popup, put together when it opens: the hover text, the sentence quoted, the article
   * and whom it is attributed to (escaped pieces from Python; the dates are numbers). */
  Atlas.prototype.popupOf = function (p) {
    var self = this;
    var text = this.data.text;
    return function () {
      var quote = text[p.q] ? "<blockquote class='atlas-quote'>“" + text[p.q] +
        "”</blockquote>" : "";
      return "<div>" + self.tipOf(p) + "</div>" + quote + text[p.d] + text[p.x];
    };
  };

  /* The hover text: name and what it says, when, and for a zone or a front how it was made. */
  Atlas.prototype.tipOf = function (p) {
    var text = this.data.text;
    var tip = text[p.h] + "<br><span class='atlas-when'>" + whenOf(p.s, p.e) + "</span>";
    if (p.w) tip += "<br><span class='atlas-how'>" + text[p.w] + "</span>";
    return tip;
  };

  Atlas.prototype.tipFor = function (p) {
    var self = this;
    return function () { return self.tipOf(p); };
  };

  /* One icon for every marker drawn alike (an icon only describes the marker it makes). */
  Atlas.prototype.iconOf = function (key, make) {
    if (!this.icons[key]) this.icons[key] = make();
    return this.icons[key];
  };

  Atlas.prototype.badgeIcon = function (p, undated) {
    var badges = this.data.badges;
    return this.iconOf("badge|" + p.sym + "|" + undated, function () {
      return L.divIcon({
        html: badges[p.sym] || "",
        className: "atlas-feature atlas-event atlas-icon" + (undated ? " atlas-undated" : ""),
        iconSize: L.point(24, 24),
        iconAnchor: L.point(12, 12),
      });
    });
  };

  Atlas.prototype.dotIcon = function (p, undated) {
    var size = Math.round(p.r * 2 + 2);
    return this.iconOf("dot|" + p.c + "|" + size + "|" + undated, function () {
      return L.divIcon({
        html: "<span style='background:" + p.c + "'></span>",
        className: "atlas-feature atlas-place atlas-dot" + (undated ? " atlas-undated" : ""),
        iconSize: L.point(size, size),
        iconAnchor: L.point(size / 2, size / 2),
      });
    });
  };

  Atlas.prototype.makeLayer = function (record) {
    var p = record.p;
    var feature = record.feature;
    var popup = this.popupOf(p);
    var undated = record.undated ? " atlas-undated" : "";
    var layer;
    if (p.draw === "badge" || p.draw === "dot") {
      var c = feature.geometry.coordinates;
      var icon = p.draw === "badge" ? this.badgeIcon(p, record.undated)
                                    : this.dotIcon(p, record.undated);
      layer = L.marker([c[1], c[0]], { icon: icon, riseOnHover: true });
      layer.feature = feature;
      return layer; // hover text and popup: bound when first needed (see bindTexts)
    } else if (p.draw === "circle") {
      var at = feature.geometry.coordinates;
      layer = this.figureCircle(p, [at[1], at[0]], undated);
      record.label = this.figureLabel(p, [at[1], at[0]]);
      layer.feature = feature;
      return layer;
    } else {
      layer = L.geoJSON(feature, { style: this.styleOf(p, undated) });
      if (p.draw === "front") {
        var casing = L.geoJSON(feature, {
          interactive: false,
          style: function () {
            return { color: "#1a202c", weight: 8, opacity: 0.85, lineCap: "round",
                     className: "atlas-frontline-casing", pane: "atlasLines" };
          },
        });
        layer = L.featureGroup([casing, layer]);
      }
      layer.bindTooltip(this.tipFor(p), { sticky: true });
      if (p.at) {
        record.extra = this.figureCircle(p, p.at, undated);
        record.extra.feature = feature;
        this.bindTexts(record.extra);
        record.label = this.figureLabel(p, p.at);
      }
    }
    layer.feature = feature;
    layer.bindPopup(popup, { maxWidth: 380 });
    return layer;
  };

  Atlas.prototype.figureCircle = function (p, latlng, undated) {
    return L.circleMarker(latlng, {
      radius: p.r, color: p.c, weight: p.solid ? 1.5 : 2.5, opacity: 0.95,
      fillColor: p.c, fillOpacity: p.solid ? 0.55 : 0.18,
      className: "atlas-feature atlas-figure" + undated,
    });
  };

  /* A marker's or a figure circle's hover text and popup, bound to it. */
  Atlas.prototype.bindTexts = function (layer) {
    if (layer.getPopup()) return layer;
    var p = layer.feature.properties;
    layer.bindTooltip(this.tipFor(p), layer.getRadius ? { sticky: true }
                                                      : { direction: "top", offset: [0, -8] });
    layer.bindPopup(this.popupOf(p), { maxWidth: 380 });
    return layer;
  };

  /* A big enough circle says its number, so a figure reads without hovering. */
  Atlas.prototype.figureLabel = function (p, latlng) {
    if (!p.lbl || p.r < LABEL_RADIUS) return null;
    return L.marker(latlng, {
      interactive: false, keyboard: false,
      icon: L.divIcon({ html: "<span>" + p.lbl + "</span>", className: "atlas-figure-label",
                        iconSize: null }),
    });
  };

  Atlas.prototype.styleOf = function (p, undated) {
    if (p.draw === "zone") {
      return function () {
        return { color: p.c, weight: 1.5, opacity: 0.8, fillColor: p.c, fillOpacity: 0.22,
                 className: "atlas-feature atlas-zone", pane: "atlasZones" };
      };
    }
    if (p.draw === "front") {
      return function () {
        return { color: "#f7fafc", weight: 3, opacity: 1, dashArray: "10 7", lineCap: "butt",
                 className: "atlas-feature atlas-frontline", pane: "atlasLines" };
      };
    }
    var kind = p.kind === "figure" ? "atlas-figure-area" : "atlas-" + p.kind + "-area";
    return function (feature) {
      var line = /LineString/.test(feature.geometry.type);
      return { color: p.c, weight: line ? 3 : 1.5, opacity: 0.85, dashArray: line ? "" : "4 3",
               fill: !line, fillColor: p.c, fillOpacity: p.kind === "figure" ? 0.05 : 0.03,
               className: "atlas-feature atlas-area " + kind + undated };
    };
  };

  /* Whether a record is in the chosen range (zones and frontlines: held on its last day). */
  Atlas.prototype.inRange = function (record) {
    var range = this.range;
    if (range.start === null) return !record.undated || range.undated;
    if (record.asOf) {
      if (record.start === null) return true;
      return record.start <= range.end && (record.end === null || record.end >= range.end);
    }
    if (record.undated) return range.undated;
    var first = record.start !== null ? record.start : record.end;
    var last = record.end !== null ? record.end : record.start;
    return first <= range.end && last >= range.start;
  };

  /* Draw what the range and the layer switches let through; nothing else moves. */
  Atlas.prototype.apply = function () {
    var self = this;
    var add = [];
    var remove = [];
    var shown = 0;
    var counts = {};
    var figuresChanged = false;
    var zoneDay = null; // the day the zone set drawn was made for
    this.unspread();
    this.records.forEach(function (record) {
      var want = self.kindOn[record.kind] !== false && self.inRange(record);
      if (want) {
        shown += 1;
        counts[record.kind] = (counts[record.kind] || 0) + 1;
        if (record.asOf && record.start !== null) zoneDay = Math.max(zoneDay || 0, record.start);
      }
      if (want === record.shown) return;
      record.shown = want;
      if (record.group === self.points) {
        (want ? add : remove).push(record.layer);
      } else {
        if (record.group === self.figures || record.extra) figuresChanged = true;
        self.toggle(record.group, record.layer, want);
        if (record.extra) self.toggle(self.figures, record.extra, want);
        if (record.label) self.toggle(self.labels, record.label, want);
      }
      record.arrows.forEach(function (arrow) { self.toggle(self.arrows, arrow, want); });
    });
    if (remove.length) this.points.removeLayers(remove);
    if (add.length) this.points.addLayers(add);
    if (figuresChanged) this.stackFigures();
    this.shown = shown;
    this.counts = counts;
    this.zoneDay = zoneDay;
    this.showState();
  };

  Atlas.prototype.toggle = function (group, layer, on) {
    if (on) group.addLayer(layer);
    else group.removeLayer(layer);
  };

  /* Big circles under small ones, so every figure can be clicked. */
  Atlas.prototype.stackFigures = function () {
    var circles = [];
    this.figures.eachLayer(function (layer) { circles.push(layer); });
    circles.sort(function (a, b) { return b.getRadius() - a.getRadius(); });
    circles.forEach(function (circle) { circle.bringToFront(); });
  };

  Atlas.prototype.showState = function () {
    var container = this.map.getContainer();
    container.setAttribute("data-atlas-shown", String(this.shown));
    if (this.range.start !== null) {
      container.setAttribute("data-atlas-start", isoOf(this.range.start));
      container.setAttribute("data-atlas-end", isoOf(this.range.end));
    }
    container.setAttribute("data-atlas-undated", this.range.undated ? "shown" : "hidden");
    var counts = this.counts;
    container.querySelectorAll(".atlas-count").forEach(function (span) {
      span.textContent = String(counts[span.getAttribute("data-kind")] || 0);
    });
    if (this.timeline) this.timeline.update();
  };

  /* -- clusters: zoom in, or spread around the spot when zooming cannot part them ------------ */

  Atlas.prototype.openCluster = function (cluster) {
    var map = this.map;
    var bounds = cluster.getBounds();
    var deepest = map.getMaxZoom();
    var size = map.project(bounds.getNorthEast(), deepest)
      .distanceTo(map.project(bounds.getSouthWest(), deepest));
    if (map.getZoom() >= deepest || size < SPREAD_PX) {
      this.spreadCluster(cluster);
    } else {
      cluster.zoomToBounds({ padding: [40, 40] });
    }
  };

  /* Each marker of the cluster drawn around the cluster's spot with a leg to where it is: the
   * marker stays at its exact coordinates and only its icon is shifted on screen. */
  Atlas.prototype.spreadCluster = function (cluster) {
    var map = this.map;
    var self = this;
    this.unspread();
    var markers = cluster.getAllChildMarkers();
    var middle = map.latLngToLayerPoint(cluster.getLatLng());
    var count = markers.length;
    markers.forEach(function (marker, index) {
      var angle;
      var distance;
      if (count <= 10) {
        angle = (2 * Math.PI * index) / count - Math.PI / 2;
        distance = Math.max(34, (count * 30) / (2 * Math.PI));
      } else { // a spiral, one marker a step, for crowded spots
        angle = 0.9 * Math.sqrt(index + 1) * Math.PI;
        distance = 26 + 9 * Math.sqrt(index + 1) * 2.2;
      }
      var target = middle.add(L.point(Math.cos(angle) * distance, Math.sin(angle) * distance));
      var spot = map.latLngToLayerPoint(marker.getLatLng());
      var shift = target.subtract(spot);
      var copy = L.marker(marker.getLatLng(), {
        icon: self.shifted(marker.options.icon, shift), zIndexOffset: 1000,
      });
      copy.feature = marker.feature;
      copy.bindPopup(self.popupOf(marker.feature.properties), { maxWidth: 380 });
      copy.bindTooltip(self.tipOf(marker.feature.properties), { direction: "top" });
      var leg = L.polyline([marker.getLatLng(), map.layerPointToLatLng(target)], {
        color: "#1a202c", weight: 1.5, opacity: 0.7, interactive: false, className: "atlas-leg",
      });
      self.spread.addLayer(leg);
      self.spread.addLayer(copy);
      self.spreadLayers.push(copy);
    });
    cluster.setOpacity(0.3);
    this.spreadFrom = cluster;
  };

  Atlas.prototype.shifted = function (icon, shift) {
    var options = icon.options;
    var size = L.point(options.iconSize);
    var anchor = L.point(options.iconAnchor || size.divideBy(2));
    return L.divIcon({
      html: options.html,
      className: options.className + " atlas-spread",
      iconSize: size,
      iconAnchor: anchor.subtract(shift),
      popupAnchor: [shift.x, shift.y - size.y / 2],
      tooltipAnchor: [shift.x, shift.y - size.y / 2],
    });
  };

  Atlas.prototype.unspread = function () {
    if (!this.spreadLayers.length && !this.spreadFrom) return;
    this.spread.clearLayers();
    this.spreadLayers = [];
    if (this.spreadFrom) this.spreadFrom.setOpacity(1);
    this.spreadFrom = null;
  };

  /* -- a table row or a search shows a feature --------------------------------------------- */

  Atlas.prototype.focus = function (id) {
    var record = this.byId[id];
    if (!record) return;
    var map = this.map;
    var self = this;
    if (!record.shown && (this.kindOn[record.kind] === false ||
                          (record.undated && !this.range.undated))) {
      this.kindOn[record.kind] = true; // a switched-off layer, hidden undated ones: shown again
      if (record.undated) this.range.undated = true;
      this.apply();
      this.scheduleSend();
    }
    var layer = record.layer;
    if (layer.getLatLng) {
      map.setView(layer.getLatLng(), Math.max(map.getZoom(), FOCUS_ZOOM), { animate: false });
    } else {
      map.fitBounds(layer.getBounds(), { maxZoom: FOCUS_ZOOM, animate: false });
    }
    setTimeout(function () { self.openPopupOf(record); }, 250);
  };

  /* Open a popup where it is without panning the map: it was just centred on the feature. */
  function openInPlace(layer) {
    var popup = layer.getPopup();
    var pans = popup.options.autoPan;
    popup.options.autoPan = false;
    layer.openPopup();
    popup.options.autoPan = pans;
  }

  Atlas.prototype.openPopupOf = function (record) {
    var layer = record.layer;
    if (record.group === this.points || record.group === this.figures) this.bindTexts(layer);
    if (!record.shown) { // out of the range: its popup all the same, where it is
      var at = layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter();
      L.popup({ maxWidth: 380 }).setLatLng(at).setContent(this.popupOf(record.p)()).openOn(this.map);
      return;
    }
    if (record.group !== this.points) {
      openInPlace(record.extra || layer);
      return;
    }
    var parent = this.points.getVisibleParent(layer);
    if (parent === layer) {
      openInPlace(layer);
    } else if (parent) {
      this.spreadCluster(parent);
      var copy = this.spreadLayers.filter(function (m) { return m.feature === record.feature; })[0];
      if (copy) openInPlace(copy);
    } else {
      L.popup({ maxWidth: 380 }).setLatLng(layer.getLatLng())
        .setContent(this.popupOf(record.p)()).openOn(this.map);
    }
  };

  /* What a search for `text` lists: the map's features whose name holds it, in the map's
   * order, then towns of the basemap (`towns`, see loadTowns) whose name or another spelling
   * of it is the key of `text`, starts with it or holds it, each group the towns in view first,
   * then the biggest first. */
  Atlas.prototype.findPlaces = function (text, towns) {
    var query = text.trim().toLowerCase();
    var key = towns ? towns.key(text) : "";
    var self = this;
    var found = [];
    var named = {};
    var list = function (record) {
      var layer = record.layer;
      var at = layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter();
      named[record.p.n] = true;
      found.push({ title: record.p.n, loc: [at.lat, at.lng], id: record.id });
    };
    if (!query) return found;
    this.records.forEach(function (record) {
      var name = record.p.n;
      if (!name || named[name]) return;
      if (towns && record.key === undefined) record.key = towns.key(name);
      if (name.toLowerCase().indexOf(query) >= 0 || (key && record.key.indexOf(key) >= 0)) {
        list(record);
      }
    });
    if (towns && key.length >= 2) {
      var data = towns.data;
      var titles = {};
      var view = this.map.getBounds();
      var near = function (i) { return view.contains([data.lat[i] / 1e4, data.lon[i] / 1e4]); };
      towns.matching(key, near).forEach(function (i) {
        var name = data.name[i];
        if (named[name]) return; // a feature of that name is listed already
        var feature = self.findByName(name);
        if (feature) { // found by another spelling: the feature of that name stands for it
          list(feature);
          return;
        }
        var lat = data.lat[i] / 1e4;
        var lng = data.lon[i] / 1e4;
        var code = data.cc.substr(2 * i, 2);
        var title = name + ", " + (data.countries[code] || code);
        if (titles[title]) title += " (" + lat.toFixed(2) + ", " + lng.toFixed(2) + ")";
        titles[title] = true;
        found.push({ title: title, loc: [lat, lng], town: { name: name, pop: data.pop[i] } });
      });
    }
    return found;
  };

  /* A town picked in the search: the map flies to it, closer for a smaller town, and rings it. */
  Atlas.prototype.showTown = function (latlng, town) {
    var zoom = town.pop >= 1e6 ? 10 : town.pop >= 1e5 ? 11 : FOCUS_ZOOM;
    if (this.found) this.found.remove();
    this.found = L.circleMarker(latlng, {
      radius: 10, color: "#c53030", weight: 2.5, fill: false, interactive: false,
      className: "atlas-found",
    }).addTo(this.map);
    this.map.flyTo(latlng, zoom, { duration: 0.6 });
  };

  Atlas.prototype.findByName = function (name) {
    var match = null;
    this.records.forEach(function (record) {
      if (record.p.n !== name) return;
      if (!match || (record.shown && !match.shown)) match = record;
    });
    return match;
  };

  /* -- the range: chosen in the timeline, sent to the app, kept in the address -------------- */

  Atlas.prototype.setRange = function (start, end, undated, whole) {
    var extent = this.extent;
    this.chosen = !whole;
    if (extent) {
      start = Math.min(Math.max(start, extent[0]), extent[1]);
      end = Math.min(Math.max(end, extent[0]), extent[1]);
      if (start > end) { var swap = start; start = end; end = swap; }
      this.range.start = start;
      this.range.end = end;
    }
    if (undated !== undefined) this.range.undated = undated;
    this.apply();
    this.scheduleSend();
    this.scheduleAddress();
  };

  Atlas.prototype.scheduleSend = function () {
    var self = this;
    clearTimeout(this.sendTimer);
    if (this.playTimer) return; // sent once playing stops
    this.sendTimer = setTimeout(function () { self.send(); }, SEND_DELAY_MS);
  };

  Atlas.prototype.send = function () {
    var range = this.range;
    var dated = this.chosen && range.start !== null;
    var value = {  // no dates: the whole period, however far it grows
      start: dated ? isoOf(range.start) : null,
      end: dated ? isoOf(range.end) : null,
      undated: range.undated,
    };
    var text = JSON.stringify(value);
    if (text === this.lastSent || !window.Streamlit) return;
    this.lastSent = text;
    window.Streamlit.setComponentValue({ atlas_range: value });
  };

  Atlas.prototype.scheduleAddress = function () {
    var self = this;
    clearTimeout(this.urlTimer);
    this.urlTimer = setTimeout(function () { self.writeAddress(); }, URL_DELAY_MS);
  };

  Atlas.prototype.linkHere = function () {
    var host = hostWindow();
    var url = new URL(host ? host.location.href : window.location.href);
    var center = this.map.getCenter();
    var params = url.searchParams;
    params.set("lat", center.lat.toFixed(5));
    params.set("lon", center.lng.toFixed(5));
    params.set("zoom", String(this.map.getZoom()));
    if (this.chosen && this.range.start !== null) {
      params.set("start", isoOf(this.range.start));
      params.set("end", isoOf(this.range.end));
    } else {
      params.delete("start");
      params.delete("end");
    }
    if (this.range.undated) params.delete("undated");
    else params.set("undated", "hide");
    return url.toString();
  };

  Atlas.prototype.writeAddress = function () {
    var host = hostWindow();
    if (!host) return;
    try {
      host.history.replaceState(host.history.state, "", this.linkHere());
    } catch (error) {
      /* a sandbox may refuse: the link button still shows the address */
    }
  };

  Atlas.prototype.restoreFromAddress = function () {
    var params = readAddress();
    var start = dayOf(params.start);
    var end = dayOf(params.end);
    if (this.extent && start !== null && end !== null) {
      var extent = this.extent;
      var clamp = function (day) { return Math.min(Math.max(day, extent[0]), extent[1]); };
      this.range.start = Math.min(clamp(start), clamp(end));
      this.range.end = Math.max(clamp(start), clamp(end));
      this.chosen = true;
    }
    if (params.undated === "hide") this.range.undated = false;
    var lat = parseFloat(params.lat);
    var lon = parseFloat(params.lon);
    var zoom = parseInt(params.zoom, 10);
    if (isFinite(lat) && isFinite(lon) && isFinite(zoom)) {
      this.map.setView([lat, lon], zoom, { animate: false });
    } else if (this.data.bounds) {
      this.map.fitBounds(this.data.bounds, { animate: false });
    }
  };

  Atlas.prototype.watchView = function () {
    var self = this;
    this.map.on("moveend", function () { self.scheduleAddress(); });
  };

  /* -- controls ----------------------------------------------------------------------------- */

  Atlas.prototype.addControls = function () {
    var self = this;
    var map = this.map;
    if (this.control) {
      Object.keys(this.kindOn).forEach(function (kind) {
        var handle = L.layerGroup().addTo(map);
        handle.atlasKind = kind;
        self.control.addOverlay(handle, (self.data.kinds[kind] || kind) +
          " (<span class='atlas-count' data-kind='" + kind + "'>0</span>)");
      });
      map.on("overlayadd overlayremove", function (event) {
        if (!event.layer.atlasKind) return;
        self.kindOn[event.layer.atlasKind] = event.type === "overlayadd";
        self.apply();
      });
    }
    if (L.Control.Search) {
      this.search = new L.Control.Search({
        position: "topleft",
        textPlaceholder: "Find a place...",
        initial: false,
        zoom: FOCUS_ZOOM,
        marker: false,
        tooltipLimit: SEARCH_TIPS,
        firstTipSubmit: true, // Enter picks the first name listed
        sourceData: function (text, callback) { // the towns' list arrives on the first search
          var live = true;
          loadTowns().then(function (towns) { if (live) callback(self.findPlaces(text, towns)); });
          return { abort: function () { live = false; } };
        },
        formatData: function (found) { // title: where it is, knowing what was found
          var records = {};
          found.forEach(function (item) {
            var at = L.latLng(item.loc);
            at.found = item;
            records[item.title] = at;
          });
          return records;
        },
        filterData: function (text, records) { return records; }, // findPlaces chose them
        buildTip: function (text) { // names come from articles: shown as text, never as HTML
          var tip = L.DomUtil.create("li", "");
          tip.textContent = text;
          return tip;
        },
        moveToLocation: function (latlng, title) {
          if (latlng.found && latlng.found.town) {
            self.showTown(latlng, latlng.found.town);
            return;
          }
          map.setView(latlng, Math.max(map.getZoom(), FOCUS_ZOOM), { animate: false });
          var record = self.findByName(title);
          if (record) setTimeout(function () { self.openPopupOf(record); }, 250);
        },
      });
      map.addControl(this.search);
    }
    this.timeline = new Timeline(this);
    map.addControl(this.timeline.control);
    map.on("popupopen", function (event) { self.padPopup(event.popup); });
  };

  /* A popup opens clear of the controls along the edges: the map pans to fit it. */
  Atlas.prototype.padPopup = function (popup) {
    var container = this.map.getContainer();
    var box = function (selector) {
      var found = container.querySelector(selector);
      return found ? found.getBoundingClientRect() : { width: 0, height: 0 };
    };
    var legend = box(".atlas-legend");
    var timeline = box(".atlas-timeline");
    popup.options.autoPanPaddingTopLeft = L.point(60, 90);
    popup.options.autoPanPaddingBottomRight = L.point(
      legend.width + 16, Math.max(legend.height, timeline.height) + 16);
    popup.update();
  };

  /* The timeline: a two-thumb slider by day over a bar chart of the features per day, two
   * date boxes, play by day or by week, the whole period, undated features on or off. */
  function Timeline(atlas) {
    this.atlas = atlas;
    var self = this;
    this.control = L.control({ position: "bottomleft" });
    this.control.onAdd = function () { return self.build(); };
  }

  Timeline.prototype.build = function () {
    var atlas = this.atlas;
    var self = this;
    var div = element("div", "atlas-timeline leaflet-bar");
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    var top = element("div", "atlas-tl-row", div);
    this.from = this.dateBox(top, "First day shown");
    element("span", "atlas-tl-dash", top).textContent = "–";
    this.to = this.dateBox(top, "Last day shown");
    this.playDay = this.button(top, "▶ day", "Play: move the range a day at a time", 1);
    this.playWeek = this.button(top, "▶ week", "Play: move the range a week at a time", 7);
    this.all = this.button(top, "all", "Show the whole period");
    var undated = element("label", "atlas-tl-undated", top);
    this.undated = element("input", "", undated);
    this.undated.type = "checkbox";
    this.undatedText = element("span", "", undated);
    this.undated.addEventListener("change", function () {
      atlas.setRange(atlas.range.start, atlas.range.end, self.undated.checked, !atlas.chosen);
    });
    this.link = this.button(top, "link", "Copy a link to this view and date range");
    this.linkBox = element("input", "atlas-tl-linkbox", div);
    this.linkBox.readOnly = true;
    this.linkBox.setAttribute("aria-label", "Link to this view");
    this.linkBox.style.display = "none";
    this.link.addEventListener("click", function () { self.showLink(); });
    var slider = element("div", "atlas-tl-slider", div);
    this.histogram = element("div", "atlas-tl-histogram", slider);
    this.startThumb = this.thumb(slider, "Start day");
    this.endThumb = this.thumb(slider, "End day");
    this.label = element("div", "atlas-tl-label", div);
    this.wire();
    this.drawHistogram();
    if (!atlas.extent) {
      [this.from, this.to, this.playDay, this.playWeek, this.all, this.startThumb,
       this.endThumb].forEach(function (input) { input.disabled = true; });
    }
    this.div = div;
    this.update();
    return div;
  };

  Timeline.prototype.dateBox = function (parent, label) {
    var box = element("input", "atlas-tl-date", parent);
    box.type = "date";
    box.setAttribute("aria-label", label);
    var extent = this.atlas.extent;
    if (extent) {
      box.min = isoOf(extent[0]);
      box.max = isoOf(extent[1]);
    }
    return box;
  };

  Timeline.prototype.button = function (parent, text, title, step) {
    var button = element("button", "atlas-tl-button", parent);
    button.type = "button";
    button.textContent = text;
    button.title = title;
    button.setAttribute("aria-label", title);
    if (step) button.setAttribute("data-step", String(step));
    return button;
  };

  Timeline.prototype.thumb = function (parent, label) {
    var input = element("input", "atlas-tl-thumb", parent);
    input.type = "range";
    input.step = "1";
    input.setAttribute("aria-label", label);
    var extent = this.atlas.extent;
    if (extent) {
      input.min = String(extent[0]);
      input.max = String(extent[1]);
    }
    return input;
  };

  Timeline.prototype.wire = function () {
    var atlas = this.atlas;
    var self = this;
    var fromThumbs = function (moved) {
      var start = parseInt(self.startThumb.value, 10);
      var end = parseInt(self.endThumb.value, 10);
      if (start > end) { // thumbs do not cross: the one moved pushes the other
        if (moved === self.startThumb) end = start;
        else start = end;
      }
      atlas.setRange(start, end);
    };
    this.startThumb.addEventListener("input", function () { fromThumbs(self.startThumb); });
    this.endThumb.addEventListener("input", function () { fromThumbs(self.endThumb); });
    var fromBoxes = function () {
      var start = dayOf(self.from.value);
      var end = dayOf(self.to.value);
      if (start === null || end === null) return; // typing: wait for a whole date
      atlas.setRange(start, end);
    };
    this.from.addEventListener("change", fromBoxes);
    this.to.addEventListener("change", fromBoxes);
    this.all.addEventListener("click", function () {
      self.stop();
      atlas.setRange(atlas.extent[0], atlas.extent[1], undefined, true);
    });
    [this.playDay, this.playWeek].forEach(function (button) {
      button.addEventListener("click", function () {
        var step = parseInt(button.getAttribute("data-step"), 10);
        if (atlas.playTimer && self.step === step) self.stop();
        else self.play(step);
      });
    });
  };

  Timeline.prototype.play = function (step) {
    var atlas = this.atlas;
    var self = this;
    this.stop();
    var extent = atlas.extent;
    var range = atlas.range;
    var length = range.end - range.start;
    if (length >= extent[1] - extent[0] || range.end >= extent[1]) {
      length = step - 1; // the whole period shown: play it from the start, a step at a time
      atlas.setRange(extent[0], extent[0] + length);
    }
    this.step = step;
    atlas.playTimer = setInterval(function () {
      var next = atlas.range.start + step;
      if (next > extent[1]) {
        self.stop();
        return;
      }
      atlas.range.start = next;
      atlas.range.end = Math.min(next + length, extent[1]);
      atlas.apply();
      atlas.scheduleAddress();
      if (atlas.range.end >= extent[1]) self.stop();
    }, PLAY_MS);
    this.update();
  };

  Timeline.prototype.stop = function () {
    var atlas = this.atlas;
    if (!atlas.playTimer) return;
    clearInterval(atlas.playTimer);
    atlas.playTimer = null;
    this.step = null;
    atlas.scheduleSend();
    this.update();
  };

  Timeline.prototype.showLink = function () {
    var url = this.atlas.linkHere();
    this.linkBox.value = url;
    this.linkBox.style.display = "block";
    this.linkBox.select();
    try {
      if (navigator.clipboard) navigator.clipboard.writeText(url).catch(function () {});
    } catch (error) {
      /* no clipboard here: the box shows the link to copy */
    }
  };

  Timeline.prototype.drawHistogram = function () {
    var atlas = this.atlas;
    var extent = atlas.extent;
    if (!extent) return;
    var span = extent[1] - extent[0] + 1;
    var bars = Math.min(HISTOGRAM_BARS, span);
    var counts = new Array(bars).fill(0);
    atlas.records.forEach(function (record) {
      if (record.asOf || record.undated) return;
      var day = record.start !== null ? record.start : record.end;
      counts[Math.min(bars - 1, Math.floor(((day - extent[0]) * bars) / span))] += 1;
    });
    var most = Math.max.apply(null, counts.concat([1]));
    var html = counts.map(function (count) {
      return "<i style='height:" + Math.round((100 * count) / most) + "%'></i>";
    }).join("");
    this.histogram.innerHTML = html;
  };

  Timeline.prototype.update = function () {
    var atlas = this.atlas;
    var range = atlas.range;
    if (!this.label) return;
    var undatedCount = atlas.records.filter(function (r) { return r.undated; }).length;
    this.undated.checked = range.undated;
    this.undatedText.textContent = " undated (" + undatedCount + ")";
    this.playDay.textContent = atlas.playTimer && this.step === 1 ? "❚❚ stop" : "▶ day";
    this.playWeek.textContent = atlas.playTimer && this.step === 7 ? "❚❚ stop" : "▶ week";
    if (range.start === null) {
      this.label.textContent = "No dated features · " + atlas.shown + " shown";
      return;
    }
    var first = isoOf(range.start);
    var last = isoOf(range.end);
    this.startThumb.value = String(range.start);
    this.endThumb.value = String(range.end);
    this.startThumb.setAttribute("aria-valuetext", first);
    this.endThumb.setAttribute("aria-valuetext", last);
    if (document.activeElement !== this.from) this.from.value = first;
    if (document.activeElement !== this.to) this.to.value = last;
    var days = range.end - range.start + 1;
    // the zone set drawn is the one made on the last day anything changed, up to the range's end
    var zones = atlas.zoneDay === null ? "" : " · zones as of " + isoOf(atlas.zoneDay);
    this.label.textContent = first + " – " + last + " (" + days + " day" +
      (days === 1 ? "" : "s") + ") · " + atlas.shown + " shown" + zones;
    var extent = atlas.extent;
    var span = Math.max(1, extent[1] - extent[0]);
    var left = (100 * (range.start - extent[0])) / span;
    var right = (100 * (range.end - extent[0])) / span;
    this.histogram.style.setProperty("--atlas-from", left + "%");
    this.histogram.style.setProperty("--atlas-to", right + "%");
  };

  /* -- the basemap's towns, for the search ------------------------------------------------ */

  var townsPending = null;

  /* The towns the basemap names (static/build_basemap.py writes the list beside the tiles;
   * geo.render.basemap gives its address as atlasBasemap.towns), fetched on the first search:
   * a promise of {data, key(text), matching(key)}, or of null when there is no list. */
  function loadTowns() {
    var url = window.atlasBasemap && window.atlasBasemap.towns;
    if (!url) return Promise.resolve(null);
    if (!townsPending) {
      townsPending = fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": HTTP " + response.status);
        return new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).json();
      }).then(readTowns).catch(function (error) {
        if (window.console) console.warn("The map's search lists no towns: " + error);
        return null;
      });
    }
    return townsPending;
  }

  function readTowns(data) {
    // the list's own rules turn a name into its key, as they made the list's keys
    var rules = data.rules.map(function (rule) { return [new RegExp(rule[0], "g"), rule[1]]; });
    var keys = data.keys.map(function (k) { return "|" + k + "|"; });
    return {
      data: data,
      key: function (text) {
        var key = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
        rules.forEach(function (rule) { key = key.replace(rule[0], rule[1]); });
        return key;
      },
      /* The towns (their numbers) with a spelling whose key is `key`, then those with one
       * starting with it, then those with one holding it: within each, those `near` (a test of
       * a town's number) first, then biggest first. */
      matching: function (key, near) {
        var whole = [];
        var starts = [];
        var holds = [];
        for (var i = 0; i < keys.length && whole.length < TOWN_TIPS; i += 1) {
          var spellings = keys[i];
          if (spellings.indexOf(key) < 0) continue;
          if (spellings.indexOf("|" + key + "|") >= 0) whole.push(i);
          else if (spellings.indexOf("|" + key) >= 0) { if (starts.length < TOWN_TIPS) starts.push(i); }
          else if (holds.length < TOWN_TIPS) holds.push(i);
        }
        var nearFirst = function (group) {
          return group.filter(near).concat(group.filter(function (i) { return !near(i); }));
        };
        return nearFirst(whole).concat(nearFirst(starts), nearFirst(holds)).slice(0, TOWN_TIPS);
      },
    };
  }

  var focusLater = null; // a feature to show once the data has arrived

  /* The app draws what is below the map (tables, chart, downloads) once the map has drawn, so
   * that the page's own work does not hold up the map: the first map of a page says so by
   * sending its range (the value the timeline sends later) once the basemap's tiles in view
   * are painted, or after REPORT_MS at most (`atlas` null: the map's data could not be had).
   * A map drawn anew in the same page (new articles) has nothing to report. */
  function reportDrawn(atlas) {
    var host = hostWindow() || window;
    if (host.atlasReported) return;
    host.atlasReported = true;
    var sent = false;
    var send = function () {
      if (sent) return;
      sent = true;
      requestAnimationFrame(function () {
        setTimeout(function () {
          if (atlas) atlas.send();
          else if (window.Streamlit) { // no map: the whole period, as the timeline would say
            window.Streamlit.setComponentValue({ atlas_range: { start: null, end: null,
                                                                undated: true } });
          }
        }, 0);
      });
    };
    var basemap = window.atlasBasemap && window.atlasBasemap.layer;
    if (basemap && basemap.isLoading && basemap.isLoading()) basemap.once("load", send);
    else send();
    setTimeout(send, REPORT_MS);
  }

  window.atlasMap = {
    /* `source`: the id of the JSON script element in the page holding the map's data, or
     * {url: URL} of the file holding it (fetched by preload.js while the scripts loaded). */
    mount: function (map, source, control, bounds) {
      var started = performance.now();
      var container = map.getContainer();
      var draw = function (data) {
        var arrived = performance.now();
        if (bounds) data.bounds = bounds;
        var atlas = new Atlas(map, data, control || null);
        // how long it took here (with the wait for the data, and drawing alone), for the
        // timings the tests report
        var now = performance.now();
        container.setAttribute("data-atlas-draw-ms", String(Math.round(now - started)));
        container.setAttribute("data-atlas-build-ms", String(Math.round(now - arrived)));
        window.atlas = atlas;
        reportDrawn(atlas);
        if (focusLater !== null) atlas.focus(focusLater);
        focusLater = null;
      };
      if (typeof source === "string") {
        draw(JSON.parse(document.getElementById(source).textContent));
        return;
      }
      var pending = (window.atlasData || {})[source.url] || window.atlasLoadData(source.url);
      pending.then(draw, function (error) {
        reportDrawn(null); // the app adds its tables all the same
        container.setAttribute("data-atlas-error", String(error));
        element("div", "atlas-error", container).textContent =
          "The map's data could not be loaded (" + error + "): reload the page.";
      });
    },
  };
  /* Called by the snippet the app sends when a table row is clicked (see geo.render.browser). */
  window.atlasFocus = function (id) {
    if (window.atlas) window.atlas.focus(id);
    else focusLater = id;
  };
})();
