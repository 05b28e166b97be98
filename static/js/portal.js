// Behaviour that templates ask for with data attributes, because the Content-Security-Policy
// allows no inline script or style:
// - data-autosubmit on a select: its form is sent when the choice changes;
// - data-width / data-height on an element (bars of charts and progress): its size in %.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      var form = select.form;
      form.requestSubmit ? form.requestSubmit() : form.submit();
    });
  });
  document.querySelectorAll("[data-width]").forEach(function (element) {
    element.style.width = element.dataset.width;
  });
  document.querySelectorAll("[data-height]").forEach(function (element) {
    element.style.height = element.dataset.height;
  });
});
