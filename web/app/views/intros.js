// #/intros/<target_id>: the best warm introduction paths from the team (POST /v1/intros),
// drawn together and listed with their evidence: each tie's strength and last interaction,
// the weakest link and the introducer. "Distinct introducers" asks for one path per introducer.
// #/intros/tag:<tag> (every company with that tag) and #/intros/<id>,<id>,... (several targets):
// one POST /v1/intros/batch; the targets are listed best first (each with its best path's score,
// introducer and hops, or "no warm path") and the union of every target's paths is drawn (every
// target too: a dashed border when nothing reaches it). A click on a listed target lights its
// paths and dims the rest of the drawing, which stays whole (relmapView reports all of it and,
// as `highlighted`, what is lit). max_hops, limit (per target), min_strength, distinct=1 and
// roles=<role>,<role> (company targets: only their people with those WORKS_AT roles) are kept
// in the URL, in both modes.
import { Drawing, legend } from "./graph.js";
import { day, el, field, num, numberParam } from "../ui.js";

export const ROLES = [
  "decision_maker",
  "influencer",
  "champion",
  "user",
  "gatekeeper",
  "blocker",
  "other",
];

/** What a route's argument names: {tag} for "tag:<tag>", else {ids} (one id: one target). */
export function targets(arg) {
  const text = String(arg ?? "").trim();
  if (text.startsWith("tag:")) return { tag: text.slice(4).trim() };
  return { ids: [...new Set(text.split(",").map((id) => id.trim()))].filter(Boolean) };
}

/** The options a route's query asks for, in both modes. */
function options(params) {
  const body = {
    max_hops: numberParam(params, "max_hops", 4, 1, 6),
    limit: numberParam(params, "limit", 5, 1, 25),
    distinct_introducers: params.get("distinct") === "1",
  };
  const floor = numberParam(params, "min_strength", 0, 0, 1);
  if (floor > 0) body.min_strength = floor;
  const roles = ROLES.filter((r) => (params.get("roles") || "").split(",").includes(r));
  if (roles.length) body.roles = roles;
  return body;
}

/** The request a single-target route sends (the test sends the same). */
export function request(target, params) {
  return { target_id: target, ...options(params) };
}

/** The request a batch route (tag:<tag> or <id>,<id>,...) sends. */
export function batchRequest(arg, params) {
  const which = targets(arg);
  return {
    ...(which.tag !== undefined ? { tag: which.tag } : { target_ids: which.ids }),
    ...options(params),
  };
}

export async function render(ctx) {
  const which = targets(ctx.route.arg);
  if (which.tag !== undefined || which.ids.length > 1) return batch(ctx, which);
  return single(ctx, which.ids.length ? which.ids[0] : ctx.route.arg);
}

async function single(ctx, target) {
  const body = request(target, ctx.route.params);
  controls(ctx, target, body);
  const answer = (await ctx.api.post("/v1/intros", body)).data;
  if (ctx.stale()) return null;
  performance.mark("relmap-data");
  ctx.title.textContent = `Warm intros to ${answer.target.name}`;

  const nodes = new Map([[answer.target.id, answer.target]]);
  const edges = new Map();
  for (const path of answer.paths) {
    path.nodes.forEach((n) => nodes.set(n.id, n));
    path.edges.forEach((e) => edges.set(e.id, e));
  }
  const starts = [...new Set(answer.paths.map((p) => p.nodes[0].id))];
  const drawing = new Drawing(ctx.graph);
  await drawing.draw(
    { nodes: [...nodes.values()], edges: [...edges.values()] },
    {
      root: answer.target.id,
      layout: fromTheTeam(starts),
    },
  );
  ctx.panel.append(list(ctx, answer, drawing));
  legend(ctx.legend, drawing);
  return {
    view: "intros",
    drawn: () => ({ ...drawing.drawn(), paths: answer.paths.map((p) => p.edges.map((e) => e.id)) }),
    drawing,
    destroy: () => drawing.destroy(),
  };
}

