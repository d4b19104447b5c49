// #/person/<id> and #/company/<id>: the ego network (GET /v1/{people|companies}/{id}/neighborhood)
// with depth, types and minimum strength in the URL. A click on a person or a company adds its
// direct neighbours (its neighborhood at depth 1, same types and strength) to the drawing.
// From a person, an interaction with a team member is logged (POST /v1/interactions) and every
// drawn neighborhood is read again, so the drawn strengths are the API's new ones.
import { Drawing, legend } from "./graph.js";
import { busy, day, el, field, num, numberParam, short } from "../ui.js";

export const TYPES = [
  "KNOWS",
  "WORKS_AT",
  "REPORTS_TO",
  "INFLUENCES",
  "ADVISES",
  "INVESTED_IN",
  "CLIENT_OF",
  "VENDOR_OF",
  "PARTNER_OF",
  "COMPETES_WITH",
  "SUBSIDIARY_OF",
  "ATTENDED",
];
const KINDS = ["meeting", "call", "email", "message", "event", "social", "note"];
const PATHS = { person: "/v1/people", company: "/v1/companies" };

/** The neighborhood query a route asks for (what the view sends the API). */
export function options(params) {
  const types = (params.get("types") || "").split(",").filter((t) => TYPES.includes(t));
  return {
    depth: numberParam(params, "depth", 2, 1, 3),
    types: types.length ? types.join(",") : undefined,
    min_strength: numberParam(params, "min_strength", 0, 0, 1) || undefined,
    limit: numberParam(params, "limit", 200, 1, 1000),
  };
}

export async function render(ctx, kind) {
  const id = ctx.route.arg;
  const base = PATHS[kind];
  const opts = options(ctx.route.params);
  const [subject, first] = await Promise.all([
    ctx.api.get(`${base}/${encodeURIComponent(id)}`),
    ctx.api.get(`${base}/${encodeURIComponent(id)}/neighborhood`, opts),
  ]);
  if (ctx.stale()) return null;
  performance.mark("relmap-data");
  const me = subject.data;
  ctx.title.textContent = me.name;
  controls(ctx, kind, id, opts);

  // every neighborhood drawn so far: [node id, its kind, the query], read again on refresh
  const sources = [[id, kind, opts]];
  const drawing = new Drawing(ctx.graph);
  await drawing.draw(first.data, { root: id });
  const info = el("div", { class: "selected" });
  const refresh = async () => {
    const answers = await Promise.all(
      sources.map(([node, k, q]) =>
        ctx.api.get(`${PATHS[k]}/${encodeURIComponent(node)}/neighborhood`, q),
      ),
    );
    for (const answer of answers) await drawing.merge(answer.data);
    legend(ctx.legend, drawing);
  };

  const expand = async (node) => {
    const k =
      node.data("kind") === "Company"
        ? "company"
        : node.data("kind") === "Person"
          ? "person"
          : null;
    info.replaceChildren(...describe(ctx, node, opts));
    if (!k || sources.some(([n]) => n === node.id())) return;
    busy(true);
    try {
      const q = { ...opts, depth: 1 };
      const answer = await ctx.api.get(
        `${PATHS[k]}/${encodeURIComponent(node.id())}/neighborhood`,
        q,
      );
      sources.push([node.id(), k, q]);
      const added = await drawing.merge(answer.data, node.id());
      ctx.status(`${node.data("name")}: ${added.length} more node(s)`);
      legend(ctx.legend, drawing);
    } catch (error) {
      ctx.status(error.message);
    } finally {
      busy(false);
    }
  };
  drawing.onNodeTap(expand);

  ctx.panel.append(summary(ctx, kind, me, first.data), el("h3", {}, "Selected"), info);
  info.append(el("p", { class: "hint" }, "Click a node to add its direct neighbours."));
  if (kind === "person") ctx.panel.append(await interactionForm(ctx, me, refresh, drawing));
  legend(ctx.legend, drawing);
  return { view: kind, drawn: () => drawing.drawn(), drawing, destroy: () => drawing.destroy() };
}

function summary(ctx, kind, me, graph) {
  const links =
    kind === "person"
      ? [el("a", { href: ctx.link("intros", me.id) }, "Warm intros to them")]
      : [
          el("a", { href: ctx.link("account", me.id) }, "Account map"),
          el("a", { href: ctx.link("intros", me.id) }, "Warm intros into it"),
        ];
  return el(
    "section",
    { class: "summary" },
    el("p", {}, [me.title, me.domain, me.industry, me.location].filter(Boolean).join(" - ")),
    me.is_team ? el("p", { class: "badge" }, "our team") : null,
    el("p", { class: "links" }, ...links),
    el(
      "p",
      { class: "counts" },
      `${graph.nodes.length} nodes, ${graph.edges.length} edges`,
      graph.truncated ? " (cut by the node limit)" : "",
    ),
  );
}

