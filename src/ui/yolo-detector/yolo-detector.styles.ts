import { css } from 'lit';

/** Styles of <yolo-detector>. Custom properties: --yolo-box-width, --yolo-label-font, --yolo-label-color,
 * --yolo-colors (comma-separated CSS colours per class), --yolo-error-background, --yolo-error-color. */
export const yoloDetectorStyles = css`
  :host {
    display: inline-block;
    position: relative;
    max-width: 100%;
    line-height: 0;
  }
  :host([hidden]) {
    display: none;
  }
  .stage {
    position: relative;
    display: inline-block;
    max-width: 100%;
  }
  ::slotted(img),
  ::slotted(video),
  ::slotted(canvas),
  .media {
    display: block;
    max-width: 100%;
  }
  .overlay {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    pointer-events: none;
  }
  .status,
  .error {
    position: absolute;
    left: 0.5em;
    bottom: 0.5em;
    max-width: calc(100% - 1em);
    box-sizing: border-box;
    padding: 0.35em 0.6em;
    border-radius: 4px;
    font: 13px/1.35 system-ui, sans-serif;
  }
  .status {
    background: rgb(0 0 0 / 0.6);
    color: #fff;
  }
  .error {
    background: var(--yolo-error-background, #b3261e);
    color: var(--yolo-error-color, #fff);
  }
  .status.below {
    position: static;
    display: inline-block;
    max-width: 100%;
    margin-top: 4px;
  }
  .error.below {
    position: static;
    display: flex;
    gap: 0.5em;
    align-items: flex-start;
    max-width: 100%;
    margin-top: 4px;
  }
  .dismiss {
    margin-left: auto;
    border: 0;
    background: none;
    color: inherit;
    font: inherit;
    font-size: 16px;
    line-height: 1;
    cursor: pointer;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
  .empty {
    display: block;
    min-width: 240px;
    min-height: 120px;
  }
  yolo-perf-panel {
    line-height: normal;
  }
`;
