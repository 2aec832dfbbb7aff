// One session's vital signs: a chart per vital (minutes since the dose × value), alert bands, flagged points, tables.
import type { AnnotationOptions } from "chartjs-plugin-annotation";
import { ALERT_COLOR, BAND_FILL, Chart, GRID, lineChart, SERIES } from "../charts";
import { h, localDateTime } from "../dom";
import type { Thresholds } from "../model/config";
import { formatNumber } from "../model/fhir";
import {
  alertBands,
  plotted,
  VITAL_KINDS,
  VITAL_LABELS,
  type Band,
  type SessionVitals,
  type VitalKind,
  type VitalRow,
} from "../model/vitals";

const TIME_POINT_TEXT: Record<string, string> = {
  "pre-dose": "Pre-dose",
  "intra-session": "During session",
  "pre-discharge": "Pre-discharge",
};

function bandAnnotations(kind: VitalKind, bands: Band[]): Record<string, AnnotationOptions> {
  const out: Record<string, AnnotationOptions> = {};
  const unit = VITAL_LABELS[kind].unit;
  const axisName = (axis: string) => (axis === "value" ? "" : `${axis.charAt(0).toUpperCase()}${axis.slice(1)} `);
  bands.forEach((band, i) => {
    if (band.kind === "band" && band.axis === "diastolic" && band.from !== null) {
      // Systolic and diastolic share the y axis: a second shaded band would cover the systolic readings below it, so
      // the diastolic alert level is a solid line instead.
      out[`band${i}`] = {
        type: "line",
        yMin: band.from,
        yMax: band.from,
        borderColor: ALERT_COLOR,
        borderWidth: 1.5,
        drawTime: "beforeDatasetsDraw",
        label: {
          display: true,
          content: `Diastolic alert \u2265 ${band.from} ${unit}`,
          position: "start",
          backgroundColor: "rgba(255,255,255,0.9)",
          color: "#7a1c15",
          font: { size: 11 },
          padding: 2,
        },
      };
    } else if (band.kind === "band") {
      const text =
        band.from !== null && band.to === null
          ? `${axisName(band.axis)}alert \u2265 ${band.from} ${unit}`
          : band.from === null && band.to !== null
            ? `${axisName(band.axis)}alert < ${band.to} ${unit}`
            : `${axisName(band.axis)}alert ${band.from}\u2013${band.to} ${unit}`;
      out[`band${i}`] = {
        type: "box",
        ...(band.from !== null ? { yMin: band.from } : {}),
        ...(band.to !== null ? { yMax: band.to } : {}),
        backgroundColor: BAND_FILL,
        borderWidth: 0,
        drawTime: "beforeDatasetsDraw",
        label: {
          display: true,
          content: text,
          position: { x: "start", y: band.to === null ? "start" : "end" },
          color: "#7a1c15",
          font: { size: 11 },
        },
      };
    } else {
      out[`line${i}`] = {
        type: "line",
        yMin: band.at,
        yMax: band.at,
        borderColor: "#57606a",
        borderWidth: 1.5,
        borderDash: [6, 4],
        drawTime: "beforeDatasetsDraw",
        label: {
          display: true,
          content: `${axisName(band.axis)}pre-dose limit ${band.at} ${unit}`,
          position: "end",
          backgroundColor: "rgba(255,255,255,0.9)",
          color: "#1f2328",
          font: { size: 11 },
          padding: 2,
        },
      };
    }
  });
  return out;
}

/** Sensible y range per vital so that the bands show even when every reading is normal. */
function yRange(kind: VitalKind, rows: VitalRow[], bands: Band[]): { min: number; max: number } {
  const values = rows.flatMap((r) => (r.diastolic !== undefined ? [r.value, r.diastolic] : [r.value]));
  const limits = bands.flatMap((b) => (b.kind === "band" ? [b.from, b.to] : [b.at])).filter((v): v is number => v !== null);
  const all = [...values, ...limits];
  let min = Math.min(...all);
  let max = Math.max(...all);
  if (kind === "spo2") {
    return { min: Math.max(0, Math.floor(Math.min(min, 88) - 2)), max: 100 };
  }
  const pad = Math.max(5, (max - min) * 0.1);
  min = Math.max(0, Math.floor(min - pad));
  max = Math.ceil(max + pad);
  return { min, max };
}

