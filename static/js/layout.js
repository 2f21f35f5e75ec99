/*
 * The page layout. The menu button of a narrow screen (templates/includes/side_nav.html): it opens and closes
 * the grouped menu; Escape closes it and returns to the button. On a wide screen the button is
 * hidden by the stylesheet and the menu always shows. Also gives the print stylesheet the
 * page's title and today's date for the page margins (css/app.css, @media print).
 */
(function () {
  "use strict";

  function setUpMenu(nav) {
    var button = nav.querySelector(".nav-toggle");
    if (!button) {
      return;
    }
    function show(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("open", open);
    }
    button.addEventListener("click", function () {
      show(button.getAttribute("aria-expanded") !== "true");
    });
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("open")) {
        show(false);
        button.focus();
      }
    });
  }

  function cssString(text) {
    return '"' + text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, " ") + '"';
  }

  function setUpPrintMargins() {
    var root = document.documentElement;
    var today = new Date().toLocaleDateString(root.lang || undefined, {
      year: "numeric",
      month: "long",
      day: "numeric",
    });
    root.style.setProperty("--print-title", cssString(document.title));
    root.style.setProperty("--print-date", cssString(today));
  }

  function start() {
    document.querySelectorAll(".main-nav").forEach(setUpMenu);
    setUpPrintMargins();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
