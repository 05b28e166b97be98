// The admin's point picker: a click on the map fills the latitude and longitude inputs; typing
// them moves the marker. Without tiles (MAP_TILES_URL empty) the map stays hidden and the two
// numbers are typed by hand. No inline script: the Content-Security-Policy allows none.
document.addEventListener("DOMContentLoaded", function () {
  if (!window.L) return;
  document.querySelectorAll(".point-picker").forEach(function (box) {
    var tiles = box.dataset.tiles;
    var mapBox = box.querySelector(".point-picker-map");
    var lat = document.getElementById(box.dataset.latitude);
    var lon = document.getElementById(box.dataset.longitude);
    if (!tiles || !mapBox || !lat || !lon) {
      if (mapBox) mapBox.hidden = true;
      return;
    }
    var start = [parseFloat(lat.value) || 58.05, parseFloat(lon.value) || 37.11];
    var map = L.map(mapBox).setView(start, lat.value ? 15 : 11);
    L.tileLayer(tiles, { maxZoom: 19, attribution: box.dataset.attribution }).addTo(map);
    var marker = null;
    function place(point) {
      if (marker) marker.setLatLng(point);
      else marker = L.marker(point).addTo(map);
    }
    if (lat.value && lon.value) place(start);
    map.on("click", function (event) {
      lat.value = event.latlng.lat.toFixed(6);
      lon.value = event.latlng.lng.toFixed(6);
      place(event.latlng);
    });
    [lat, lon].forEach(function (input) {
      input.addEventListener("change", function () {
        var point = [parseFloat(lat.value), parseFloat(lon.value)];
        if (!isNaN(point[0]) && !isNaN(point[1])) {
          place(point);
          map.setView(point);
        }
      });
    });
  });
});
