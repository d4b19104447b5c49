// #/account/<company_id>: the org chart (GET /v1/companies/{id}/account-map). People are laid
// out top-down along REPORTS_TO (managers above their reports), coloured by WORKS_AT role;
// INFLUENCES edges are drawn too. Beside it: coverage, the roles nobody on the team reaches, and
// each person's best warm intro. A dashed border: nobody on the team reaches that person.
import { Drawing, legend } from "./graph.js";
import { el, num } from "../ui.js";

export const ROLE_COLORS = {
  decision_maker: "#c0392b",
  champion: "#27ae60",
  influencer: "#8e44ad",
  user: "#2980b9",
  gatekeeper: "#d35400",
  blocker: "#2c3e50",
  other: "#95a5a6",
};
const NO_ROLE = "#bdc3c7";

export async function render(ctx) {
  const id = ctx.route.arg;
  const map = (await ctx.api.get(`/v1/companies/${encodeURIComponent(id)}/account-map`)).data;
  if (ctx.stale()) return null;
  performance.mark("relmap-data");
  ctx.title.textContent = `Account map: ${map.company.name}`;
  const role = new Map(map.people.map((p) => [p.person.id, p.role]));
  const drawing = new Drawing(ctx.graph, { groupOf: () => null });
  const nodes = map.people.map((p) => ({ ...p.person, label: "Person" }));
  const edges = [...map.reports_to, ...map.influences];
  // a manager is the target of a REPORTS_TO line: the roots are those who report to nobody here
  const reports = new Set(map.reports_to.map((e) => e.source));
  const roots = nodes.filter((n) => !reports.has(n.id)).map((n) => `[id = "${n.id}"]`);
  await drawing.draw({ nodes, edges }, { layout: false });
  const cy = drawing.cy;
  cy.batch(() => {
    cy.nodes().forEach((node) => {
      node.data("color", ROLE_COLORS[role.get(node.id())] || NO_ROLE);
      const best = map.people.find((p) => p.person.id === node.id()).best_intro;
      if (!best) node.addClass("unreached");
    });
  });
  if (nodes.length) {
    await drawing.layout(
      {
        name: "breadthfirst",
        directed: false,
        roots: roots.join(", ") || undefined,
        spacingFactor: 1.2,
      },
      cy.nodes().union(cy.edges('[type = "REPORTS_TO"]')),
    );
  }
  ctx.panel.append(coverage(map), people(ctx, map, drawing));
  legend(
    ctx.legend,
    { companies: () => [] },
    Object.entries(ROLE_COLORS).map(([r, color]) => ({ color, text: r.replace("_", " ") })),
  );
  return {
    view: "account",
    drawn: () => drawing.drawn(),
    drawing,
    destroy: () => drawing.destroy(),
  };
}

function coverage(map) {
  const c = map.coverage;
  return el(
    "section",
    { class: "coverage" },
    el(
      "p",
      { class: "links" },
      el("a", { href: `#/company/${encodeURIComponent(map.company.id)}` }, "Company map"),
      el("a", { href: `#/intros/${encodeURIComponent(map.company.id)}` }, "Warm intros into it"),
    ),
    el("h3", {}, "Coverage"),
    el(
      "dl",
      {},
      el("dt", {}, "People reachable"),
      el("dd", { dataset: { field: "reachable" } }, `${c.reachable} of ${c.people}`),
      el("dt", {}, "Decision makers reachable"),
      el(
        "dd",
        { dataset: { field: "decision_makers" } },
        `${c.decision_makers_reachable} of ${c.decision_makers}`,
      ),
    ),
    el("h3", {}, "Unreached roles"),
    map.unreached_roles.length
      ? el(
          "ul",
          { class: "unreached-roles" },
          map.unreached_roles.map((r) => el("li", {}, r.replace("_", " "))),
        )
      : el("p", { class: "hint" }, "Every role here is reachable."),
    map.truncated ? el("p", { class: "hint" }, "More people than the map shows.") : null,
  );
}

function people(ctx, map, drawing) {
  const rows = [...map.people].sort(
    (a, b) =>
      (b.best_intro?.score ?? -1) - (a.best_intro?.score ?? -1) ||
      String(a.person.name).localeCompare(b.person.name),
  );
  return el(
    "section",
    {},
    el("h3", {}, "People and their best intro"),
    el(
      "ul",
      { class: "people" },
      rows.map((p) => {
        const best = p.best_intro;
        const item = el(
          "li",
          { dataset: { id: p.person.id } },
          el("i", { class: "dot", style: `background:${ROLE_COLORS[p.role] || NO_ROLE}` }),
          el("a", { href: ctx.link("person", p.person.id) }, p.person.name),
          el(
            "span",
            { class: "muted" },
            ` ${p.title || p.person.title || ""} ${p.role ? `(${p.role.replace("_", " ")})` : ""}`,
          ),
          el(
            "div",
            { class: "intro" },
            best
              ? `${best.nodes.map((n) => n.name).join(" > ")} (score ${num(best.score, 3)})`
              : "no warm path from the team",
          ),
        );
        item.addEventListener("mouseenter", () => drawing.highlight([p.person.id], []));
        item.addEventListener("mouseleave", () => drawing.highlight(null));
        return item;
      }),
    ),
  );
}
