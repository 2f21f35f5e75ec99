// The declaration list's moves of many: "select all on this page" ticks every row's box, and
// ticking a row chooses "the ticked rows" over "all matching the filter".
(function () {
  "use strict";
  var form = document.getElementById("bulk-form");
  if (!form) {
    return;
  }
  var all = form.querySelector("[data-select-all]");
  var boxes = form.querySelectorAll('input[name="ids"]');
  var ticked = form.querySelector('input[name="scope"][value="ticked"]');

  function sync() {
    var count = 0;
    boxes.forEach(function (box) {
      if (box.checked) {
        count += 1;
      }
    });
    if (all) {
      all.checked = count > 0 && count === boxes.length;
      all.indeterminate = count > 0 && count < boxes.length;
    }
    if (count > 0 && ticked) {
      ticked.checked = true;
    }
  }

  if (all) {
    all.addEventListener("change", function () {
      boxes.forEach(function (box) {
        box.checked = all.checked;
      });
      sync();
    });
  }
  boxes.forEach(function (box) {
    box.addEventListener("change", sync);
  });
})();

// A move that goes somewhere (a meeting's roster) shows its own choice of where, only while
// that move is chosen.
(function () {
  "use strict";
  var move = document.getElementById("bulk-move");
  if (!move) {
    return;
  }
  var targets = document.querySelectorAll("[data-for-move]");

  function sync() {
    targets.forEach(function (target) {
      var shown = target.getAttribute("data-for-move") === move.value;
      target.hidden = !shown;
      target.querySelectorAll("select").forEach(function (select) {
        select.disabled = !shown;
      });
    });
  }

  move.addEventListener("change", sync);
  sync();
})();
