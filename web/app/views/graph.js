// Drawing graph answers ({nodes, edges} of the API) with Cytoscape.js. Data stays the API's:
// each drawn node and edge has the id the API gave it, and the drawing reports exactly those.
// Style: edge width by strength, node colour by company (or by a group the view gives, e.g. a
// segment), node size by influence on screen (the sum of the node's drawn tie strengths).
import cytoscape from "../vendor/cytoscape.mjs";

// From this many elements on, the drawing trades looks for speed: straight "haystack" edges,
// no labels but the root's and the selection's, edges hidden and nodes drawn from a texture
// while the user pans or zooms, and positions computed in one pass instead of a force layout;
// a drag anywhere pans (nodes cannot be dragged), a click on a node still selects it.
export const BIG = 1500;
const FORCE_MAX_NODES = 400;
const NO_COMPANY = "#9aa5b1";
export const EDGE_COLORS = {
  KNOWS: "#5b7db1",
  REPORTS_TO: "#333d47",
  INFLUENCES: "#8e44ad",
  WORKS_AT: "#c3cad3",
  ADVISES: "#16a085",
  INVESTED_IN: "#16a085",
  ATTENDED: "#4caf50",
  CLIENT_OF: "#e67e22",
  VENDOR_OF: "#e67e22",
  PARTNER_OF: "#e67e22",
  COMPETES_WITH: "#c0392b",
  SUBSIDIARY_OF: "#e67e22",
};

/** A stable colour for a key (a company id, a segment id). */
export function colorOf(key) {
  let hash = 2166136261;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619);
  const hue = (hash >>> 0) % 360;
  return `hsl(${hue}, 62%, ${48 + ((hash >>> 9) % 3) * 6}%)`;
}

/** The width of an edge of this strength, in pixels at zoom 1. */
export function edgeWidth(strength) {
  return 0.75 + 7.25 * Math.max(0, Math.min(1, strength || 0));
}

function style(big) {
  const label = big ? {} : { label: "data(name)", "min-zoomed-font-size": 9 };
  // a big drawing's elements take no pointer events (see Drawing.onNodeTap)
  const events = big ? { events: "no" } : {};
  return [
    {
      selector: "node",
      style: {
        ...events,
        "background-color": "data(color)",
        width: "data(size)",
        height: "data(size)",
        "font-size": 10,
        "text-valign": "bottom",
        "text-margin-y": 3,
        color: "#1d2630",
        "text-outline-color": "#ffffff",
        "text-outline-width": 1.5,
        ...label,
      },
    },
    { selector: 'node[kind = "Company"]', style: { shape: "round-rectangle" } },
    { selector: 'node[kind = "Event"]', style: { shape: "diamond" } },
    { selector: "node[?is_team]", style: { "border-width": 3, "border-color": "#1d2630" } },
    { selector: "node.unreached", style: { "border-width": 2, "border-style": "dashed" } },
    {
      selector: "node.root, node:selected",
      style: {
        label: "data(name)",
        "border-width": 4,
        "border-color": "#e4572e",
        "z-index": 20,
        "font-weight": "bold",
      },
    },
    {
      selector: ":parent",
      style: {
        "background-opacity": 0.08,
        "border-width": 2,
        "border-color": "data(color)",
        label: "data(name)",
        "text-valign": "top",
        "font-size": 13,
      },
    },
    {
      selector: "edge",
      style: big
        ? {
            width: "data(width)",
            "line-color": "data(color)",
            "curve-style": "haystack",
            opacity: 0.45,
            ...events,
          }
        : {
            width: "data(width)",
            "line-color": "data(color)",
            "curve-style": "bezier",
            opacity: 0.75,
          },
    },
    ...(big
      ? []
      : [
          {
            selector: 'edge[type = "REPORTS_TO"], edge[type = "INFLUENCES"]',
            style: {
              "target-arrow-shape": "triangle",
              "target-arrow-color": "data(color)",
              "arrow-scale": 0.9,
            },
          },
        ]),
    { selector: "edge:selected", style: { "line-color": "#e4572e", opacity: 1 } },
    { selector: ".dim", style: { opacity: 0.12 } },
    { selector: "edge.lit", style: { opacity: 1, "line-color": "#e4572e", "z-index": 10 } },
  ];
}

