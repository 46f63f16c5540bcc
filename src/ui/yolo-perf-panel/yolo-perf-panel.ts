// <yolo-perf-panel>: the performance log, always on. What the seed measured with console.time, for
// every frame: backend and model, per-stage times with p50/p95, FPS, dropped frames, the warm-up frame
// apart, a chart of recent frame times, a log table and a CSV download. Repaints at most 4 times a
// second, so it never costs the page what it measures.

import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { ModelInfo, PerfEntry, PerfLog, PerfSummary, StageStats } from '../../client/index.js';
import { barAt, drawFrameTimeChart } from './frame-time-chart.js';
import { yoloPerfPanelStyles } from './yolo-perf-panel.styles.js';

/** Minimum time between repaints (ms): at most 4 updates a second. */
export const PANEL_REFRESH_MS = 250;
const CHART_FRAMES = 120;
/** Chart colour of the worker's time outside inference. */
const OTHER_COLOR = '#9aa3b5';
const TABLE_ROWS = 8;

/** An element that exposes a perf log and model info (such as <yolo-detector>). */
interface PerfSource extends HTMLElement {
  readonly perf: PerfLog;
  readonly info: ModelInfo | null;
}

function isPerfSource(el: Element | null): el is PerfSource {
  return el !== null && 'perf' in el && typeof (el as PerfSource).perf?.subscribe === 'function';
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

/**
 * Live performance log of a detector: stage times, FPS, p50/p95, a chart and an exportable log.
 *
 * @tag yolo-perf-panel
 * @csspart chart - The canvas of recent frame times.
 * @csspart download - The "Download CSV" button.
 * @cssprop --yolo-perf-background - Panel background.
 * @cssprop --yolo-perf-color - Panel text colour.
 * @cssprop --yolo-perf-accent - Chart colour of inference time.
 */
export class YoloPerfPanelElement extends LitElement {
  static override styles = yoloPerfPanelStyles;

  static override properties = {
    for: { type: String, reflect: true },
    log: { attribute: false },
    info: { attribute: false },
    summary: { state: true },
    hover: { state: true },
  };

  /** Id of a <yolo-detector> in the same document to follow (standalone use). */
  declare for: string;
  /** The log to show (set by <yolo-detector>, or by hand with the programmatic API). */
  declare log: PerfLog | null;
  /** The model description (backend, threads, layout, input size). */
  declare info: ModelInfo | null;
  declare private summary: PerfSummary | null;
  /** Index of the chart bar under the pointer (into chartEntries()), -1 for none. */
  declare private hover: number;

  private unsubscribe: (() => void) | null = null;
  private followed: PerfSource | null = null;
  private timer = 0;
  private lastPaint = 0;
  private readonly onReady = (event: Event) => {
    this.info = (event as CustomEvent<ModelInfo>).detail;
  };

  constructor() {
    super();
    this.for = '';
    this.log = null;
    this.info = null;
    this.summary = null;
    this.hover = -1;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.for) queueMicrotask(() => this.follow());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unfollow();
    this.unsubscribe?.();
    this.unsubscribe = null;
    clearTimeout(this.timer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('for') && this.isConnected) this.follow();
    if (changed.has('log')) {
      this.unsubscribe?.();
      this.unsubscribe = this.log ? this.log.subscribe(() => this.schedule()) : null;
      this.summary = this.log ? this.log.summary() : null;
    }
  }

  protected override updated(): void {
    this.drawChart();
  }

  /** Standalone mode: finds the element named by `for` and follows its log and ready events. */
  private follow(): void {
    this.unfollow();
    const target = this.for ? (this.getRootNode() as Document | ShadowRoot).getElementById?.(this.for) ?? document.getElementById(this.for) : null;
    if (!isPerfSource(target)) return;
    this.followed = target;
    target.addEventListener('yolo-ready', this.onReady);
    this.log = target.perf;
    this.info = target.info;
  }

  private unfollow(): void {
    this.followed?.removeEventListener('yolo-ready', this.onReady);
    this.followed = null;
  }

  /** Throttles repaints to PANEL_REFRESH_MS, always ending with the latest state. */
  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, PANEL_REFRESH_MS - (performance.now() - this.lastPaint));
    this.timer = window.setTimeout(() => {
      this.timer = 0;
      this.lastPaint = performance.now();
      this.summary = this.log?.summary() ?? null;
    }, wait);
  }

  private download(): void {
    if (!this.log) return;
    const url = URL.createObjectURL(new Blob([this.log.toCSV()], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `yolo-perf-${new Date().toISOString().replace(/[:.]/g, '-')}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  /** The frames the chart shows: the current segment's, at most CHART_FRAMES. */
  private chartEntries(): PerfEntry[] {
    const segment = this.summary?.segment.id;
    return this.log ? this.log.recent(CHART_FRAMES).filter((e) => e.segment === segment) : [];
  }

  private drawChart(): void {
    const canvas = this.renderRoot.querySelector('canvas') as HTMLCanvasElement | null;
    if (!canvas || !this.log) return;
    const dpr = globalThis.devicePixelRatio || 1;
    const width = canvas.clientWidth || 240;
    const height = canvas.clientHeight || 96;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const style = getComputedStyle(this);
    const accent = style.getPropertyValue('--yolo-perf-accent').trim() || '#4f8cff';
    drawFrameTimeChart(ctx, width, height, this.chartEntries(), CHART_FRAMES, { inference: accent, other: OTHER_COLOR, axis: '#aab2c5', grid: '#ffffff24', highlight: '#ffffff30' }, this.hover);
  }

  private readonly onChartPointer = (event: PointerEvent): void => {
    const canvas = event.currentTarget as HTMLCanvasElement;
    const rect = canvas.getBoundingClientRect();
    this.hover = event.type === 'pointerleave' ? -1 : barAt(event.clientX - rect.left, rect.width, this.chartEntries().length, CHART_FRAMES);
  };

  /** The values of the bar under the pointer, or what the chart shows. */
  private hoverText(): string {
    const entry = this.hover >= 0 ? this.chartEntries()[this.hover] : undefined;
    if (!entry) return 'Point at a bar for its values.';
    const other = entry.totalMs - entry.inferenceMs;
    return `frame ${entry.frame}: ${ms(entry.totalMs)} ms in the worker = ${ms(entry.inferenceMs)} inference + ${ms(other)} pre/post · ${ms(entry.roundTripMs)} ms round trip · ${entry.detections} boxes`;
  }

  private stageRow(name: string, s: StageStats) {
    return html`<tr><th scope="row">${name}</th><td>${ms(s.last)}</td><td>${ms(s.p50)}</td><td>${ms(s.p95)}</td></tr>`;
  }

  override render() {
    const info = this.info;
    const s = this.summary;
    const segmentId = s?.segment.id;
    const recent = this.log ? this.log.recent(TABLE_ROWS).filter((e) => e.segment === segmentId).reverse() : [];
    return html`
      <section class="panel" aria-label="Performance log">
        <header>
          ${info
            ? html`<span class="backend" title=${info.fallbackReason ?? ''}>${info.backend}${info.backend === 'wasm' ? ` · ${info.threads} thread${info.threads === 1 ? '' : 's'}` : ''}</span>
                <span class="model">${info.name}</span>
                <span>${info.layout}</span>
                <span>${info.inputWidth}×${info.inputHeight}</span>`
            : html`<span>no model loaded</span>`}
          ${s?.segment.media ? html`<span class="media" title="Stats cover this model on this media only">on ${s.segment.media}</span>` : nothing}
        </header>
        <div class="live">
          <div class="big"><b>${s ? s.fps.toFixed(1) : '–'}</b> FPS</div>
          <div class="big" title=${`${s?.frames ?? 0} frames logged in all (every model and media; see the CSV)`}><b>${s?.segment.frames ?? 0}</b> frames</div>
          <div class="big"><b class="dropped">${s?.dropped ?? 0}</b> dropped</div>
          <div class="big" title="The first frame after a model load pays for warm-up">
            <b>${s?.firstFrame ? ms(s.firstFrame.totalMs) : '–'}</b> ms first frame
          </div>
          ${s && s.tiles.p95 > 1
            ? html`<div class="big tiles" title="Model runs per frame with tiling: tiles plus the full frame"><b>${s.tiles.last}</b> tiles / frame</div>`
            : nothing}
        </div>
        <table class="stages">
          <thead><tr><th>stage (ms)</th><th>last</th><th>p50</th><th>p95</th></tr></thead>
          <tbody>
            ${s
              ? html`${this.stageRow('preprocess', s.preprocess)}${this.stageRow('inference', s.inference)}${s.tiles.p95 > 1 ? this.stageRow('inference / tile', s.inferencePerTile) : nothing}${this.stageRow('postprocess', s.postprocess)}${s.track ? this.stageRow('tracker', s.track) : nothing}${this.stageRow('total (worker)', s.total)}${this.stageRow('round trip', s.roundTrip)}`
              : nothing}
          </tbody>
        </table>
        <figure class="chart-box">
          <canvas part="chart" class="chart" role="img" aria-label=${`Worker time per frame (ms) for the last ${this.chartEntries().length} frames of this model and media: inference in colour, pre- and postprocessing in grey`}
            @pointermove=${this.onChartPointer} @pointerleave=${this.onChartPointer}></canvas>
          <figcaption class="legend">
            <span><i class="swatch inference"></i>inference</span>
            <span><i class="swatch other"></i>pre + post</span>
            <output class="hover">${this.hoverText()}</output>
          </figcaption>
        </figure>
        <details>
          <summary>Frame log</summary>
          <table class="log">
            <thead><tr><th>frame</th><th>pre</th><th>infer</th><th>post</th><th>total</th><th>boxes</th></tr></thead>
            <tbody>
              ${recent.map(
                (e) => html`<tr><td>${e.frame}</td><td>${ms(e.preprocessMs)}</td><td>${ms(e.inferenceMs)}</td><td>${ms(e.postprocessMs)}</td><td>${ms(e.totalMs)}</td><td>${e.detections}</td></tr>`,
              )}
            </tbody>
          </table>
        </details>
        <button part="download" type="button" @click=${this.download} ?disabled=${!this.log || this.log.kept === 0}>Download CSV</button>
      </section>
    `;
  }
}
