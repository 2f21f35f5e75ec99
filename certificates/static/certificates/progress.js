// Keeps the certificate batch's progress bar current: polls the progress address every two
// seconds until the batch is finished, then reloads once to show the certificates.
(function () {
  "use strict";
  var box = document.getElementById("issue-progress");
  if (!box || box.dataset.finished === "1") {
    return;
  }
  var bar = box.querySelector("progress");
  function show(name, value) {
    var field = box.querySelector('[data-field="' + name + '"]');
    if (field) {
      field.textContent = value;
    }
  }
  function poll() {
    fetch(box.dataset.progressUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (progress) {
        if (!progress) {
          return;
        }
        bar.max = progress.total;
        bar.value = progress.done;
        bar.textContent = progress.percent + "%";
        show("done", progress.done);
        show("total", progress.total);
        show("failed", progress.failed);
        if (progress.finished) {
          window.location.reload();
          return;
        }
        window.setTimeout(poll, 2000);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, 1000);
})();
