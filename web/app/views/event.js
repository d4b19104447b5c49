// #/event/<event_id>: whom to meet first (GET /v1/events/{id}/priorities): attendees ranked by
// closeness to our clients, vendors and competitors, each with the paths that earned the score.
// Drawn: every attendee and every node and edge of those paths.
import { Drawing, legend } from "./graph.js";
import { el, num } from "../ui.js";

const RELATIONS = ["client", "vendor", "competitor", "prospect"];

export function query(params) {
  const picked = (params.get("relative_to") || "client,vendor,competitor")
    .split(",")
    .filter((r) => RELATIONS.includes(r));
  return {
    relative_to: (picked.length ? picked : ["client", "vendor", "competitor"]).join(","),
    limit: 50,
  };
}

export async function render(ctx) {
  const id = ctx.route.arg;
  const q = query(ctx.route.params);
  controls(ctx, id, q);
  const answer = (await ctx.api.get(`/v1/events/${encodeURIComponent(id)}/priorities`, q)).data;
  if (ctx.stale()) return null;
  performance.mark("relmap-data");
  ctx.title.textContent = `Priorities at ${answer.event.name || "the event"}`;
  const nodes = new Map();
  const edges = new Map();
  for (const row of answer.items) {
    nodes.set(row.person.id, { ...row.person, label: "Person", attendee: true });
    for (const reason of row.reasons) {
      reason.nodes.forEach((n) => nodes.has(n.id) || nodes.set(n.id, n));
      reason.edges.forEach((e) => edges.set(e.id, e));
    }
  }
  const drawing = new Drawing(ctx.graph);
  await drawing.draw({ nodes: [...nodes.values()], edges: [...edges.values()] });
  drawing.cy.batch(() =>
    answer.items.forEach((row) => drawing.cy.getElementById(row.person.id).addClass("root")),
  );
  ctx.panel.append(list(ctx, answer, drawing));
  legend(ctx.legend, drawing);
  return { view: "event", drawn: () => drawing.drawn(), drawing, destroy: () => drawing.destroy() };
}

function list(ctx, answer, drawing) {
  if (!answer.items.length) return el("p", { class: "hint" }, "Nobody attends this event yet.");
  return el(
    "section",
    {},
    el(
      "p",
      { class: "muted" },
      `${answer.target_companies} target companies (${answer.relative_to.join(", ")})`,
    ),
    el(
      "ol",
      { class: "priorities" },
      answer.items.map((row) => {
        const item = el(
          "li",
          { dataset: { id: row.person.id } },
          el("a", { href: ctx.link("person", row.person.id) }, row.person.name),
          el("span", { class: "muted" }, ` ${row.person.title || ""} score ${num(row.score, 3)}`),
          el(
            "ul",
            { class: "reasons" },
            row.reasons.map((r) =>
              el(
                "li",
                {},
                `${r.company.name} (${r.company.relations.join(", ")}): `,
                r.nodes.map((n) => n.name).join(" > "),
                ` score ${num(r.score, 3)}`,
              ),
            ),
          ),
        );
        const ids = [row.person.id, ...row.reasons.flatMap((r) => r.nodes.map((n) => n.id))];
        const lit = row.reasons.flatMap((r) => r.edges.map((e) => e.id));
        item.addEventListener("mouseenter", () => drawing.highlight(ids, lit));
        item.addEventListener("mouseleave", () => drawing.highlight(null));
        return item;
      }),
    ),
  );
}

function controls(ctx, id, q) {
  const chosen = new Set(q.relative_to.split(","));
  const boxes = RELATIONS.map((r) =>
    el("input", { type: "checkbox", value: r, checked: chosen.has(r) }),
  );
  const apply = () => {
    const picked = boxes.filter((b) => b.checked).map((b) => b.value);
    ctx.go(ctx.link("event", id, { relative_to: picked.join(",") }));
  };
  ctx.controls.append(
    el(
      "fieldset",
      {},
      el("legend", {}, "Relative to"),
      boxes.map((b) => el("label", { class: "check" }, b, b.value)),
    ),
  );
  boxes.forEach((b) => b.addEventListener("change", apply));
}
