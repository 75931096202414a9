// Maps of places (Leaflet, served by the site itself). The list of places stays on the page,
// so nothing is lost when tiles or JavaScript are unavailable. Leaflet's files are fetched by
// this script, after the page has rendered, and only on pages that have a map.
(function () {
  var element = document.getElementById("map");
  if (!element) return;
  var files = element.dataset;

  function load(tag, attributes) {
    return new Promise(function (done, failed) {
      var node = document.createElement(tag);
      Object.keys(attributes).forEach(function (name) { node[name] = attributes[name]; });
      node.onload = done;
      node.onerror = failed;
      document.head.appendChild(node);
    });
  }
  var styles = files.styles.split(" ").map(function (href) { return load("link", { rel: "stylesheet", href: href }); });
  var scripts = files.scripts.split(" ");
  // Leaflet first: the marker clusters extend it.
  var ready = scripts.reduce(function (before, src) {
    return before.then(function () { return load("script", { src: src }); });
  }, Promise.resolve());
  Promise.all(styles.concat([ready, fetch(files.geojson).then(function (r) { return r.json(); })]))
    .then(function (loaded) { draw(loaded[loaded.length - 1]); })
    .catch(function () { element.dataset.ready = "failed"; });

  // Room for a pin's height above its point, and for a cluster's radius on every side.
  var PADDING = { paddingTopLeft: [30, 50], paddingBottomRight: [30, 20] };

  function draw(data) {
    var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var map = L.map(element, { scrollWheelZoom: false, fadeAnimation: !still, zoomAnimation: !still, markerZoomAnimation: !still });
    window.archiveMap = map; // for tests and the curious: the map of this page
    outlinesWhenTilesFail(map);
    L.tileLayer(files.tiles, { attribution: files.attribution, maxZoom: 18 })
      .on("tileerror", function () { map.fire("tilesmissing"); })
      .addTo(map);
    var focus = files.focus || null;
    var markers = L.markerClusterGroup({ maxClusterRadius: 40, disableClusteringAtZoom: 9 });
    var all = [], shown = [], current = null;
    data.features.forEach(function (feature) {
      var p = feature.properties;
      var where = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
      var label = p.name + ": " + p.articles + (p.articles === 1 ? " article" : " articles");
      all.push(where);
      if (p.name === focus) {
        // The page's own place: a marker of its own kind, outside the clusters and above
        // them, with no popup to cover its neighbours.
        current = L.marker(where, {
          title: label + " (this page)", alt: label, keyboard: false, zIndexOffset: 1000,
          icon: L.divIcon({ className: "map-current", iconSize: [22, 22], html: "" })
        }).addTo(map);
        shown.push(where);
        return;
      }
      var marker = L.marker(where, { title: label, alt: label, keyboard: true });
      var link = document.createElement("a");
      link.href = p.url;
      link.textContent = label;
      marker.bindPopup(link);
      markers.addLayer(marker);
      if (focus && p.parent === focus) shown.push(where);
    });
    map.addLayer(markers);
    if (current && shown.length === 1) {
      map.setView(current.getLatLng(), 9);
    } else if (shown.length) {
      map.fitBounds(shown, Object.assign({ maxZoom: 9 }, PADDING));
    } else if (all.length) {
      map.fitBounds(all, PADDING);
    } else {
      map.setView([20, 0], 2);
    }
    element.dataset.ready = "true";
  }

  // Without tiles (offline, or a blocked tile server) the map would be an empty box: draw the
  // countries' outlines beneath where the tiles would be. Fetched only when a tile fails.
  function outlinesWhenTilesFail(map) {
    map.createPane("outlines").style.zIndex = 150;  // below the tiles (200)
    map.once("tilesmissing", function () {
      fetch(files.outlines).then(function (r) { return r.json(); }).then(function (countries) {
        L.geoJSON(countries, { pane: "outlines", interactive: false, className: "map-outline" }).addTo(map);
        element.dataset.outlines = "shown";
      }).catch(function () {});
    });
  }
})();
