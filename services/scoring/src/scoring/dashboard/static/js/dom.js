// Building elements: h() for HTML, s() for SVG, figure() for a number the tests and readers rely on.
const SVG_NS = "http://www.w3.org/2000/svg";

function build(el, attrs, children) {
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export const h = (tag, attrs, ...children) => build(document.createElement(tag), attrs, children);
export const s = (tag, attrs, ...children) => build(document.createElementNS(SVG_NS, tag), attrs, children);

/** A figure: its text is the API's number exactly (see api.js for how decimals are kept); "—" when the API
 * gives none. Without a name it is only shown, not one of the figures the page vouches for. */
export function figure(name, value, attrs = {}) {
  const missing = value === null || value === undefined;
  const named = name ? { "data-figure": name, ...attrs } : {};
  return h("span", { class: missing ? "figure none" : "figure", ...named }, missing ? "—" : String(value));
}

/** A number for arithmetic, whatever wrapper the parser kept its text in. */
export const num = (value) => (value === null || value === undefined ? null : Number(value));

export const section = (title, ...children) => h("section", { class: "card" }, h("h3", {}, title), ...children);
