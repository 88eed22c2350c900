// Time-series charts (uPlot): one line per node, the last N minutes. New polls patch the data (setData);
// a chart is only rebuilt when the set of nodes changes or the theme does.
import uPlot from 'uplot';
import type { MetricsSnapshot, NodeMetrics } from '../src/shared/protocol';
import { seriesColor, themeColor } from './theme';
import { nodeById } from '../src/core/topology/nodeLookup';

export interface ChartSpec {
  title: string;
  unit: string;
  value(n: NodeMetrics): number | null;
}

export class TimeChart {
  readonly element: HTMLElement;
  private plot: uPlot | undefined;
  private nodes: string[] = [];

  constructor(private readonly spec: ChartSpec) {
    this.element = document.createElement('div');
    this.element.className = 'chart';
    // The chart follows its grid cell; a hidden tab measures 0 and is left alone until shown.
    new ResizeObserver(() => this.resize()).observe(this.element);
  }

  get series(): number {
    return this.nodes.length;
  }

  private build(nodes: NodeMetrics[], data: uPlot.AlignedData): void {
    this.plot?.destroy();
    this.nodes = nodes.map((n) => n.id);
    const fg = themeColor('--vscode-foreground');
    const grid = themeColor('--vscode-editorWidget-border', '--vscode-panel-border', '--vscode-widget-border');
    const axis = (label?: string): uPlot.Axis => ({
      stroke: fg,
      grid: { stroke: grid, width: 1 },
      ticks: { stroke: grid, width: 1 },
      label,
      labelSize: label ? 16 : 0,
    });
    this.plot = new uPlot(
      {
        title: this.spec.title,
        width: this.width(),
        height: 180,
        scales: { x: { time: true } },
        axes: [axis(), { ...axis(this.spec.unit), size: 60 }],
        series: [
          {},
          ...nodes.map((n, i) => ({
            label: `${n.address} ${n.role === 'master' ? 'M' : 'R'}`,
            stroke: seriesColor(i),
            width: 1.5,
            spanGaps: true,
          })),
        ],
        legend: { live: false },
        cursor: { drag: { x: false, y: false } },
      },
      data,
      this.element,
    );
  }

  private width(): number {
    return Math.max(240, this.element.clientWidth || 320);
  }

  resize(): void {
    if (!this.plot || this.element.clientWidth === 0 || Math.abs(this.plot.width - this.width()) < 2) return;
    this.plot.setSize({ width: this.width(), height: 180 });
  }

  themeChanged(history: MetricsSnapshot[]): void {
    this.nodes = [];
    this.update(history);
  }

  update(history: MetricsSnapshot[]): void {
    const last = history[history.length - 1];
    if (!last) return;
    const nodes = last.nodes;
    const xs = history.map((h) => h.at / 1000);
    const ys = nodes.map((n) =>
      history.map((h) => {
        const m = nodeById(h.nodes, n.id);
        return m && m.ok ? this.spec.value(m) : null;
      }),
    );
    const data: uPlot.AlignedData = [xs, ...ys];
    const same = this.plot && this.nodes.length === nodes.length && this.nodes.every((id, i) => id === nodes[i].id);
    if (same) this.plot?.setData(data);
    else this.build(nodes, data);
  }
}
