// Applies the catalogue filters as soon as a checkbox or select changes;
// without JavaScript the «Показать» button does the same.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("catalogue-filters");
  if (!form) return;
  form.addEventListener("change", function (event) {
    if (event.target.matches("input[type=checkbox], select")) {
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
  });
});
