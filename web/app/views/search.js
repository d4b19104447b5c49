// #/search?q=: people (GET /v1/people?q=) and companies (GET /v1/companies?q=), each leading
// to its map. What it "draws" is the list of results.
import { el, field } from "../ui.js";

const LIMIT = 25;

export async function render(ctx) {
  const q = (ctx.route.params.get("q") || "").trim();
  ctx.title.textContent = "Search";
  const input = el("input", {
    name: "q",
    type: "search",
    value: q,
    placeholder: "name, email, domain",
    autofocus: true,
  });
  ctx.controls.append(field("Find", input), el("button", { type: "submit" }, "Search"));
  ctx.controls.onsubmit = (event) => {
    event.preventDefault();
    ctx.go(ctx.link("search", null, { q: input.value.trim() }));
  };
  const [people, companies] = await Promise.all([
    ctx.api.get("/v1/people", { q: q || undefined, limit: LIMIT }),
    ctx.api.get("/v1/companies", { q: q || undefined, limit: LIMIT }),
  ]);
  const personRow = (p) =>
    el(
      "li",
      { dataset: { id: p.id } },
      el("a", { href: ctx.link("person", p.id) }, p.name),
      p.is_team ? el("span", { class: "badge" }, "team") : null,
      el("span", { class: "muted" }, [p.title, p.email].filter(Boolean).join(" - ")),
      el("a", { class: "small", href: ctx.link("intros", p.id) }, "intros"),
    );
  const companyRow = (c) =>
    el(
      "li",
      { dataset: { id: c.id } },
      el("a", { href: ctx.link("company", c.id) }, c.name),
      el("span", { class: "muted" }, [c.domain, c.industry].filter(Boolean).join(" - ")),
      el("a", { class: "small", href: ctx.link("account", c.id) }, "account map"),
      el("a", { class: "small", href: ctx.link("intros", c.id) }, "intros"),
    );
  const list = (title, items, row, more) =>
    el(
      "section",
      { class: "results" },
      el("h2", {}, title, ` (${items.length}${more ? "+" : ""})`),
      items.length ? el("ul", {}, items.map(row)) : el("p", { class: "hint" }, "Nothing found."),
    );
  ctx.graph.append(
    el(
      "div",
      { class: "search-results" },
      list("People", people.data.items, personRow, people.data.next_cursor),
      list("Companies", companies.data.items, companyRow, companies.data.next_cursor),
    ),
  );
  const ids = [...people.data.items, ...companies.data.items].map((x) => x.id);
  return { view: "search", drawn: () => ({ nodes: ids, edges: [] }) };
}