async function batch(ctx, which) {
  const body = batchRequest(ctx.route.arg, ctx.route.params);
  controls(ctx, ctx.route.arg, body);
  const { results } = (await ctx.api.post("/v1/intros/batch", body)).data;
  if (ctx.stale()) return null;
  performance.mark("relmap-data");
  const reached = results.filter((r) => r.paths.length).length;
  ctx.title.textContent =
    which.tag !== undefined
      ? `Warm intros to the companies tagged ${which.tag}`
      : `Warm intros to ${results.length} targets`;

  const nodes = new Map();
  const edges = new Map();
  for (const result of results) {
    nodes.set(result.target.id, result.target);
    for (const path of result.paths) {
      path.nodes.forEach((n) => nodes.set(n.id, n));
      path.edges.forEach((e) => edges.set(e.id, e));
    }
  }
  const starts = [...new Set(results.flatMap((r) => r.paths.map((p) => p.nodes[0].id)))];
  const drawing = new Drawing(ctx.graph);
  await drawing.draw(
    { nodes: [...nodes.values()], edges: [...edges.values()] },
    { layout: nodes.size ? fromTheTeam(starts) : false },
  );
  drawing.cy.batch(() => {
    for (const result of results) {
      const node = drawing.cy.getElementById(result.target.id).addClass("root");
      if (!result.paths.length) node.addClass("unreached");
    }
  });

  let selected = null; // the target whose paths are lit
  const detail = el("section", { class: "detail" });
  const light = () => {
    if (!selected) return drawing.highlight(null);
    const result = results.find((r) => r.target.id === selected);
    drawing.highlight(
      [result.target.id, ...result.paths.flatMap((p) => p.nodes.map((n) => n.id))],
      result.paths.flatMap((p) => p.edges.map((e) => e.id)),
    );
  };
  const choose = (result, item) => {
    selected = selected === result.target.id ? null : result.target.id;
    for (const other of item.parentNode.children) {
      const on = other === item && selected !== null;
      other.classList.toggle("selected", on);
      other.setAttribute("aria-pressed", String(on));
    }
    light();
    detail.replaceChildren(
      ...(selected
        ? [
            el("h3", {}, `Paths to ${result.target.name}`),
            list(ctx, result, drawing, light),
            el("p", { class: "links" }, el("a", { href: ctx.link("intros", selected) }, "Open")),
          ]
        : []),
    );
  };
  ctx.panel.append(
    el(
      "p",
      { class: "counts" },
      `${reached} of ${results.length} target${results.length === 1 ? "" : "s"} reached`,
    ),
    ...(results.length
      ? [ranking(results, choose), el("p", { class: "hint" }, "Click a target to light its paths.")]
      : [el("p", { class: "hint" }, `No company is tagged ${which.tag}.`)]),
    detail,
  );
  legend(ctx.legend, drawing);
  return {
    view: "intros",
    drawn: () => ({
      ...drawing.drawn(),
      targets: results.map((r) => r.target.id),
      paths: Object.fromEntries(
        results.map((r) => [r.target.id, r.paths.map((p) => p.edges.map((e) => e.id))]),
      ),
      selected,
      highlighted: selected ? lit(drawing) : null,
    }),
    drawing,
    destroy: () => drawing.destroy(),
  };
}

/** The targets best first, each with its best path (or none); a click (or Enter) chooses. */
function ranking(results, choose) {
  const items = results.map((result, i) => {
    const best = result.paths[0];
    const item = el(
      "li",
      {
        class: best ? "target" : "target none",
        tabindex: 0,
        role: "button",
        "aria-pressed": "false",
        dataset: { id: result.target.id, rank: i + 1 },
      },
      el(
        "p",
        {},
        el("strong", {}, `#${i + 1} ${result.target.name}`),
        el("span", { class: "muted" }, ` ${result.target.label}`),
      ),
      best
        ? el(
            "p",
            { class: "best" },
            `score ${num(best.score, 3)}, ${best.hops} hop${best.hops === 1 ? "" : "s"}`,
            best.introducer ? `, introducer ${best.introducer.name}` : ", a direct contact",
            el(
              "span",
              { class: "muted" },
              ` (${result.paths.length} path${result.paths.length === 1 ? "" : "s"})`,
            ),
          )
        : el("p", { class: "best muted" }, "no warm path within these limits"),
    );
    item.addEventListener("click", () => choose(result, item));
    item.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      choose(result, item);
    });
    return item;
  });
  return el("ol", { class: "targets" }, items);
}

/** What the drawing lights now: the nodes not dimmed and the lit edges. */
function lit(drawing) {
  const cy = drawing.cy;
  return {
    nodes: cy.nodes().not(".dim").map((n) => n.id()),
    edges: cy.edges(".lit").map((e) => e.id()),
  };
}

