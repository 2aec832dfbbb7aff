// The scores chart (weeks since baseline × score, one line per instrument, response and remission lines) and its table.
import type { AnnotationOptions } from "chartjs-plugin-annotation";
import { Chart, GRID, lineChart, SERIES } from "../charts";
import { h, localDateTime } from "../dom";
import { formatNumber } from "../model/fhir";
import { allPoints, type InstrumentSeries, type ScoreLine } from "../model/scores";

export function renderScores(
  series: InstrumentSeries[],
  lines: ScoreLine[],
  responseMinDrop: number,
): { element: HTMLElement; draw(): Chart | undefined } {
  const points = allPoints(series);
  const canvas = h("canvas", {
    id: "scores-chart",
    role: "img",
    "aria-label": series.length
      ? `Rating-scale scores by weeks since baseline: ${series
          .map((s) => `${s.name} ${s.points.map((p) => p.value).join(", ")}`)
          .join("; ")}. The table below has the same data.`
      : "No rating-scale scores recorded.",
    "data-points": JSON.stringify(points),
    "data-lines": JSON.stringify(lines),
  });

  const name = (code: string) => series.find((s) => s.code === code)?.name ?? code;
  const table = h(
    "table",
    { id: "scores-table", class: "data compact" },
    h("caption", {}, "Rating-scale scores"),
    h(
      "thead",
      {},
      h("tr", {}, h("th", { scope: "col" }, "Instrument"), h("th", { scope: "col" }, "Date"), h("th", { scope: "col" }, "Weeks since baseline"), h("th", { scope: "col" }, "Score (points)")),
    ),
    h(
      "tbody",
      {},
      points.map((p) =>
        h(
          "tr",
          { "data-instrument": p.instrument, "data-date": p.date, "data-value": p.value },
          h("td", {}, name(p.instrument)),
          h("td", {}, localDateTime(p.date)),
          h("td", {}, formatNumber(p.x, 1)),
          h("td", {}, String(p.value)),
        ),
      ),
    ),
  );
  const lineList = lines.length
    ? h(
        "ul",
        { class: "line-list" },
        lines.map((l) =>
          h("li", {}, `${name(l.instrument)} ${l.kind === "response" ? `response line (${formatNumber(responseMinDrop * 100, 1)} % below baseline)` : "remission line (at or below)"}: ${formatNumber(l.y, 2)} points`),
        ),
      )
    : null;

  const element = h(
    "figure",
    { class: "chart-figure" },
    h("div", { class: "chart-box" }, canvas),
    h("figcaption", {}, "Scores over time. Dashed lines: response threshold; dotted lines: remission threshold."),
    h("details", { class: "chart-data" }, h("summary", {}, "Scores as a table"), table, lineList),
  );

  if (!series.length) return { element, draw: () => undefined };

  const annotations: Record<string, AnnotationOptions> = {};
  lines.forEach((line, i) => {
    const index = series.findIndex((s) => s.code === line.instrument);
    const color = SERIES[(index < 0 ? 0 : index) % SERIES.length].color;
    annotations[`line${i}`] = {
      type: "line",
      yMin: line.y,
      yMax: line.y,
      borderColor: color,
      borderWidth: 1.5,
      borderDash: line.kind === "response" ? [6, 4] : [2, 3],
      label: {
        display: true,
        content: `${name(line.instrument)} ${line.kind} ${formatNumber(line.y, 1)}`,
        position: line.kind === "response" ? "end" : "start",
        backgroundColor: "rgba(255,255,255,0.9)",
        color,
        font: { size: 11 },
        padding: 2,
      },
    };
  });

  const draw = () => lineChart(canvas, {
    type: "line",
    data: {
      datasets: series.map((s, i) => {
        const style = SERIES[i % SERIES.length];
        return {
          label: s.name,
          data: s.points.map((p) => ({ x: p.x, y: p.value })),
          borderColor: style.color,
          backgroundColor: style.color,
          pointStyle: style.point,
          pointRadius: 4,
          pointHoverRadius: 6,
          borderWidth: 2,
          tension: 0,
        };
      }),
    },
    options: {
      parsing: false,
      scales: {
        x: {
          type: "linear",
          title: { display: true, text: "Weeks since baseline" },
          grid: { color: GRID },
          ticks: { precision: 0 },
        },
        y: {
          type: "linear",
          beginAtZero: true,
          title: { display: true, text: "Score (points)" },
          grid: { color: GRID },
          ticks: { precision: 0 },
        },
      },
      plugins: {
        legend: { position: "bottom", labels: { usePointStyle: true } },
        tooltip: {
          callbacks: {
            title: (items) => {
              const item = items[0];
              const point = series[item.datasetIndex]?.points[item.dataIndex];
              return point ? localDateTime(point.date) : "";
            },
            label: (item) => `${series[item.datasetIndex]?.name}: ${item.parsed.y} points (week ${formatNumber(item.parsed.x ?? 0, 1)})`,
          },
        },
        annotation: { annotations },
      },
    },
  });
  return { element, draw };
}
