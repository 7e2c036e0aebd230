/* Progressive enhancement of the application form (the form works without it; the server decides):
   show only the part of the applicant's kind, move focus to the error summary, and disable the
   submit button once clicked so that a double click sends one application. */
(function () {
  "use strict";
  var form = document.querySelector("[data-apply-form]");
  if (!form) { return; }
  var parts = form.querySelectorAll("fieldset[data-kind]");
  var radios = form.querySelectorAll("input[name=applicant_kind]");

  function show() {
    var chosen = form.querySelector("input[name=applicant_kind]:checked");
    var kind = chosen ? chosen.value : "person";
    for (var i = 0; i < parts.length; i++) {
      parts[i].hidden = parts[i].getAttribute("data-kind") !== kind;
    }
  }
  for (var i = 0; i < radios.length; i++) { radios[i].addEventListener("change", show); }
  show();

  var summary = document.getElementById("form-errors");
  if (summary) { summary.focus(); }

  var button = form.querySelector("button[type=submit]");
  var label = button ? button.textContent : "";
  form.addEventListener("submit", function () {
    if (button) {
      // Disabled a moment later, or the browser would not send the click.
      setTimeout(function () { button.disabled = true; button.textContent = "正在提交…"; }, 0);
    }
  });
  // Coming back with the browser's Back button: the form is usable again.
  window.addEventListener("pageshow", function () {
    if (button) { button.disabled = false; button.textContent = label; }
  });
}());
