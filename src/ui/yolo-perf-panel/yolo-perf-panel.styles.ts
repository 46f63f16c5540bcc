import { css } from 'lit';

/** Styles of <yolo-perf-panel>. */
export const yoloPerfPanelStyles = css`
  :host {
    display: block;
    font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace;
    color: var(--yolo-perf-color, #e8ebf2);
  }
  .panel {
    background: var(--yolo-perf-background, #1c2130);
    border-radius: 6px;
    padding: 8px 10px;
    display: grid;
    gap: 6px;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 10px;
    opacity: 0.85;
  }
  .backend {
    font-weight: 700;
    text-transform: uppercase;
  }
  .model {
    overflow: hidden;
    text-overflow: ellipsis;
    max-width: 22ch;
    white-space: nowrap;
  }
  .live {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 14px;
  }
  .big b {
    font-size: 15px;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: right;
    padding: 1px 6px;
    font-weight: normal;
  }
  th:first-child,
  td:first-child {
    text-align: left;
  }
  thead th {
    opacity: 0.7;
  }
  .chart-box {
    margin: 0;
  }
  .chart {
    width: 100%;
    height: 96px;
    display: block;
    touch-action: none;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 2px 12px;
    align-items: center;
    opacity: 0.9;
  }
  .swatch {
    display: inline-block;
    width: 10px;
    height: 10px;
    margin-right: 4px;
    vertical-align: -1px;
  }
  .swatch.inference {
    background: var(--yolo-perf-accent, #4f8cff);
  }
  .swatch.other {
    background: #9aa3b5;
  }
  .hover {
    flex-basis: 100%;
    opacity: 0.85;
  }
  summary {
    cursor: pointer;
  }
  button {
    justify-self: start;
    font: inherit;
    padding: 2px 8px;
    border-radius: 4px;
    border: 1px solid currentColor;
    background: transparent;
    color: inherit;
    cursor: pointer;
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
`;