function nodeData(node, color) {
  return {
    id: node.id,
    name: node.name || node.id.slice(0, 8),
    kind: node.label,
    is_team: Boolean(node.is_team),
    depth: node.depth ?? 0,
    color,
    size: 18,
  };
}

function edgeData(edge) {
  return {
    id: edge.id,
    source: edge.source,
    target: edge.target,
    type: edge.type,
    strength: edge.strength,
    width: edgeWidth(edge.strength),
    color: EDGE_COLORS[edge.type] || "#7f8c8d",
  };
}

/** A drawing of graph answers, merged by id. `groupOf(node)` picks a colour key. */
export class Drawing {
  constructor(container, { groupOf, big } = {}) {
    this.container = container;
    this.groupOf = groupOf || null;
    this.big = big;
    this.cy = null;
  }

  /** Draws `graph` ({nodes, edges}); resolves once it is on screen. `layout`: Cytoscape layout
   * options, or false for none (the caller lays it out), or nothing: a force layout for small
   * graphs, a one-pass spiral by depth for large ones. */
  async draw(graph, { layout, root, parents } = {}) {
    const count = graph.nodes.length + graph.edges.length;
    this.big = this.big ?? count >= BIG;
    const nodes = [
      ...(parents || []).map((p) => ({ group: "nodes", data: { ...p, size: 10 } })),
      ...graph.nodes.map((n) => ({ group: "nodes", data: nodeData(n, NO_COMPANY) })),
    ];
    const edges = graph.edges.map((e) => ({ group: "edges", data: edgeData(e) }));
    // colours and sizes go in before Cytoscape sees the elements: styled once, not twice
    const paint = this.paint(nodes.map((n) => n.data), edges.map((e) => e.data));
    for (const node of nodes) Object.assign(node.data, paint.get(node.data.id));
    const positions = layout || layout === false ? null : this.quickPositions(graph, root);
    if (positions) for (const node of nodes) node.position = positions.get(node.data.id);
    this.cy = cytoscape({
      container: this.container,
      elements: { nodes, edges },
      style: style(this.big),
      // preset positions are in the elements; the one fit below frames them
      layout: { name: positions ? "preset" : "null", fit: false },
      minZoom: 0.02,
      maxZoom: 4,
      boxSelectionEnabled: false,
      textureOnViewport: this.big,
      hideEdgesOnViewport: this.big,
      motionBlur: false,
      pixelRatio: this.big ? 1 : "auto",
    });
    performance.mark("relmap-built");
    if (root) this.cy.getElementById(root).addClass("root");
    performance.mark("relmap-styled");
    const chosen = layout === false ? null : layout || (positions ? null : { name: "cose" });
    if (chosen) await this.layout(chosen);
    else this.fit();
    performance.mark("relmap-laid-out");
    await frames(2);
  }

  /** Calls `fn(node)` when the user clicks a node, which is then the selected one. In a big
   * drawing no element takes pointer events: Cytoscape marks a pressed element active, which
   * throws away its cached picture of the whole graph (a full redraw, most of a second at 5,000
   * nodes, after every pan that started on a node). There a drag anywhere pans, and a click
   * is matched here to the node under it. */
  onNodeTap(fn) {
    const cy = this.cy;
    if (!this.big) {
      cy.on("tap", "node", (event) => fn(event.target));
      return;
    }
    cy.on("tap", (event) => {
      const node = this.nodeAt(event.position);
      if (!node) return;
      // after Cytoscape's own handling of the click, which unselects all on the background
      queueMicrotask(() => {
        if (this.cy !== cy || node.removed()) return;
        cy.batch(() => {
          cy.$(":selected").unselect();
          node.select();
        });
        fn(node);
      });
    });
  }

