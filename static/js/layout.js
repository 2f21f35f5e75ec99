/*
 * The page layout. The menu button of a narrow screen (templates/includes/side_nav.html): it opens and closes
 * the grouped menu; Escape closes it and returns to the button. On a wide screen the button is
 * hidden by the stylesheet and the menu always shows. Also fills the print-only header of
 * templates/base.html: the page's title, and the time when it is printed.
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

  function setUpPrintHeader() {
    var title = document.querySelector(".print-header .print-title");
    var time = document.querySelector(".print-header .print-time");
    if (title) {
      title.textContent = document.title;
    }
    if (time) {
      window.addEventListener("beforeprint", function () {
        time.textContent = new Date().toLocaleString(document.documentElement.lang || undefined, {
          dateStyle: "long",
          timeStyle: "short",
        });
      });
    }
  }

  function start() {
    document.querySelectorAll(".main-nav").forEach(setUpMenu);
    setUpPrintHeader();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
