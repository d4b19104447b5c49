// The map: a hash router over one module per view. Each view draws what the API answers and
// says what it drew (window.relmapView) for automated checks (../shared/API.md "The map").
import { Api } from "./api.js";
import { link, parseRoute } from "./ui.js";
import * as search from "./views/search.js";
import * as neighborhood from "./views/neighborhood.js";
import * as intros from "./views/intros.js";
import * as account from "./views/account.js";
import * as event from "./views/event.js";
import * as segments from "./views/segments.js";
import * as cooling from "./views/cooling.js";

const VIEWS = {
  search,
  person: neighborhood,
  company: neighborhood,
  intros,
  account,
  event,
  segments,
  cooling,
};

const root = document.documentElement.dataset.root || "";
const api = new Api(root, askForKey);
const $ = (id) => document.getElementById(id);
let current = null; // {route, view, drawn()}
let shownFor = null; // the location.hash that `current` answers
let seq = 0;

async function show() {
  const mine = ++seq;
  const hash = location.hash;
  const route = parseRoute(hash);
  const view = VIEWS[route.name];
  document.body.dataset.ready = "0";
  delete document.body.dataset.error;
  performance.clearMarks();
  performance.mark("relmap-view-start");
  if (current && current.destroy) current.destroy();
  current = null;
  for (const id of ["controls", "panel", "legend", "graph", "title"]) $(id).replaceChildren();
  $("controls").onsubmit = (e) => e.preventDefault();
  document.body.dataset.view = route.name;
  $("status").textContent = "Loading...";
  const ctx = {
    api,
    hash,
    route,
    link,
    controls: $("controls"),
    panel: $("panel"),
    legend: $("legend"),
    graph: $("graph"),
    title: $("title"),
    status: (text) => ($("status").textContent = text),
    stale: () => mine !== seq,
    // not settled from the moment the address changes: hashchange, and so show(), comes later
    go: (next) => {
      const before = location.hash;
      location.hash = next;
      if (location.hash !== before) document.body.dataset.ready = "0";
    },
  };
  if (!view) {
    fail(ctx, `There is no view "${route.name}".`);
    return;
  }
  try {
    const shown = await view.render(ctx, route.name);
    if (ctx.stale()) {
      if (shown && shown.destroy) shown.destroy();
      return;
    }
    current = shown;
    shownFor = hash;
    $("status").textContent = "";
    ready();
  } catch (error) {
    if (!ctx.stale()) fail(ctx, error.message || String(error));
  }
}

function fail(ctx, message) {
  ctx.status("");
  const box = document.createElement("p");
  box.className = "error";
  box.setAttribute("role", "alert");
  box.textContent = message;
  ctx.panel.replaceChildren(box);
  current = { view: ctx.route.name, drawn: () => ({ nodes: [], edges: [] }) };
  shownFor = ctx.hash;
  document.body.dataset.error = message;
  ready();
}

function ready() {
  performance.mark("relmap-drawn");
  document.body.dataset.ready = "1";
}

/** Shows the key form; resolves with the key the user gives. */
function askForKey(reason) {
  const dialog = $("key-dialog");
  const form = $("key-form");
  $("key-reason").textContent = reason;
  return new Promise((resolve) => {
    form.addEventListener(
      "submit",
      () => {
        const key = form.elements.key.value.trim();
        localStorage.setItem("relmap.apiKey", key);
        form.reset();
        resolve(key);
      },
      { once: true },
    );
    if (!dialog.open) dialog.showModal();
  });
}

// null until the view of the address now shown has settled (a link followed a moment ago has
// not yet reached show(): the view on screen is the last address's)
window.relmapView = () => {
  if (!current || document.body.dataset.ready !== "1" || shownFor !== location.hash) return null;
  return { view: current.view, ...current.drawn() };
};

// for tests: where a drawn node is on the page, to click it as a user would
window.relmapPosition = (id) =>
  current && current.drawing ? current.drawing.pagePosition(id) : null;

window.addEventListener("hashchange", show);
if (!location.hash) history.replaceState(null, "", "#/search");
show();
