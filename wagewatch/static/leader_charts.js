// Draws the leader's home charts with the vendored Chart.js from the figures JSON named in
// #leader-charts[data-source]; a click on a bar or point opens the list behind it (the JSON's
// links). No inline scripts: the page's CSP allows scripts from this origin only.
(function () {
  "use strict";

  var COLORS = { cases: "#0d6efd", owed: "#dc3545", recovered: "#198754", rate: "#6f42c1",
                 blacklist: "#fd7e14", handlers: "#dc3545" };

  function wan(yuan) {
    // Yuan (a string with two decimals) as 万元 for the amount axis.
    return Math.round(Number(yuan) / 100) / 100;
  }

  function percent(fraction) {
    return fraction === null ? null : Math.round(fraction * 1000) / 10;
  }

  function opener(links) {
    // A click handler that follows the link of the clicked bar or point.
    return function (event, elements) {
      if (elements.length && links[elements[0].index]) {
        window.location.href = links[elements[0].index];
      }
    };
  }

  function hover(event, elements) {
    event.native.target.style.cursor = elements.length ? "pointer" : "default";
  }

  function draw(id, config, links) {
    var canvas = document.getElementById(id);
    if (!canvas) { return; }
    config.options = Object.assign({
      responsive: true, maintainAspectRatio: false, animation: false,
      onClick: opener(links), onHover: hover,
      plugins: { legend: { position: "bottom" } }
    }, config.options || {});
    canvas.dataset.links = JSON.stringify(links);
    new window.Chart(canvas, config);
    canvas.dataset.drawn = "1";
  }

  function bars(labels, datasets, links, yTitle) {
    return [{ type: "bar", data: { labels: labels, datasets: datasets },
              options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 },
                                          title: { display: true, text: yTitle } } } } },
            links];
  }

  function render(f) {
    var s = f.series;
    draw("chart-months", {
      type: "bar",
      data: { labels: s.months, datasets: [
        { type: "bar", label: "新收案件（件）", data: s.new_cases, backgroundColor: COLORS.cases, yAxisID: "y" },
        { type: "line", label: "涉欠金额（万元）", data: s.arrears_yuan.map(wan), borderColor: COLORS.owed,
          backgroundColor: COLORS.owed, yAxisID: "y1" },
        { type: "line", label: "清欠金额（万元）", data: s.recovered_yuan.map(wan), borderColor: COLORS.recovered,
          backgroundColor: COLORS.recovered, yAxisID: "y1" }
      ] },
      options: { scales: {
        y: { beginAtZero: true, position: "left", ticks: { precision: 0 }, title: { display: true, text: "件" } },
        y1: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false },
              title: { display: true, text: "万元" } } } }
    }, f.links.series);
    draw("chart-rate", {
      type: "line",
      data: { labels: s.months, datasets: [
        { label: "清欠率（%）", data: s.recovery_rate.map(percent), borderColor: COLORS.rate,
          backgroundColor: COLORS.rate, spanGaps: true }] },
      options: { scales: { y: { beginAtZero: true, title: { display: true, text: "%" } } } }
    }, f.links.series);
    [["chart-townships", f.townships, f.links.townships], ["chart-sectors", f.sectors, f.links.sectors]]
      .forEach(function (item) {
        var split = item[1];
        var made = bars(split.labels, [
          { label: "收到投诉（件）", data: split.received, backgroundColor: COLORS.cases, yAxisID: "y" },
          { label: "涉欠金额（万元）", data: split.arrears_yuan.map(wan), backgroundColor: COLORS.owed, yAxisID: "y1" },
          { label: "清欠金额（万元）", data: split.recovered_yuan.map(wan), backgroundColor: COLORS.recovered, yAxisID: "y1" }
        ], item[2], "件");
        made[0].options.scales.y1 = { beginAtZero: true, position: "right", grid: { drawOnChartArea: false },
                                      title: { display: true, text: "万元" } };
        draw(item[0], made[0], made[1]);
      });
    var b = bars(f.blacklist.labels, [{ label: "名单期数（个）", data: f.blacklist.values,
                                        backgroundColor: COLORS.blacklist }], f.links.blacklist, "个");
    b[0].options.plugins = { legend: { display: false } };
    draw("chart-blacklist", b[0], b[1]);
    var h = bars(f.handlers.labels, [{ label: "办案期限已过（件）", data: f.handlers.values,
                                       backgroundColor: COLORS.handlers }], f.links.handlers, "件");
    h[0].options.indexAxis = "y";
    h[0].options.scales = { x: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "件" } } };
    h[0].options.plugins = { legend: { display: false } };
    draw("chart-handlers", h[0], h[1]);
  }

  function start() {
    var holder = document.getElementById("leader-charts");
    if (!holder || !window.Chart) { return; }
    window.Chart.defaults.font.family = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif';
    fetch(holder.dataset.source, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(render)
      .catch(function () {
        holder.insertAdjacentHTML("afterbegin",
          '<div class="col-12"><div class="alert alert-warning mb-0" id="chart-error">图表数据加载失败，请刷新页面重试；上方数字不受影响。</div></div>');
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
