// Applies the catalogue filters and the sort order as soon as a checkbox or select changes;
// without JavaScript the «Показать» and «OK» buttons do the same. On a phone, where the
// filters are folded behind «Фильтры», ticks wait for «Показать»: a reload would fold them
// shut after every tick. Kept out of the HTML's
// attributes: the Content-Security-Policy allows no inline script.
document.addEventListener("DOMContentLoaded", function () {
  // Browsers without ::details-content cannot show a closed <details> as a side panel.
  var fold = document.getElementById("filters-fold");
  if (fold && window.matchMedia("(min-width: 768px)").matches) fold.open = true;
  ["catalogue-filters", "catalogue-sort"].forEach(function (id) {
    var form = document.getElementById(id);
    if (!form) return;
    form.addEventListener("change", function (event) {
      var folded = id === "catalogue-filters" && !window.matchMedia("(min-width: 768px)").matches;
      if (!folded && event.target.matches("input[type=checkbox], select")) {
        form.requestSubmit ? form.requestSubmit() : form.submit();
      }
    });
  });
});