/** Layers from the team members the paths start at (a grid when there is no path). */
function fromTheTeam(starts) {
  return starts.length
    ? {
        name: "breadthfirst",
        roots: starts.map((id) => `[id = "${id}"]`).join(", "),
        directed: false,
        spacingFactor: 1.1,
      }
    : { name: "grid" };
}

/** The paths of one answer with their evidence; hovering one lights it, leaving it `rest()`s. */
function list(ctx, answer, drawing, rest = () => drawing.highlight(null)) {
  if (!answer.paths.length) {
    return el("p", { class: "hint" }, "No warm path from the team within these limits.");
  }
  const names = new Map();
  answer.paths.forEach((p) => p.nodes.forEach((n) => names.set(n.id, n.name)));
  const items = answer.paths.map((path, i) => {
    const steps = [];
    path.edges.forEach((edge, j) => {
      const from = path.nodes[j];
      const weakest = path.weakest_link && path.weakest_link.edge_id === edge.id;
      steps.push(
        el(
          "li",
          { class: weakest ? "weakest" : null },
          `${from.name} `,
          el("span", { class: "tie" }, `${edge.type} ${num(edge.strength)}`),
          el("span", { class: "muted" }, ` last ${day(edge.last_interaction_at)}`),
          weakest ? el("span", { class: "badge" }, "weakest") : null,
        ),
      );
    });
    steps.push(el("li", {}, path.nodes[path.nodes.length - 1].name));
    const item = el(
      "li",
      { class: "path", tabindex: 0, dataset: { rank: i + 1 } },
      el(
        "p",
        {},
        el("strong", {}, `#${i + 1} score ${num(path.score, 3)}`),
        `, ${path.hops} hop${path.hops === 1 ? "" : "s"}`,
        path.introducer ? `, introducer ${path.introducer.name}` : ", a direct contact",
      ),
      path.weakest_link
        ? el(
            "p",
            { class: "muted" },
            `weakest link ${names.get(path.weakest_link.source) || "?"} - ${names.get(path.weakest_link.target) || "?"}: ${num(path.weakest_link.strength)}`,
          )
        : null,
      el("ol", { class: "steps" }, steps),
    );
    const lit = () =>
      drawing.highlight(
        path.nodes.map((n) => n.id),
        path.edges.map((e) => e.id),
      );
    item.addEventListener("mouseenter", lit);
    item.addEventListener("focus", lit);
    item.addEventListener("mouseleave", rest);
    return item;
  });
  return el("ol", { class: "paths" }, items);
}

/** The controls; `arg` is the route's argument (an id, tag:<tag> or <id>,<id>,...). */
function controls(ctx, arg, body) {
  const many = body.target_id === undefined;
  const distinct = el("input", {
    type: "checkbox",
    name: "distinct",
    checked: body.distinct_introducers,
  });
  const hops = el(
    "select",
    { name: "max_hops" },
    [1, 2, 3, 4, 5, 6].map((h) => el("option", { value: h, selected: h === body.max_hops }, h)),
  );
  const limit = el("input", { name: "limit", type: "number", min: 1, max: 25, value: body.limit });
  const floor = el("input", {
    name: "min_strength",
    type: "number",
    min: 0,
    max: 1,
    step: 0.05,
    value: body.min_strength || 0,
  });
  const chosen = new Set(body.roles || []);
  const roles = el(
    "fieldset",
    { class: "types" },
    el("legend", {}, "Roles at a company (none = all)"),
    ROLES.map((r) =>
      el(
        "label",
        {},
        el("input", { type: "checkbox", name: "roles", value: r, checked: chosen.has(r) }),
        r.replace("_", " "),
      ),
    ),
  );
  const apply = () => {
    const picked = [...roles.querySelectorAll("input:checked")].map((i) => i.value);
    ctx.go(
      ctx.link("intros", arg, {
        max_hops: hops.value,
        limit: limit.value,
        min_strength: Number(floor.value) || "",
        distinct: distinct.checked ? "1" : "",
        roles: picked.join(","),
      }),
    );
  };
  ctx.controls.append(
    el("label", { class: "check" }, distinct, "Distinct introducers"),
    field("Max hops", hops),
    field(many ? "Paths per target" : "Paths", limit),
    field("Min strength", floor),
    roles,
    el("button", { type: "submit" }, "Show"),
  );
  distinct.addEventListener("change", apply);
  ctx.controls.onsubmit = (event) => {
    event.preventDefault();
    apply();
  };
}
