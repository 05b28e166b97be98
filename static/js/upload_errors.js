// A refused Excel upload lists its errors at the top of the report page: bring them into
// view and move the keyboard and screen-reader focus there, instead of leaving the person
// at the upload form far below.
(function () {
  "use strict";
  var errors = document.getElementById("upload-errors");
  if (!errors) {
    return;
  }
  errors.scrollIntoView({ block: "start" });
  errors.focus({ preventScroll: true });
})();
