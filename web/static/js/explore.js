// Neighbourhood explorer: Cytoscape.js fed by /api/neighbourhood, /api/search and /api/path.
(function () {
  "use strict";
  const root = document.getElementById("explorer");
  const api = { neighbourhood: root.dataset.neighbourhood, search: root.dataset.search, path: root.dataset.path };
  const PAGE = 20;
  const FONT = '"WenQuanYi Zen Hei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';
  const COLOURS = {
    "org:Organization": "#2f6fb0", "gkg:LeadingGroup": "#7b4bb5", "gkg:Task": "#d9822b", "gkg:Target": "#c23b3b",
    "gkg:Document": "#5a7d2a", "gkg:Program": "#3d8c6b", "foaf:Person": "#b5477b", "org:Post": "#8c6d3d",
    "gkg:GazetteIssue": "#666666",
  };

  if (typeof cytoscapeFcose !== "undefined") { cytoscape.use(cytoscapeFcose); }
  const cy = cytoscape({
    container: document.getElementById("cy"),
    wheelSensitivity: 0.3,
    maxZoom: 1.5,
    style: [
      { selector: "node", style: {
          "label": "data(label)", "font-family": FONT, "font-size": 11, "text-wrap": "ellipsis", "text-max-width": 140,
          "text-valign": "bottom", "text-margin-y": 4, "width": 18, "height": 18,
          "background-color": (n) => COLOURS[n.data("type")] || "#999" } },
      { selector: "node.centre", style: { "width": 26, "height": 26, "border-width": 3, "border-color": "#222" } },
      { selector: "node.more", style: { "shape": "round-rectangle", "background-color": "#eee", "border-width": 1,
          "border-color": "#999", "width": 70, "height": 20, "text-valign": "center", "text-margin-y": 0, "color": "#333" } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#f2c200" } },
      { selector: "edge", style: {
          "label": "", "font-family": FONT, "font-size": 9, "color": "#555", "curve-style": "bezier",
          "target-arrow-shape": "triangle", "width": 1.2, "line-color": "#bbb", "target-arrow-color": "#bbb",
          "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.8 } },
      { selector: "edge.hover, edge.path, edge:selected", style: { "label": "data(label)" } },
      { selector: ".path", style: { "line-color": "#e0301e", "target-arrow-color": "#e0301e", "width": 3,
          "border-width": 3, "border-color": "#e0301e" } },
      { selector: ".filtered", style: { "display": "none" } },
    ],
  });
  window.govkgCy = cy;  // for tests and the console

  const picked = [];
  const hiddenRelations = new Set();
  const hiddenTypes = new Set();

  function getJSON(url, params) {
    const query = new URLSearchParams(params).toString();
    return fetch(url + "?" + query, { headers: { Accept: "application/json" } }).then((r) => {
      if (!r.ok) { throw new Error(r.status + " " + r.statusText); }
      return r.json();
    });
  }

  function addNode(node, classes) {
    const existing = cy.getElementById(node.id);
    if (existing.nonempty()) { if (classes) { existing.addClass(classes); } return existing; }
    return cy.add({ group: "nodes", data: node, classes: classes || "" });
  }

  function addEdge(edge, classes) {
    if (cy.getElementById(edge.id).nonempty()) { cy.getElementById(edge.id).addClass(classes || ""); return; }
    addNode({ id: edge.source, label: "" }); addNode({ id: edge.target, label: "" });
    cy.add({ group: "edges", data: edge, classes: classes || "" });
  }

  function moreNodeId(centre) { return "more:" + centre; }

  function expand(iri, offset) {
    return getJSON(api.neighbourhood, { iri: iri, offset: offset || 0, limit: PAGE }).then((data) => {
      cy.batch(() => {
        addNode(data.centre, "centre").data("label", data.centre.label);
        data.nodes.forEach((n) => addNode(n).data(n));
        data.edges.forEach((e) => addEdge(e));
        cy.remove(cy.getElementById(moreNodeId(iri)));
        if (data.next_offset !== null) {
          addNode({ id: moreNodeId(iri), label: "更多 +" + (data.total - data.next_offset), centre: iri,
                    offset: data.next_offset, type: "more" }, "more");
          cy.add({ group: "edges", data: { id: "moreedge:" + iri, source: iri, target: moreNodeId(iri), label: "" } });
        }
      });
      refreshFilters();
      runLayout();
    });
  }

  function runLayout() {
    const name = document.getElementById("layout").value;
    const options = { name: name, animate: false, fit: true, padding: 30 };
    if (name === "fcose" && typeof cytoscapeFcose === "undefined") { options.name = "cose"; }
    if (name === "breadthfirst") { options.directed = true; }
    cy.elements(":visible").layout(options).run();
  }

  function checkbox(container, value, text, hidden, onChange) {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "checkbox"; input.checked = !hidden.has(value); input.value = value;
    input.addEventListener("change", () => { input.checked ? hidden.delete(value) : hidden.add(value); onChange(); });
    label.appendChild(input); label.appendChild(document.createTextNode(" " + text));
    container.appendChild(label);
  }

  function refreshFilters() {
    const relations = new Map(), types = new Set();
    cy.edges().forEach((e) => { if (e.data("relation")) { relations.set(e.data("relation"), e.data("label")); } });
    cy.nodes().forEach((n) => { if (n.data("type") && n.data("type") !== "more") { types.add(n.data("type")); } });
    const relBox = document.getElementById("relation-filters"), typeBox = document.getElementById("type-filters");
    relBox.replaceChildren(); typeBox.replaceChildren();
    [...relations.entries()].sort().forEach(([rel, label]) =>
      checkbox(relBox, rel, label === rel ? rel : label + " (" + rel + ")", hiddenRelations, applyFilters));
    [...types].sort().forEach((t) => checkbox(typeBox, t, t, hiddenTypes, applyFilters));
    applyFilters();
  }

  function applyFilters() {
    cy.batch(() => {
      cy.elements().removeClass("filtered");
      cy.nodes().filter((n) => hiddenTypes.has(n.data("type"))).addClass("filtered");
      cy.edges().filter((e) => hiddenRelations.has(e.data("relation"))).addClass("filtered");
    });
  }

  function showSelection(node) {
    const box = document.getElementById("selection");
    box.replaceChildren();
    const title = document.createElement("a");
    title.href = node.data("url") || "#"; title.textContent = node.data("label") || node.id();
    const type = document.createElement("div"); type.className = "meta"; type.textContent = node.data("type") || "";
    const picks = document.createElement("div"); picks.className = "meta";
    picks.textContent = "路径端点:" + picked.map((id) => cy.getElementById(id).data("label") || id).join(" → ");
    box.append(title, type, picks);
  }

  cy.on("tap", "node", (event) => {
    const node = event.target;
    if (node.hasClass("more")) { expand(node.data("centre"), node.data("offset")); return; }
    if (event.originalEvent && event.originalEvent.shiftKey) { picked.push(node.id()); } else { picked.splice(0, picked.length, node.id()); }
    while (picked.length > 2) { picked.shift(); }
    showSelection(node);
    expand(node.id(), 0);
  });

  // relation names only on the edge under the pointer (and on a found path), so labels do not pile up
  cy.on("mouseover", "edge", (event) => event.target.addClass("hover"));
  cy.on("mouseout", "edge", (event) => event.target.removeClass("hover"));

  document.getElementById("layout").addEventListener("change", runLayout);

  document.getElementById("path-button").addEventListener("click", () => {
    const result = document.getElementById("path-result");
    if (picked.length < 2) { result.textContent = "请先选两个节点。"; return; }
    getJSON(api.path, { from: picked[0], to: picked[1] }).then((data) => {
      cy.elements().removeClass("path");
      if (!data.found) { result.textContent = "没有路径。"; return; }
      cy.batch(() => {
        data.nodes.forEach((n) => addNode(n).data(n).addClass("path"));
        data.edges.forEach((e) => addEdge(e, "path"));
      });
      result.textContent = data.nodes.map((n) => n.label).join(" — ");
      refreshFilters(); runLayout();
    }).catch((error) => { result.textContent = String(error); });
  });

  document.getElementById("png-button").addEventListener("click", () => {
    const blob = cy.png({ output: "blob", full: true, bg: "#ffffff", scale: 2 });
    const link = document.getElementById("png-link");
    link.href = URL.createObjectURL(blob); link.hidden = false; link.click();
  });

  const searchInput = document.getElementById("start-search");
  const hitsList = document.getElementById("start-hits");
  let searchTimer = null;
  searchInput.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      const q = searchInput.value.trim();
      if (!q) { hitsList.replaceChildren(); return; }
      getJSON(api.search, { q: q, limit: 10 }).then((data) => {
        hitsList.replaceChildren(...data.hits.map((hit) => {
          const item = document.createElement("li");
          const button = document.createElement("button");
          button.type = "button"; button.className = "hit"; button.textContent = hit.label;
          button.title = hit.type + " " + hit.iri;
          button.addEventListener("click", () => { hitsList.replaceChildren(); cy.elements().remove(); expand(hit.iri, 0); });
          item.appendChild(button);
          return item;
        }));
      });
    }, 200);
  });

  if (root.dataset.start) { expand(root.dataset.start, 0); }
})();
