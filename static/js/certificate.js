// The certificate calculator on a program's page: what a ПФДО certificate with the typed
// remaining nominal pays, min(cost, normative cost, remaining), and what is left to pay per
// month. Computed here; nothing typed leaves the page (the form's submit is the no-JavaScript
// fallback, a GET to the same page that the server does not keep).
(function () {
  "use strict";

  function parseAmount(text) {
    var cleaned = String(text || "").replace(/₽/g, "").replace(/[\s\u00a0]/g, "").replace(",", ".");
    if (!/^\d+(\.\d+)?$/.test(cleaned) || cleaned.length > 20) { return null; }
    var value = Number(cleaned);
    return value <= 10000000 ? Math.round(value * 100) : null; // kopecks
  }

  function rub(kopecks) {
    var whole = Math.floor(kopecks / 100);
    var rest = kopecks % 100;
    var text = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
    return text + (rest ? "," + String(rest).padStart(2, "0") : "") + "\u00a0₽";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-certificate]");
    if (!form) { return; }
    var input = form.querySelector("input[name=nominal]");
    var output = form.querySelector("[data-certificate-result]");
    var cost = Math.round(Number(form.dataset.cost) * 100);
    var normative = form.dataset.normative ? Math.round(Number(form.dataset.normative) * 100) : null;
    var months = Number(form.dataset.months) || 0;

    function update() {
      var remaining = parseAmount(input.value);
      if (remaining === null) {
        output.textContent = input.value.trim() ? "Введите сумму в рублях, например 5000." : "";
        return;
      }
      var limits = [cost, remaining];
      if (normative !== null) { limits.push(normative); }
      var covered = Math.max(Math.min.apply(null, limits), 0);
      var toPay = cost - covered;
      var text = "Сертификат оплатит " + rub(covered) + " из " + rub(cost) + ". ";
      text += toPay === 0 ? "Доплачивать не нужно." : "Доплата — " + rub(toPay);
      if (toPay && months) { text += ", это " + rub(Math.round(toPay / months)) + " в месяц."; }
      else if (toPay) { text += "."; }
      output.textContent = text;
    }

    input.addEventListener("input", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  });
})();
