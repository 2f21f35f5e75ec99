/*
 * "Add a row" for the lists of a form (Django formsets): every <fieldset data-formset="prefix">
 * holds its rows in <tbody data-rows>, an empty row in <template data-empty-row> (with
 * "__prefix__" where the row's number goes) and a hidden [data-add-row] button, shown here.
 * Without JavaScript the form still offers one empty row each time it is saved.
 */
(function () {
  "use strict";

  function setUp(fieldset) {
    var prefix = fieldset.getAttribute("data-formset");
    var total = fieldset.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var maximum = fieldset.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]');
    var rows = fieldset.querySelector("[data-rows]");
    var template = fieldset.querySelector("template[data-empty-row]");
    var button = fieldset.querySelector("[data-add-row]");
    if (!total || !rows || !template || !button) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var count = parseInt(total.value, 10) || 0;
      if (maximum && count >= (parseInt(maximum.value, 10) || Infinity)) {
        return;
      }
      rows.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(count)));
      total.value = String(count + 1);
      var first = rows.lastElementChild && rows.lastElementChild.querySelector("input, select, textarea");
      if (first) {
        first.focus();
      }
    });
  }

  function start() {
    document.querySelectorAll("[data-formset]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