  /** The node drawn at model position `at` (the topmost: the root or the selected one, else
   * the one drawn last), or null. */
  nodeAt(at) {
    let best = null;
    let bestTop = false;
    this.cy.nodes().forEach((node) => {
      if (node.isParent()) return;
      const p = node.position();
      const half = (node.data("size") || 0) / 2 + 2;
      const dx = Math.abs(at.x - p.x);
      const dy = Math.abs(at.y - p.y);
      const kind = node.data("kind");
      const inside =
        kind === "Company"
          ? dx <= half && dy <= half
          : kind === "Event"
            ? dx + dy <= half
            : dx * dx + dy * dy <= half * half;
      if (!inside) return;
      const top = node.hasClass("root") || node.selected();
      if (!best || top || !bestTop) {
        best = node;
        bestTop = top;
      }
    });
    return best;
  }

  /** Force layout for small graphs; for large ones (or none given) a sunflower by depth. */
  quickPositions(graph, root) {
    if (graph.nodes.length <= FORCE_MAX_NODES) return null;
    return sunflower(graph.nodes, root, { x: 0, y: 0 });
  }

  async layout(options, eles) {
    const target = eles || this.cy.elements();
    const run = target.layout({ animate: false, fit: true, padding: 30, ...options });
    const done = run.promiseOn("layoutstop");
    run.run();
    await done;
    this.fit();
  }

  /** Everything in view, but a small graph not blown up beyond 1.4x. */
  fit() {
    const cy = this.cy;
    cy.fit(undefined, 30);
    if (cy.zoom() > 1.4) {
      cy.zoom(1.4);
      cy.center();
    }
  }

  /** Adds what `graph` has that is not drawn yet and updates the strengths of what is;
   * resolves with the ids of the nodes it added. */
  async merge(graph, around) {
    const cy = this.cy;
    const added = [];
    cy.batch(() => {
      for (const node of graph.nodes) {
        if (cy.getElementById(node.id).nonempty()) continue;
        added.push(node.id);
        cy.add({ group: "nodes", data: nodeData(node, NO_COMPANY) });
      }
      for (const edge of graph.edges) {
        const drawn = cy.getElementById(edge.id);
        if (drawn.nonempty())
          drawn.data({ strength: edge.strength, width: edgeWidth(edge.strength) });
        else cy.add({ group: "edges", data: edgeData(edge) });
      }
    });
    this.recolor();
    if (added.length) {
      const center = around ? cy.getElementById(around).position() : { x: 0, y: 0 };
      const fresh = cy.collection(added.map((id) => cy.getElementById(id)));
      if (cy.nodes().length <= FORCE_MAX_NODES) {
        fresh.positions(() => ({ x: center.x + rand(60), y: center.y + rand(60) }));
        await this.layout({ name: "cose", randomize: false });
      } else {
        const spots = sunflower(
          graph.nodes.filter((n) => added.includes(n.id)),
          null,
          center,
        );
        fresh.positions((node) => spots.get(node.id()));
      }
    }
    await frames(2);
    return added;
  }

  /** Colours (by company, or the view's groups) and sizes (by drawn tie strength). */
  recolor() {
    const cy = this.cy;
    const nodes = [];
    cy.nodes().forEach((node) => {
      if (!node.isParent()) nodes.push(node.data());
    });
    const paint = this.paint(nodes, cy.edges().map((edge) => edge.data()));
    cy.batch(() => {
      for (const data of nodes) cy.getElementById(data.id).data(paint.get(data.id));
    });
  }

  /** id -> {color, size} for node data `nodes` given edge data `edges` (in drawing order):
   * a node's colour is its company's (a company's own, a person's employer by the strongest
   * WORKS_AT) or its group's, an event's green; its size grows with its summed tie strength. */
  paint(nodes, edges) {
    const employer = new Map();
    const weight = new Map();
    let most = 0;
    for (const edge of edges) {
      if (edge.type === "WORKS_AT") {
        const best = employer.get(edge.source);
        if (!best || best.strength < edge.strength) {
          employer.set(edge.source, { company: edge.target, strength: edge.strength });
        }
      }
      for (const end of [edge.source, edge.target]) {
        const w = (weight.get(end) || 0) + (edge.strength || 0);
        weight.set(end, w);
        most = Math.max(most, w);
      }
    }
    const paint = new Map();
    for (const node of nodes) {
      const kind = node.kind;
      let key = this.groupOf ? this.groupOf(node.id) : null;
      if (!this.groupOf) key = kind === "Company" ? node.id : employer.get(node.id)?.company;
      const color = kind === "Event" ? "#4caf50" : key ? colorOf(key) : NO_COMPANY;
      const share = most > 0 ? Math.sqrt((weight.get(node.id) || 0) / most) : 0;
      paint.set(node.id, { color, size: Math.round(14 + 30 * share) });
    }
    return paint;
  }

