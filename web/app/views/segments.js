// #/segments: communities of the person network (GET /v1/segments). Each segment is drawn as a
// box holding the members the API sampled (the most connected ones); the panel says what marks
// it. A large graph answers 202 with a job: the view waits for it, then reads the answer.
import { Drawing, colorOf, legend } from "./graph.js";
import { el, num, numberParam } from "../ui.js";

export function query(params) {
  const algorithm =
    params.get("algorithm") === "label_propagation" ? "label_propagation" : "louvain";
  return { algorithm, min_size: numberParam(params, "min_size", 2, 1, 100000), limit: 50 };
}

async function segments(ctx, q) {
  for (;;) {
    const answer = await ctx.api.get("/v1/segments", q);
    if (answer.status !== 202) return answer.data;
    ctx.status("Computing segments...");
    let job = answer.data;
    while (job.status === "queued" || job.status === "running") {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      job = (await ctx.api.get(`/v1/analytics/jobs/${encodeURIComponent(job.id)}`)).data;
    }
    if (job.status !== "done")
      throw new Error(`segments: the job ${job.status} (${job.error || ""})`);
  }
}

export async function render(ctx) {
  const q = query(ctx.route.params);
  controls(ctx, q);
  const answer = await segments(ctx, q);
  if (ctx.stale()) return null;
  performance.mark("relmap-data");
  ctx.title.textContent = `Segments (${answer.algorithm})`;
  const group = new Map();
  const nodes = [];
  for (const segment of answer.items) {
    for (const m of segment.members) {
      group.set(m.id, segment.id);
      nodes.push({ id: m.id, name: m.name, label: "Person" });
    }
  }
  const parents = answer.items.map((s) => ({
    id: s.id,
    name: `${s.id}: ${s.size} people`,
    kind: "Segment",
    color: colorOf(s.id),
  }));
  const drawing = new Drawing(ctx.graph, { groupOf: (id) => group.get(id) });
  const graph = { nodes, edges: [] };
  await drawing.draw(graph, { layout: false, parents });
  const cy = drawing.cy;
  cy.batch(() => nodes.forEach((n) => cy.getElementById(n.id).move({ parent: group.get(n.id) })));
  drawing.recolor();
  cy.nodes().not(":parent").data("size", 22);
  await drawing.layout({ name: "cose", nodeDimensionsIncludeLabels: true, componentSpacing: 60 });
  ctx.panel.append(list(ctx, answer));
  legend(ctx.legend, drawing, []);
  return {
    view: "segments",
    drawn: () => drawing.drawn(),
    drawing,
    destroy: () => drawing.destroy(),
  };
}

function list(ctx, answer) {
  return el(
    "section",
    {},
    el(
      "p",
      { class: "muted" },
      `${answer.segment_count} segments, modularity ${num(answer.modularity, 3)}`,
    ),
    answer.next_cursor
      ? el("p", { class: "hint" }, `The first ${answer.items.length} are shown.`)
      : null,
    el(
      "ol",
      { class: "segments" },
      answer.items.map((s) =>
        el(
          "li",
          { dataset: { id: s.id } },
          el("i", { class: "dot", style: `background:${colorOf(s.id)}` }),
          el("strong", {}, s.id),
          ` ${s.size} people, density ${num(s.density)}`,
          el(
            "p",
            { class: "muted" },
            [
              s.top_companies
                .slice(0, 3)
                .map((c) => `${c.name} (${c.count})`)
                .join(", "),
              s.top_industries
                .slice(0, 3)
                .map((c) => c.name)
                .join(", "),
              s.top_tags
                .slice(0, 3)
                .map((c) => `#${c.name}`)
                .join(" "),
            ]
              .filter(Boolean)
              .join(" - "),
          ),
          el(
            "p",
            {},
            s.members
              .slice(0, 8)
              .map((m) => el("a", { class: "chip", href: ctx.link("person", m.id) }, m.name)),
          ),
        ),
      ),
    ),
  );
}

function controls(ctx, q) {
  const algorithm = el(
    "select",
    { name: "algorithm" },
    ["louvain", "label_propagation"].map((a) =>
      el("option", { value: a, selected: a === q.algorithm }, a),
    ),
  );
  const size = el("input", { name: "min_size", type: "number", min: 1, value: q.min_size });
  ctx.controls.append(
    el("label", { class: "field" }, el("span", {}, "Algorithm"), algorithm),
    el("label", { class: "field" }, el("span", {}, "Smallest"), size),
    el("button", { type: "submit" }, "Show"),
  );
  ctx.controls.onsubmit = (event) => {
    event.preventDefault();
    ctx.go(ctx.link("segments", null, { algorithm: algorithm.value, min_size: size.value }));
  };
}
