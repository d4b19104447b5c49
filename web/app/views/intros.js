// #/intros/<target_id>: the best warm introduction paths from the team (POST /v1/intros),
// drawn together and listed with their evidence: each tie's strength and last interaction,
// the weakest link and the introducer. "Distinct introducers" asks for one path per introducer.
import { Drawing, legend } from "./graph.js";
import { day, el, field, num, numberParam } from "../ui.js";

/** The request a route sends (the test sends the same). */
export function request(target, params) {
  const body = {
    target_id: target,
    max_hops: numberParam(params, "max_hops", 4, 1, 6),
    limit: numberParam(params, "limit", 5, 1, 25),
    distinct_introducers: params.get("distinct") === "1",
  };
  const floor = numberParam(params, "min_strength", 0, 0, 1);
  if (floor > 0) body.min_strength = floor;
  return body;
}

export async function render(ctx) {
  const target = ctx.route.arg;
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
      layout: starts.length
        ? {
            name: "breadthfirst",
            roots: starts.map((id) => `[id = "${id}"]`).join(", "),
            directed: false,
            spacingFactor: 1.1,
          }
        : { name: "grid" },
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

function list(ctx, answer, drawing) {
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
    item.addEventListener("mouseleave", () => drawing.highlight(null));
    return item;
  });
  return el("ol", { class: "paths" }, items);
}

function controls(ctx, target, body) {
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
  const apply = () =>
    ctx.go(
      ctx.link("intros", target, {
        max_hops: hops.value,
        limit: limit.value,
        min_strength: Number(floor.value) || "",
        distinct: distinct.checked ? "1" : "",
      }),
    );
  ctx.controls.append(
    el("label", { class: "check" }, distinct, "Distinct introducers"),
    field("Max hops", hops),
    field("Paths", limit),
    field("Min strength", floor),
    el("button", { type: "submit" }, "Show"),
  );
  distinct.addEventListener("change", apply);
  ctx.controls.onsubmit = (event) => {
    event.preventDefault();
    apply();
  };
}
