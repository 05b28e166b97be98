// Follows a monthly report being built (or a file being imported): polls its status as JSON
// and moves the bar; when it is ready (or failed, or `finished`) the page reloads to show
// the result.
// Without JavaScript a <noscript> meta refresh reloads the page instead.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("report-progress");
  if (!box || box.dataset.finished === "true") return;
  var url = box.dataset.statusUrl;
  var delay = (parseFloat(box.dataset.pollSeconds) || 2) * 1000;
  var label = box.querySelector("[data-role=label]");
  var percent = box.querySelector("[data-role=percent]");
  var bar = box.querySelector("[data-role=bar]");

  function show(state) {
    if (label) label.textContent = state.label;
    if (percent) percent.textContent = state.progress;
    if (bar) {
      bar.setAttribute("aria-valuenow", state.progress);
      bar.firstElementChild.style.width = state.progress + "%";
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.finished || state.status === "done" || state.status === "failed") {
          window.location.reload();
        } else {
          window.setTimeout(poll, delay);
        }
      })
      .catch(function () {
        window.setTimeout(poll, delay * 3); // a network hiccup: try again, more slowly
      });
  }

  window.setTimeout(poll, delay);
});
