// Draws the statistics page's charts with the vendored Chart.js (static/vendor/chartjs). Each
// <canvas data-chart="ID"> takes its figures from the JSON the page put in <script id="ID">
// (Django's json_script): {type, horizontal, stacked, labels, datasets: [{label, data, color}]}.
// The same figures are in the data table under each chart, which works without this script;
// each bar carries its value.
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

  var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);

  // Writes each bar's value at its end (inside the segment when bars are stacked, where it
  // fits), so that the chart is read without hovering.
  var valueLabels = {
    id: "valueLabels",
    afterDatasetsDraw: function (chart) {
      var horizontal = chart.options.indexAxis === "y";
      var stacked = Boolean(chart.options.scales.x.stacked);
      var context = chart.ctx;
      context.save();
      context.font = "600 11px " + window.Chart.defaults.font.family;
      chart.data.datasets.forEach(function (dataset, index) {
        var meta = chart.getDatasetMeta(index);
        if (!chart.isDatasetVisible(index)) {
          return;
        }
        meta.data.forEach(function (element, position) {
          var value = dataset.data[position];
          if (value === null || value === undefined || value === 0) {
            return;
          }
          var text = numbers.format(value);
          var bar = element.getProps(["x", "y", "base"], true);
          var width = context.measureText(text).width;
          if (stacked && bar.base !== undefined) {
            var length = Math.abs((horizontal ? bar.x : bar.y) - bar.base);
            if (length < (horizontal ? width + 6 : 14)) {
              return;
            }
            context.fillStyle = "#fff";
            context.textAlign = "center";
            context.textBaseline = "middle";
            context.fillText(
              text,
              horizontal ? (bar.x + bar.base) / 2 : bar.x,
              horizontal ? bar.y : (bar.y + bar.base) / 2
            );
          } else if (horizontal) {
            context.fillStyle = variable("--ink", "#1b2430");
            context.textAlign = "left";
            context.textBaseline = "middle";
            context.fillText(text, bar.x + 4, bar.y);
          } else {
            context.fillStyle = variable("--ink", "#1b2430");
            context.textAlign = "center";
            context.textBaseline = "bottom";
            context.fillText(text, bar.x, bar.y - 3);
          }
        });
      });
      context.restore();
    },
  };

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
        // Room for the values written past the end of the longest bar.
        layout: { padding: horizontal ? { right: stacked ? 0 : 36 } : { top: stacked ? 0 : 18 } },
        plugins: {
          legend: { display: spec.datasets.length > 1, position: "bottom" },
        },
      },
      plugins: [valueLabels],
    });
    canvas.dataset.rendered = "1";
  }

  document.querySelectorAll("canvas[data-chart]").forEach(draw);
})();
