// Dashboard charts (vendored Chart.js). Every bar links to the list behind
// it; the same numbers are in the tables next to the charts.
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var palette = ["#c9b8a6", "#d9822b", "#b3261e", "#5b7f95", "#7a9a5b"];

  function datasets(series) {
    return series.map(function (s, i) {
      return { label: s.label, data: s.values, links: s.links, backgroundColor: palette[i % palette.length] };
    });
  }

  function follow(chart) {
    return function (event, elements) {
      if (!elements.length) { return; }
      var el = elements[0];
      var link = chart().data.datasets[el.datasetIndex].links[el.index];
      if (link) { window.location.href = link; }
    };
  }

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) { return; }
    var chart;
    config.options.onClick = follow(function () { return chart; });
    config.options.onHover = function (event, elements) {
      event.native.target.style.cursor = elements.length ? "pointer" : "default";
    };
    chart = new Chart(canvas, config);
  }

  draw("chart-months", {
    type: "bar",
    data: { labels: data.months.labels, datasets: datasets(data.months.series) },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
    }
  });

  draw("chart-pipeline", {
    type: "bar",
    data: { labels: data.pipeline.labels, datasets: datasets(data.pipeline.series) },
    options: {
      indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
      scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } }
    }
  });
})();
