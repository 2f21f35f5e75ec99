/*
 * Confirmation before irreversible actions.
 *
 * A form written as <form method="post" data-confirm="{% translate 'Revoke this certificate?' %}">
 * asks window.confirm(message) before it is sent; declined, nothing happens. A submit button may
 * carry its own data-confirm, which then wins over the form's. Once confirmed, the form is sent
 * once: a second click or Enter is ignored and its submit buttons are disabled.
 *
 * The browser's own dialog is used, so it works with the keyboard (Enter / Escape) and with
 * screen readers. Without JavaScript the form is simply sent, as the server checks everything.
 */
(function () {
  "use strict";

  function submitButtons(form) {
    return form.querySelectorAll('button:not([type]), button[type="submit"], input[type="submit"]');
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) {
      return;
    }
    var submitter = event.submitter || null;
    var message =
      (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (!message) {
      return;
    }
    if (form.getAttribute("data-submitting") === "true") {
      event.preventDefault(); // already on its way: no double submission
      return;
    }
    if (!window.confirm(message)) {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-submitting", "true");
    form.setAttribute("aria-busy", "true");
    // Disable the buttons only after the browser has read the form, so that a button's own
    // name and value are still sent.
    window.setTimeout(function () {
      submitButtons(form).forEach(function (button) {
        button.disabled = true;
      });
    }, 0);
  });

  // Coming back with the browser's Back button shows the page from its cache: make its
  // confirmed forms usable again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    document.querySelectorAll('form[data-submitting="true"]').forEach(function (form) {
      form.removeAttribute("data-submitting");
      form.removeAttribute("aria-busy");
      submitButtons(form).forEach(function (button) {
        button.disabled = false;
      });
    });
  });
})();
