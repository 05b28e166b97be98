// Applies the catalogue filters as soon as a checkbox or select changes;
// without JavaScript the «Показать» button does the same.
document.addEventListener("DOMContentLoaded", function () {
  // Browsers without ::details-content cannot show a closed <details> as a side panel.
  var fold = document.getElementById("filters-fold");
  if (fold && window.matchMedia("(min-width: 768px)").matches) fold.open = true;
  var form = document.getElementById("catalogue-filters");
  if (!form) return;
  form.addEventListener("change", function (event) {
    if (event.target.matches("input[type=checkbox], select")) {
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
  });
});
