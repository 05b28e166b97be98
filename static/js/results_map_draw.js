// Draws the map of this page's results once Leaflet has loaded (results_map.js fetches both on
// «Показать на карте», so a page without an opened map loads neither).
window.mocDrawResultsMap = function (box, config, points) {
  box.hidden = false;
  var map = L.map(box, { scrollWheelZoom: false });
  L.tileLayer(config.tiles, { maxZoom: 19, attribution: config.attribution }).addTo(map);
  var bounds = [];
  points.forEach(function (point) {
    var marker = L.marker([point.lat, point.lon], { title: point.title, alt: point.title }).addTo(map);
    var popup = document.createElement("div");
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.title;
    popup.appendChild(link);
    if (point.address) {
      var address = document.createElement("div");
      address.className = "small text-muted";
      address.textContent = point.address;
      popup.appendChild(address);
    }
    marker.bindPopup(popup);
    bounds.push([point.lat, point.lon]);
  });
  if (config.near) {
    L.circleMarker(config.near, { radius: 7, color: "#d63384" })
      .addTo(map)
      .bindTooltip("Вы здесь");
    bounds.push(config.near);
  }
  if (bounds.length === 1) map.setView(bounds[0], 14);
  else map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
};
