// The 三会一课 compliance calendar: a row per kind, a column per month; months with something missing stand out.
import { s } from "../dom.js";

const CELL = 22;
const LABEL = 84;

/**
 * rows: [{label, cells: [{state: "complete"|"missing"|"none", title}]}], months: column headings.
 */
export function calendar(rows, months, title) {
  const width = LABEL + months.length * CELL;
  const height = CELL * (rows.length + 1);
  const heading = months.map((m, i) =>
    s("text", { x: LABEL + i * CELL + CELL / 2, y: CELL * 0.7, "text-anchor": "middle", class: "axis" }, m),
  );
  const body = rows.flatMap((row, r) => [
    s("text", { x: 0, y: CELL * (r + 1.7), class: "axis" }, row.label),
    ...row.cells.map((cell, c) =>
      s(
        "rect",
        {
          class: `day ${cell.state}`,
          x: LABEL + c * CELL + 2,
          y: CELL * (r + 1) + 2,
          width: CELL - 4,
          height: CELL - 4,
          rx: 3,
        },
        s("title", {}, cell.title),
      ),
    ),
  ]);
  return s(
    "svg",
    { class: "chart calendar", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title },
    s("title", {}, title),
    ...heading,
    ...body,
  );
}
