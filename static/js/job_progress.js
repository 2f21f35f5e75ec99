// Keeps a background job's progress bar current: polls the job's status address until the
// job is finished, then reloads once so that the page shows the result. Without scripts the
// page refreshes itself instead (a <noscript> meta refresh).
(function () {
  "use strict";
  var box = document.getElementById("job-progress");
  if (!box || !window.fetch) {
    return;
  }
  var bar = box.querySelector("progress");
  var delay = 1000;

  function show(name, value) {
    var field = box.querySelector('[data-field="' + name + '"]');
    if (field) {
      field.textContent = value;
    }
  }

  function update(status) {
    if (status.total > 0) {
      bar.max = status.total;
      bar.value = status.done;
    } else {
      bar.removeAttribute("value"); // an indeterminate bar until the work is counted
    }
    bar.textContent = status.percent + "%";
    show("status_label", status.status_label);
    show("done", status.done);
    show("total", status.total);
    show("percent", status.percent);
    var waiting = box.querySelector('[data-field="waiting"]');
    if (waiting) {
      waiting.hidden = status.status !== "queued";
    }
  }

  function poll() {
    fetch(box.dataset.statusUrl, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (status) {
        if (!status) {
          window.setTimeout(poll, 5000);
          return;
        }
        update(status);
        if (status.finished) {
          window.location.reload();
          return;
        }
        // Quick at first, then every few seconds for long jobs.
        delay = Math.min(delay * 1.5, 4000);
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, delay);
})();