  /** What is on screen: ids as the API gave them, and each edge's strength and width. */
  drawn() {
    const cy = this.cy;
    const strength = {};
    const width = {};
    cy.edges().forEach((edge) => {
      strength[edge.id()] = edge.data("strength");
      width[edge.id()] = edge.numericStyle("width");
    });
    return {
      nodes: cy.nodes().map((n) => n.id()),
      edges: cy.edges().map((e) => e.id()),
      strength,
      width,
    };
  }

  /** Companies on screen with their colours, for a legend. */
  companies() {
    const seen = new Map();
    this.cy.nodes('[kind = "Company"]').forEach((n) => seen.set(n.id(), n.data("name")));
    return [...seen].map(([id, name]) => ({ id, name, color: colorOf(id) }));
  }

  /** Where a node is on the page (for a test to click it as a user would), or null. */
  pagePosition(id) {
    const node = this.cy.getElementById(id);
    if (node.empty()) return null;
    const box = this.container.getBoundingClientRect();
    const at = node.renderedPosition();
    return { x: box.left + at.x, y: box.top + at.y };
  }

  highlight(nodeIds, edgeIds) {
    const cy = this.cy;
    cy.batch(() => {
      cy.elements().removeClass("dim lit");
      if (!nodeIds) return;
      const keep = new Set([...nodeIds, ...edgeIds]);
      cy.elements().forEach((e) => {
        if (!keep.has(e.id())) e.addClass("dim");
        else if (e.isEdge()) e.addClass("lit");
      });
    });
  }

  destroy() {
    if (this.cy) this.cy.destroy();
    this.cy = null;
  }
}

/** Positions in one pass: nodes by depth (then group) on a sunflower spiral around `center`,
 * the root in the middle; nearer nodes sit nearer the centre. */
export function sunflower(nodes, root, center) {
  const order = [...nodes].sort(
    (a, b) =>
      (a.id === root ? -1 : 0) - (b.id === root ? -1 : 0) ||
      (a.depth ?? 0) - (b.depth ?? 0) ||
      String(a.label).localeCompare(String(b.label)) ||
      (a.id < b.id ? -1 : 1),
  );
  const golden = Math.PI * (3 - Math.sqrt(5));
  const spacing = 26;
  const positions = new Map();
  order.forEach((node, i) => {
    const r = spacing * Math.sqrt(i + (center.x || center.y ? 1 : 0));
    positions.set(node.id, {
      x: center.x + r * Math.cos(i * golden),
      y: center.y + r * Math.sin(i * golden),
    });
  });
  return positions;
}

function rand(spread) {
  return (Math.random() - 0.5) * spread;
}

export function frames(count) {
  return new Promise((resolve) => {
    const step = (left) => (left <= 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
    step(count);
  });
}

/** A legend: what colour, width and size mean here. */
export function legend(box, drawing, extra) {
  const items = drawing.companies().slice(0, 14);
  box.replaceChildren();
  const add = (html) => box.append(html);
  const swatch = (color, text, shape) => {
    const row = document.createElement("div");
    row.className = "swatch";
    const dot = document.createElement("i");
    dot.style.background = color;
    if (shape) dot.className = shape;
    row.append(dot, text);
    return row;
  };
  for (const item of items) add(swatch(item.color, item.name, "company"));
  if (extra) extra.forEach((e) => add(swatch(e.color, e.text, e.shape)));
  const note = document.createElement("p");
  note.textContent = "width: strength; size: drawn tie strength; thick border: our team";
  add(note);
}
