// #/cooling: relationships that were strong and have gone quiet (GET /v1/relationships/cooling).
// Drawn: each cooling edge (width: its strength now) between its two people; listed: what it
// was at its last interaction, what it is now, and how long it has been quiet.
import { Drawing, legend } from "./graph.js";
import { day, el, field, num, numberParam } from "../ui.js";

export function query(params) {
  return {
    inactive_days: numberParam(params, "inactive_days", 90, 0, 36500),
    min_strength: numberParam(params, "min_strength", 0.4, 0, 1),
    team_only: params.get("team_only") === "1" ? true : undefined,
    limit: 50,
  };
}

/** People by id: the rows' person cards when they carry them, else one read per person. */
async function people(ctx, rows) {
  const known = new Map();
  for (const row of rows) {
    if (row.source && row.source.id) known.set(row.source.id, row.source);
    if (row.target && row.target.id) known.set(row.target.id, row.target);
  }
  const wanted = [...new Set(rows.flatMap((r) => [r.source_id, r.target_id]))].filter(
    (id) => !known.has(id),
  );
  const queue = [...wanted];
  const worker = async () => {
    while (queue.length) {
      const id = queue.shift();
      known.set(id, (await ctx.api.get(`/v1/people/${encodeURIComponent(id)}`)).data);
    }
  };
  await Promise.all([1, 2, 3, 4, 5, 6].map(worker));
  return known;
}

export async function render(ctx) {
  const q = query(ctx.route.params);
  controls(ctx, q);
  const page = (await ctx.api.get("/v1/relationships/cooling", q)).data;
  const byId = await people(ctx, page.items);
  if (ctx.stale()) return null;
  performance.mark("relmap-data");
  ctx.title.textContent = "Cooling relationships";
  const nodes = [...byId.values()].map((p) => ({
    id: p.id,
    name: p.name,
    label: "Person",
    is_team: p.is_team,
  }));
  const edges = page.items.map((r) => ({
    id: r.id,
    type: r.type,
    source: r.source_id,
    target: r.target_id,
    strength: r.strength,
  }));
  const drawing = new Drawing(ctx.graph);
  await drawing.draw({ nodes, edges });
  ctx.panel.append(list(ctx, page, byId, drawing));
  legend(ctx.legend, drawing);
  return {
    view: "cooling",
    drawn: () => drawing.drawn(),
    drawing,
    destroy: () => drawing.destroy(),
  };
}

function list(ctx, page, byId, drawing) {
  if (!page.items.length)
    return el("p", { class: "hint" }, "Nothing is cooling with these settings.");
  const name = (id) => byId.get(id)?.name || id;
  return el(
    "section",
    {},
    page.next_cursor
      ? el("p", { class: "hint" }, `The ${page.items.length} strongest are shown.`)
      : null,
    el(
      "ol",
      { class: "cooling" },
      page.items.map((r) => {
        const item = el(
          "li",
          { dataset: { id: r.id } },
          el("a", { href: ctx.link("person", r.source_id) }, name(r.source_id)),
          " - ",
          el("a", { href: ctx.link("person", r.target_id) }, name(r.target_id)),
          el(
            "p",
            { class: "muted" },
            `${num(r.strength_at_last_interaction)} -> ${num(r.strength)}, quiet ${Math.floor(r.inactive_days)} days (last ${day(r.last_interaction_at)})`,
          ),
        );
        item.addEventListener("mouseenter", () =>
          drawing.highlight([r.source_id, r.target_id], [r.id]),
        );
        item.addEventListener("mouseleave", () => drawing.highlight(null));
        return item;
      }),
    ),
  );
}

function controls(ctx, q) {
  const days = el("input", {
    name: "inactive_days",
    type: "number",
    min: 0,
    value: q.inactive_days,
  });
  const floor = el("input", {
    name: "min_strength",
    type: "number",
    min: 0,
    max: 1,
    step: 0.05,
    value: q.min_strength,
  });
  const team = el("input", { type: "checkbox", name: "team_only", checked: Boolean(q.team_only) });
  ctx.controls.append(
    field("Quiet for days", days),
    field("Was at least", floor),
    el("label", { class: "check" }, team, "Our team's only"),
    el("button", { type: "submit" }, "Show"),
  );
  ctx.controls.onsubmit = (event) => {
    event.preventDefault();
    ctx.go(
      ctx.link("cooling", null, {
        inactive_days: days.value,
        min_strength: floor.value,
        team_only: team.checked ? "1" : "",
      }),
    );
  };
}
