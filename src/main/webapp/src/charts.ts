// Chart.js with only the parts the dashboard uses (line charts on linear axes) and the annotation plugin.
import {
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from "chart.js";
import annotationPlugin from "chartjs-plugin-annotation";

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip, annotationPlugin);

Chart.defaults.font.family =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif';
Chart.defaults.color = "#1f2328";
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;

export { Chart };
export type LineConfig = ChartConfiguration<"line", { x: number; y: number }[]>;

/** Series colours: dark enough for 3:1 against white (WCAG non-text contrast), told apart by point shape as well. */
export const SERIES = [
  { color: "#1f4e9c", point: "circle" },
  { color: "#9a3412", point: "rect" },
  { color: "#0f766e", point: "rectRot" },
  { color: "#6b21a8", point: "crossRot" },
  { color: "#3f6212", point: "star" },
] as const;

export const ALERT_COLOR = "#b3261e";
export const BAND_FILL = "rgba(179, 38, 30, 0.10)";
export const GRID = "#d0d7de";

export function lineChart(canvas: HTMLCanvasElement, config: LineConfig): Chart<"line", { x: number; y: number }[]> {
  return new Chart(canvas, config);
}
