// The quality survey: offer only the chosen organization's programs (the form checks it too).
(function () {
  "use strict";
  var programs = document.querySelector("select[data-survey-programs]");
  var organization = document.getElementById("id_organization");
  if (!programs || !organization) {
    return;
  }
  function narrow() {
    var chosen = organization.value;
    var groups = programs.querySelectorAll("optgroup");
    Array.prototype.forEach.call(programs.options, function (option) {
      var owner = option.getAttribute("data-organization");
      if (owner === null) {
        return;
      }
      var fits = !chosen || owner === chosen;
      option.hidden = !fits;
      option.disabled = !fits;
      if (!fits && option.selected) {
        programs.value = "";
      }
    });
    Array.prototype.forEach.call(groups, function (group) {
      group.hidden = !Array.prototype.some.call(group.children, function (option) {
        return !option.hidden;
      });
    });
  }
  organization.addEventListener("change", narrow);
  narrow();
})();
