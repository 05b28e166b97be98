// The map of the results on this page (never the whole catalogue): markers from the JSON
// script element #map-points, tiles from the address in #map-config. Without tiles
// (MAP_TILES_URL empty) nothing is requested from another host: the page keeps its list of
// places, sorted by distance when a point is given.
//
// «Рядом со мной»: only on the parent's click, the browser's geolocation fills near= and the
// page reloads; nothing is stored or sent anywhere else.
document.addEventListener("DOMContentLoaded", function () {
  function readJson(id) {
    var element = document.getElementById(id);
    if (!element) return null;
    try {
      return JSON.parse(element.textContent);
    } catch (error) {
      return null;
    }
  }

  var nearButton = document.getElementById("near-me");
  if (nearButton && navigator.geolocation) {
    nearButton.hidden = false;
    nearButton.addEventListener("click", function () {
      var status = document.getElementById("near-me-status");
      if (status) status.textContent = "Определяем, где вы…";
      navigator.geolocation.getCurrentPosition(
        function (position) {
          var url = new URL(window.location.href);
          url.searchParams.set(
            "near",
            position.coords.latitude.toFixed(5) + "," + position.coords.longitude.toFixed(5)
          );
          url.searchParams.set("sort", "distance");
          url.searchParams.delete("page");
          window.location.assign(url.toString());
        },
        function () {
          if (status) status.textContent = "Не удалось определить, где вы: браузер не дал доступа.";
        },
        { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 }
      );
    });
  }

  var config = readJson("map-config");
  var points = readJson("map-points") || [];
  var box = document.getElementById("results-map");
  var showButton = document.getElementById("show-map");
  if (!box || !config || !config.tiles || !points.length || !showButton) return;

  // Leaflet is fetched on the parent's click only: the page loads without its 42 KB.
  function loadLeaflet(done) {
    if (window.L) return done();
    var stylesheet = document.createElement("link");
    stylesheet.rel = "stylesheet";
    stylesheet.href = config.leaflet_css;
    document.head.appendChild(stylesheet);
    var script = document.createElement("script");
    script.src = config.leaflet_js;
    script.onload = done;
    script.onerror = function () {
      showButton.disabled = false;
      showButton.textContent = "Карта не загрузилась — попробуйте ещё раз";
    };
    document.head.appendChild(script);
  }

  showButton.hidden = false;
  showButton.addEventListener("click", function () {
    showButton.disabled = true;
    showButton.textContent = "Загружаем карту…";
    loadLeaflet(function () {
      showButton.hidden = true;
      drawMap();
    });
  });

  function drawMap() {
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
  }
});
