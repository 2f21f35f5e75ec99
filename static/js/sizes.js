// Sizes that come from the data. The Content-Security-Policy (style-src 'self') refuses
// style="" attributes, so a template writes such a size as a data attribute and this file
// applies it through the DOM, which the policy allows:
//   data-height="240"  the box's height in pixels (the room of a statistics chart);
//   data-indent="2"    a tree row's level, 1.5rem of indent per level (the organization tree).
// Without JavaScript the stylesheet indents the first levels itself (app.css, [data-indent]).
(function () {
  "use strict";
  document.querySelectorAll("[data-height]").forEach(function (box) {
    var pixels = parseInt(box.dataset.height, 10);
    if (pixels > 0) {
      box.style.height = pixels + "px";
    }
  });
  document.querySelectorAll("[data-indent]").forEach(function (cell) {
    var level = parseInt(cell.dataset.indent, 10);
    if (level >= 0) {
      cell.style.paddingLeft = "calc(0.8rem + " + level + " * 1.5rem)";
    }
  });
})();
