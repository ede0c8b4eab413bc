// innolink web UI: the graph view (Cytoscape) and the dashboard charts (Chart.js). No inline scripts.
(function () {
  "use strict";
  const colours = { Organization: "#5b8c4a", Person: "#c07a2c", Patent: "#3d6fb3", Publication: "#2f8a83",
    Project: "#7a7f86", Technology: "#8a4fb0", Industry: "#b0454a" };

  function drawGraph(box) {
    const id = box.dataset.node, depth = box.dataset.depth;
    fetch("/api/v1/graph/" + encodeURIComponent(id) + "?depth=" + depth + "&limit=120", { credentials: "same-origin" })
      .then((r) => { if (!r.ok) { throw new Error("graph request failed: " + r.status); } return r.json(); })
      .then((data) => {
        if (data.truncated) { document.getElementById("graph-note").textContent = "(" + box.dataset.truncated + ")"; }
        const elements = data.nodes.map((n) => ({ data: { id: n.id, label: n.name.slice(0, 40), type: n.type } }))
          .concat(data.edges.map((e, i) => ({ data: { id: "e" + i, source: e.source, target: e.target, label: e.type } })));
        const cy = window.cytoscape({
          container: box, elements: elements, layout: { name: "cose", animate: false },
          style: [
            { selector: "node", style: { label: "data(label)", "font-size": 10, "background-color": (n) => colours[n.data("type")] || "#888",
              "text-valign": "bottom", "text-wrap": "ellipsis", "text-max-width": 120 } },
            { selector: "node[id = '" + id.replace(/'/g, "\\'") + "']", style: { "border-width": 4, "border-color": "#f0a500" } },
            { selector: "edge", style: { width: 1.2, "line-color": "#b9c2cc", "target-arrow-shape": "triangle",
              "target-arrow-color": "#b9c2cc", "curve-style": "bezier" } },
          ],
        });
        cy.on("tap", "node", (evt) => { window.location.href = "/e/" + encodeURIComponent(evt.target.id()).replace(/%3A/g, ":"); });
        box.dataset.ready = "true";
      })
      .catch((err) => { box.textContent = String(err); });
  }

  function drawCharts(host) {
    const data = JSON.parse(host.dataset.charts);
    const bar = (canvas, rows, horizontal) => new window.Chart(document.getElementById(canvas), {
      type: "bar",
      data: { labels: rows.map((r) => r[0]), datasets: [{ data: rows.map((r) => r[1]), backgroundColor: "#3d6fb3" }] },
      options: { indexAxis: horizontal ? "y" : "x", plugins: { legend: { display: false } }, animation: false },
    });
    bar("chart-industry", data.industry, true);
    bar("chart-institution", data.institution, true);
    bar("chart-year", data.year, false);
    host.dataset.ready = "true";
  }

  window.addEventListener("load", () => {
    const box = document.getElementById("graph");
    if (box && window.cytoscape) { drawGraph(box); }
    const charts = document.getElementById("charts");
    if (charts && window.Chart) { drawCharts(charts); }
  });
})();
