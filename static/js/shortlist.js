// «Избранное»: programs kept in this browser only (localStorage), never sent anywhere but as
// the slugs of the shortlist page's own link. Buttons [data-shortlist] are static markup,
// hidden until this script shows them; the shortlist page without ?p= asks the server which
// of the kept slugs still exist (/shortlist/data.json) and opens the page of those.
(function () {
  "use strict";
  var KEY = "moc-shortlist";
  var MAX = 20;

  function read() {
    try {
      var value = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(value) ? value.filter(function (s) { return typeof s === "string"; }) : [];
    } catch (error) {
      return [];
    }
  }

  function write(slugs) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(slugs.slice(0, MAX)));
    } catch (error) { /* storage full or forbidden: the button just does nothing */ }
  }

  function render(button, kept) {
    var on = kept.indexOf(button.dataset.shortlist) !== -1;
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = on ? "В избранном ✓" : "В избранное";
    button.classList.toggle("btn-secondary", on);
    button.classList.toggle("btn-outline-secondary", !on);
  }

  function renderAll() {
    var kept = read();
    document.querySelectorAll("[data-shortlist]").forEach(function (b) { render(b, kept); });
    document.querySelectorAll("[data-shortlist-count]").forEach(function (element) {
      element.textContent = kept.length ? " (" + kept.length + ")" : "";
    });
  }

  function toggle(slug) {
    var kept = read();
    var at = kept.indexOf(slug);
    if (at === -1) {
      if (kept.length >= MAX) { return; }
      kept.push(slug);
    } else {
      kept.splice(at, 1);
    }
    write(kept);
    renderAll();
  }

  function fillShortlistPage(page) {
    var kept = read();
    var empty = page.querySelector("[data-shortlist-empty]");
    if (!kept.length) {
      if (empty) { empty.hidden = false; }
      return;
    }
    var url = page.dataset.source + "?p=" + encodeURIComponent(kept.join(","));
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var known = data.programs.map(function (program) { return program.slug; });
        write(known);
        if (known.length) {
          window.location.replace(page.dataset.page + "?p=" + known.join(","));
        } else if (empty) {
          empty.hidden = false;
        }
      })
      .catch(function () { if (empty) { empty.hidden = false; } });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-shortlist]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { toggle(button.dataset.shortlist); });
    });
    document.querySelectorAll("[data-shortlist-link]").forEach(function (link) { link.hidden = false; });
    var keep = document.querySelector("[data-shortlist-keep]");
    if (keep) {
      keep.hidden = false;
      keep.addEventListener("click", function () {
        var slugs = keep.dataset.shortlistKeep.split(",").filter(Boolean);
        var kept = read();
        slugs.forEach(function (slug) { if (kept.indexOf(slug) === -1) { kept.push(slug); } });
        write(kept);
        renderAll();
      });
    }
    var page = document.querySelector("[data-shortlist-page]");
    if (page) { fillShortlistPage(page); }
    renderAll();
  });
})();
