// The map of the results on this page (never the whole catalogue): markers from the JSON
// script element #map-points, tiles from the address in #map-config. Without tiles
// (MAP_TILES_URL empty) nothing is requested from another host: the page keeps its list of
// places, sorted by distance when a point is given.
// («Рядом со мной» is near_me.js.)
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

  var config = readJson("map-config");
  var points = readJson("map-points") || [];
  var box = document.getElementById("results-map");
  var showButton = document.getElementById("show-map");
  if (!box || !config || !config.tiles || !points.length || !showButton) return;

  // Leaflet, its styles and the drawing are fetched on the parent's click only: the page loads
  // without their 43 KB.
  function failed() {
    showButton.disabled = false;
    showButton.textContent = "Карта не загрузилась — попробуйте ещё раз";
  }

  function loadScript(src, done) {
    var script = document.createElement("script");
    script.src = src;
    script.onload = done;
    script.onerror = failed;
    document.head.appendChild(script);
  }

  function loadLeaflet(done) {
    if (window.L && window.mocDrawResultsMap) return done();
    config.stylesheets.forEach(function (href) {
      var stylesheet = document.createElement("link");
      stylesheet.rel = "stylesheet";
      stylesheet.href = href;
      document.head.appendChild(stylesheet);
    });
    loadScript(config.leaflet_js, function () { loadScript(config.draw_js, done); });
  }

  showButton.hidden = false;
  showButton.addEventListener("click", function () {
    showButton.disabled = true;
    showButton.textContent = "Загружаем карту…";
    loadLeaflet(function () {
      showButton.hidden = true;
      window.mocDrawResultsMap(box, config, points);
    });
  });
});
