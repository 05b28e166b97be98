// «Рядом со мной» (the catalogue, the shortlist): only on the parent's click, the browser's
// geolocation fills near= in this page's address and the page reloads; nothing is stored or
// sent anywhere else. The button may name a sort to ask for with the point (data-sort).
document.addEventListener("DOMContentLoaded", function () {
  var nearButton = document.getElementById("near-me");
  if (!nearButton || !navigator.geolocation) return;
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
        if (nearButton.dataset.sort) url.searchParams.set("sort", nearButton.dataset.sort);
        url.searchParams.delete("page");
        window.location.assign(url.toString());
      },
      function () {
        if (status) status.textContent = "Не удалось определить, где вы: браузер не дал доступа.";
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 }
    );
  });
});
