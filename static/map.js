// Maps of places (Leaflet, served by the site itself). The list of places stays on the page,
// so nothing is lost when tiles or JavaScript are unavailable.
(function () {
  var element = document.getElementById("map");
  if (!element || !window.L) return;
  var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var map = L.map(element, { scrollWheelZoom: false, fadeAnimation: !still, zoomAnimation: !still, markerZoomAnimation: !still });
  L.tileLayer(element.dataset.tiles, { attribution: element.dataset.attribution, maxZoom: 18 }).addTo(map);
  var focus = element.dataset.focus || null;
  fetch(element.dataset.geojson).then(function (response) { return response.json(); }).then(function (data) {
    var markers = L.markerClusterGroup({ maxClusterRadius: 40, disableClusteringAtZoom: 9 });
    var all = [], inside = [], focused = null;
    data.features.forEach(function (feature) {
      var p = feature.properties;
      var where = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
      var label = p.name + ": " + p.articles + (p.articles === 1 ? " article" : " articles");
      var marker = L.marker(where, { title: label, alt: label, keyboard: true });
      var link = document.createElement("a");
      link.href = p.url;
      link.textContent = label;
      marker.bindPopup(link);
      markers.addLayer(marker);
      all.push(where);
      if (p.parent === focus) inside.push(where);
      if (p.name === focus) focused = marker;
    });
    map.addLayer(markers);
    if (focused) {
      map.setView(focused.getLatLng(), 9);
      focused.openPopup();
    } else if (inside.length) {
      map.fitBounds(inside, { padding: [30, 30], maxZoom: 9 });
    } else if (all.length) {
      map.fitBounds(all, { padding: [30, 30] });
    }
    element.dataset.ready = "true";
  });
  window.archiveMap = map; // for tests and the curious: the map of this page
})();
