// Draws the statistics page's charts with the vendored Chart.js (static/vendor/chartjs). Each
// <canvas data-chart="ID"> takes its figures from the JSON the page put in <script id="ID">
// (Django's json_script): {type, horizontal, stacked, labels, datasets: [{label, data, color}]}.
// The same figures are in the data table under each chart, which works without this script.
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") {
    return;
  }
  var styles = window.getComputedStyle(document.documentElement);
  function variable(name, fallback) {
    var value = styles.getPropertyValue(name).trim();
    return value || fallback;
  }
  // Colour names used by reports/selectors.py, taken from the stylesheet where it has them.
  var COLORS = {
    brand: variable("--brand", "#0b3d6e"),
    light: "#6f9bd1",
    success: variable("--success", "#1e6b3a"),
    danger: variable("--danger", "#b3261e"),
    warning: "#d99a00",
    accent: "#7a3e9d",
  };
  var reduceMotion =
    window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  window.Chart.defaults.font.family = variable("--font", window.Chart.defaults.font.family);
  window.Chart.defaults.color = variable("--ink-soft", "#4a5563");

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var horizontal = Boolean(spec.horizontal);
    var stacked = Boolean(spec.stacked);
    var valueAxis = { beginAtZero: true, stacked: stacked, ticks: { precision: 0 } };
    var labelAxis = { stacked: stacked, ticks: { autoSkip: !horizontal } };
    new window.Chart(canvas, {
      type: spec.type || "bar",
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (dataset) {
          var color = COLORS[dataset.color] || COLORS.brand;
          return {
            label: dataset.label,
            data: dataset.data,
            backgroundColor: color,
            borderColor: color,
            borderWidth: 0,
            maxBarThickness: 28,
          };
        }),
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: reduceMotion ? false : { duration: 400 },
        locale: document.documentElement.lang || undefined,
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
        plugins: {
          legend: { display: spec.datasets.length > 1, position: "bottom" },
        },
      },
    });
    canvas.dataset.rendered = "1";
  }

  document.querySelectorAll("canvas[data-chart]").forEach(draw);
})();