function vitalChart(canvas: HTMLCanvasElement, kind: VitalKind, rows: VitalRow[], bands: Band[]): Chart {
  const label = VITAL_LABELS[kind];
  const pointStyle = (alert: boolean) => (alert ? "triangle" : "circle");
  const series =
    kind === "bp"
      ? [
          { name: "Systolic", values: rows.map((r) => r.value), style: SERIES[0] },
          { name: "Diastolic", values: rows.map((r) => r.diastolic as number), style: SERIES[2] },
        ]
      : [{ name: label.title, values: rows.map((r) => r.value), style: SERIES[0] }];
  const range = yRange(kind, rows, bands);
  return lineChart(canvas, {
    type: "line",
    data: {
      datasets: series.map((s) => ({
        label: s.name,
        data: rows.map((r, i) => ({ x: r.minute, y: s.values[i] })),
        borderColor: s.style.color,
        backgroundColor: rows.map((r) => (r.alert ? ALERT_COLOR : s.style.color)),
        pointBorderColor: rows.map((r) => (r.alert ? ALERT_COLOR : s.style.color)),
        pointStyle: rows.map((r) => pointStyle(r.alert)),
        pointRadius: rows.map((r) => (r.alert ? 8 : 3.5)),
        pointHoverRadius: rows.map((r) => (r.alert ? 10 : 6)),
        borderWidth: 2,
        tension: 0,
      })),
    },
    options: {
      parsing: false,
      scales: {
        x: { type: "linear", title: { display: true, text: "Minutes since dose (min)" }, grid: { color: GRID } },
        y: { type: "linear", min: range.min, max: range.max, title: { display: true, text: label.axis }, grid: { color: GRID } },
      },
      plugins: {
        legend: { display: kind === "bp", position: "bottom" },
        tooltip: {
          callbacks: {
            title: (items) => `${formatNumber(items[0]?.parsed.x ?? 0, 1)} min since dose`,
            label: (item) => {
              const row = rows[item.dataIndex];
              const name = series[item.datasetIndex]?.name ?? "";
              return `${name}: ${item.parsed.y} ${label.unit}${row?.alert ? " \u2014 safety alert raised" : ""}`;
            },
          },
        },
        annotation: { annotations: bandAnnotations(kind, bands) },
      },
    },
  });
}

function valueText(kind: VitalKind, row: VitalRow): string {
  const unit = VITAL_LABELS[kind].unit;
  return kind === "bp" ? `${row.value}/${row.diastolic} ${unit}` : `${row.value} ${unit}`;
}

function vitalTable(kind: VitalKind, rows: VitalRow[]): HTMLTableElement {
  return h(
    "table",
    { class: "data compact vitals-table", "data-vital": kind },
    h("caption", {}, `${VITAL_LABELS[kind].title} readings`),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, "Minutes since dose"),
        h("th", { scope: "col" }, "Time point"),
        h("th", { scope: "col" }, "Time"),
        h("th", { scope: "col" }, `Value (${VITAL_LABELS[kind].unit})`),
        h("th", { scope: "col" }, "Alert"),
      ),
    ),
    h(
      "tbody",
      {},
      rows.map((row) =>
        h(
          "tr",
          {
            "data-observation": row.observation,
            "data-minute": row.minute,
            "data-value": row.value,
            "data-diastolic": row.diastolic,
            "data-alert": String(row.alert),
            class: row.alert ? "alert-row" : undefined,
          },
          h("td", {}, formatNumber(row.minute, 1)),
          h("td", {}, TIME_POINT_TEXT[row.timePoint ?? ""] ?? ""),
          h("td", {}, localDateTime(row.effective)),
          h("td", {}, valueText(kind, row)),
          h(
            "td",
            {},
            row.alert
              ? h("span", { class: "flag" }, "\u25B2 Safety alert")
              : row.beyondLimit
                ? h("span", { class: "flag flag-soft" }, "Beyond limit")
                : "",
          ),
        ),
      ),
    ),
  );
}

/**
 * The stacked panels of one session's vitals. Call draw() once the element is in the document; destroy the charts it
 * returns when leaving.
 */
export function renderVitals(vitals: SessionVitals, thresholds: Thresholds): { element: HTMLElement; draw(): Chart[] } {
  const drawers: (() => Chart)[] = [];
  const panels = VITAL_KINDS.map((kind) => {
    const rows = vitals[kind];
    const bands = alertBands(kind, thresholds);
    const alerts = rows.filter((r) => r.alert).length;
    const canvas = h("canvas", {
      class: "vitals-chart",
      "data-vital": kind,
      role: "img",
      "aria-label": rows.length
        ? `${VITAL_LABELS[kind].title} by minutes since dose: ${rows.map((r) => `${formatNumber(r.minute, 1)} min ${valueText(kind, r)}${r.alert ? " (alert)" : ""}`).join("; ")}.`
        : `${VITAL_LABELS[kind].title}: no readings recorded.`,
      "data-points": JSON.stringify(rows.map(plotted)),
      "data-bands": JSON.stringify(bands),
    });
    const panel = h(
      "section",
      { class: "vital-panel", "data-vital": kind, "aria-label": VITAL_LABELS[kind].title },
      h(
        "h4",
        {},
        VITAL_LABELS[kind].title,
        alerts ? h("span", { class: "badge badge-alert" }, `\u25B2 ${alerts} alert${alerts === 1 ? "" : "s"}`) : null,
      ),
      rows.length ? null : h("p", { class: "muted" }, "No readings recorded."),
      h("div", { class: `chart-box ${kind === "bp" ? "chart-box-medium" : "chart-box-small"}` }, canvas),
      h("details", { class: "chart-data" }, h("summary", {}, `${VITAL_LABELS[kind].title} as a table`), vitalTable(kind, rows)),
    );
    if (rows.length) drawers.push(() => vitalChart(canvas, kind, rows, bands));
    return panel;
  });
  return { element: h("div", { class: "vital-panels" }, panels), draw: () => drawers.map((d) => d()) };
}
