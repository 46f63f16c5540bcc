// The report's numbers as tables: per class (labels, P, R, AP50, AP50-95 and the "all" row), size bands,
// and the label problems found.
import type { EvalReport } from '../../src/index.js';

const fmt = (v: number) => (v < 0 ? '–' : v.toFixed(3));

function table(caption: string, header: string[], rows: (string | number)[][], className: string): HTMLTableElement {
  const t = document.createElement('table');
  t.className = className;
  t.createCaption().textContent = caption;
  const head = t.createTHead().insertRow();
  for (const h of header) head.append(Object.assign(document.createElement('th'), { textContent: h, scope: 'col' }));
  const body = t.createTBody();
  for (const r of rows) {
    const row = body.insertRow();
    r.forEach((v, i) => {
      const cell = i === 0 ? Object.assign(document.createElement('th'), { scope: 'row' }) : row.insertCell();
      cell.textContent = String(v);
      if (i === 0) row.append(cell);
    });
  }
  return t;
}

/** Per-class table, with the overall row first (as `yolo val` prints it). */
export function classTable(report: EvalReport): HTMLTableElement {
  const withLabels = report.perClass.filter((c) => c.labels > 0);
  const mean = (f: (c: (typeof withLabels)[number]) => number) => (withLabels.length ? withLabels.reduce((s, c) => s + f(c), 0) / withLabels.length : -1);
  const rows: (string | number)[][] = [
    ['all', report.labels, fmt(mean((c) => c.precision)), fmt(mean((c) => c.recall)), fmt(report.map50), fmt(report.map50to95)],
    ...report.perClass.map((c) => [c.name, c.labels, fmt(c.labels ? c.precision : -1), fmt(c.recall), fmt(c.ap50), fmt(c.ap50to95)]),
  ];
  return table(
    `Per class (P and R at the best-F1 score threshold ${report.bestF1.threshold.toFixed(3)}, IoU 0.5; AP: COCO 101-point interpolation)`,
    ['class', 'labels', 'P', 'R', 'AP50', 'AP50-95'],
    rows,
    'eval-classes',
  );
}

/** mAP per COCO size band (box area in source px). */
export function sizeBandTable(report: EvalReport): HTMLTableElement {
  return table(
    'Per size (COCO: small < 32², medium < 96², large ≥ 96² px area)',
    ['size', 'labels', 'mAP50', 'mAP50-95'],
    report.sizeBands.map((b) => [b.name, b.labels, fmt(b.map50), fmt(b.map50to95)]),
    'eval-sizes',
  );
}

/** Label problems: counts per kind, and the first 200 listed. */
export function issueList(report: EvalReport): HTMLElement {
  const box = document.createElement('details');
  box.className = 'eval-issues';
  const counts = Object.entries(report.issueCounts).filter(([, n]) => n > 0);
  box.append(
    Object.assign(document.createElement('summary'), {
      textContent: counts.length ? `Label problems: ${counts.map(([k, n]) => `${n} ${k.replace(/-/g, ' ')}`).join(', ')}` : 'No label problems found',
    }),
  );
  const list = document.createElement('ul');
  for (const issue of report.issues.slice(0, 200)) {
    list.append(Object.assign(document.createElement('li'), { textContent: `${issue.file}${issue.line ? `:${issue.line}` : ''} (${issue.kind}): ${issue.message}` }));
  }
  if (report.issues.length > 200) list.append(Object.assign(document.createElement('li'), { textContent: `… and ${report.issues.length - 200} more (all in the JSON report)` }));
  box.append(list);
  return box;
}