function describe(ctx, node, opts) {
  const kind = node.data("kind");
  const edges = node.connectedEdges().sort((a, b) => b.data("strength") - a.data("strength"));
  const view = kind === "Company" ? "company" : kind === "Person" ? "person" : null;
  return [
    el("p", {}, el("strong", {}, node.data("name")), ` (${kind})`),
    view
      ? el(
          "p",
          { class: "links" },
          el(
            "a",
            { href: ctx.link(view, node.id(), { depth: opts.depth, types: opts.types }) },
            "Open",
          ),
          el("a", { href: ctx.link("intros", node.id()) }, "Intros"),
          kind === "Company"
            ? el("a", { href: ctx.link("account", node.id()) }, "Account map")
            : null,
        )
      : null,
    el(
      "ul",
      { class: "ties" },
      edges.slice(0, 12).map((e) => {
        const other = e.source().id() === node.id() ? e.target() : e.source();
        return el("li", {}, `${e.data("type")} ${other.data("name")}: ${num(e.data("strength"))}`);
      }),
    ),
  ];
}

async function interactionForm(ctx, me, refresh, drawing) {
  const team = await ctx.api.get("/v1/people", { is_team: true, limit: 200 });
  const members = team.data.items.filter((p) => p.id !== me.id);
  const who = el(
    "select",
    { name: "member", required: true },
    members.map((p) => el("option", { value: p.id }, p.name)),
  );
  const kind = el(
    "select",
    { name: "kind" },
    KINDS.map((k) => el("option", { value: k }, k)),
  );
  const note = el("input", {
    name: "summary",
    type: "text",
    maxlength: 200,
    placeholder: "what happened",
  });
  const result = el("p", { class: "result", role: "status" });
  const button = el("button", { type: "submit", disabled: members.length === 0 }, "Log it");
  const form = el(
    "form",
    { class: "log", "aria-label": "Log an interaction" },
    el("h3", {}, "Log an interaction"),
    members.length ? null : el("p", { class: "hint" }, "Nobody else is on the team (is_team)."),
    field("With", who),
    field("Kind", kind),
    field("Summary", note),
    button,
    result,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    busy(true);
    try {
      const body = {
        kind: kind.value,
        occurred_at: new Date().toISOString(),
        participant_ids: [me.id, who.value],
      };
      if (note.value.trim()) body.summary = note.value.trim();
      await ctx.api.post("/v1/interactions", body);
      await refresh();
      const strength = knows(drawing, me.id, who.value);
      result.textContent =
        `Logged a ${kind.value} with ${who.selectedOptions[0].text}` +
        (strength === null ? "." : `; their tie is now ${num(strength)}.`);
      list.replaceWith((list = await timeline(ctx, me)));
    } catch (error) {
      result.textContent = error.message;
    } finally {
      button.disabled = false;
      busy(false);
    }
  });
  let list = await timeline(ctx, me);
  return el("div", {}, form, list);
}

/** The strength of the drawn KNOWS edge between two people, or null. */
function knows(drawing, a, b) {
  const edge = drawing.cy
    .edges('[type = "KNOWS"]')
    .filter((e) => [e.data("source"), e.data("target")].sort().join() === [a, b].sort().join());
  return edge.nonempty() ? edge.first().data("strength") : null;
}

async function timeline(ctx, me) {
  const answer = await ctx.api.get(`/v1/people/${encodeURIComponent(me.id)}/interactions`, {
    limit: 10,
  });
  const items = answer.data.items || [];
  return el(
    "section",
    { class: "timeline" },
    el("h3", {}, "Latest interactions"),
    items.length
      ? el(
          "ul",
          {},
          items.map((i) =>
            el("li", {}, `${day(i.occurred_at)} ${i.kind}`, i.summary ? `: ${i.summary}` : ""),
          ),
        )
      : el("p", { class: "hint" }, "None logged yet."),
    el("p", { class: "hint" }, `id ${short(me.id)}`),
  );
}

function controls(ctx, kind, id, opts) {
  const chosen = new Set((opts.types || "").split(",").filter(Boolean));
  const depth = el(
    "select",
    { name: "depth" },
    [1, 2, 3].map((d) => el("option", { value: d, selected: d === opts.depth }, d)),
  );
  const strength = el("input", {
    name: "min_strength",
    type: "number",
    min: 0,
    max: 1,
    step: 0.05,
    value: opts.min_strength || 0,
  });
  const limit = el("input", {
    name: "limit",
    type: "number",
    min: 1,
    max: 1000,
    value: opts.limit,
  });
  const types = el(
    "fieldset",
    { class: "types" },
    el("legend", {}, "Types (none = all)"),
    TYPES.map((t) =>
      el(
        "label",
        {},
        el("input", { type: "checkbox", name: "types", value: t, checked: chosen.has(t) }),
        t,
      ),
    ),
  );
  const apply = () => {
    const picked = [...ctx.controls.querySelectorAll('input[name="types"]:checked')].map(
      (i) => i.value,
    );
    ctx.go(
      ctx.link(kind, id, {
        depth: depth.value,
        types: picked.join(","),
        min_strength: Number(strength.value) || "",
        limit: limit.value,
      }),
    );
  };
  ctx.controls.append(
    field("Depth", depth),
    field("Min strength", strength),
    field("Node limit", limit),
    types,
    el("button", { type: "submit" }, "Show"),
  );
  ctx.controls.onsubmit = (event) => {
    event.preventDefault();
    apply();
  };
  depth.addEventListener("change", apply);
}
