// Small helpers every view shares: view links, DOM building, number and date formats.

/** "#/person/<id>?depth=2" -> {name: "person", arg: "<id>", params} */
export function parseRoute(hash) {
  const [path, query = ""] = hash.replace(/^#\/?/, "").split("?", 2);
  const [name = "", ...rest] = path.split("/");
  return {
    name: name || "search",
    arg: rest.length ? decodeURIComponent(rest.join("/")) : null,
    params: new URLSearchParams(query),
  };
}

/** The hash of a view: link("person", id, {depth: 2}) -> "#/person/<id>?depth=2" (":" and ","
 * are kept as they are: "#/intros/tag:prospect", "#/intros/<id>,<id>"). */
export function link(name, arg, params) {
  let hash = `#/${name}`;
  if (arg != null) hash += `/${encodeURIComponent(arg).replace(/%3A/g, ":").replace(/%2C/g, ",")}`;
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== "" && value !== false) {
      query.set(key, String(value));
    }
  }
  const text = query.toString();
  return text ? `${hash}?${text}` : hash;
}

/** Says the page is (not) settled: tests wait for body[data-ready="1"]. */
export function busy(flag) {
  document.body.dataset.ready = flag ? "0" : "1";
}

/** el("a", {href: "#/x", class: "y"}, "text", child, ...) */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(node.dataset, value);
    else if (value === true) node.setAttribute(name, "");
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export function num(value, digits = 2) {
  return value === undefined || value === null ? "-" : Number(value).toFixed(digits);
}

export function day(value) {
  return value ? String(value).slice(0, 10) : "never";
}

/** A labelled form control that re-renders the view (through the URL) when it changes. */
export function field(label, input) {
  return el("label", { class: "field" }, el("span", {}, label), input);
}

/** Reads a number from the route's query, kept within [lo, hi]. */
export function numberParam(params, name, fallback, lo, hi) {
  const raw = params.get(name);
  const value = raw === null || raw === "" ? NaN : Number(raw);
  if (!Number.isFinite(value)) return fallback;
  return Math.min(hi, Math.max(lo, value));
}

export function short(id) {
  return String(id).slice(0, 8);
}
