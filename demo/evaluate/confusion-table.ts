// The confusion matrix as a heat-map table: real numbers in cells, shaded by each true class's share.
import type { EvalReport } from '../../src/index.js';

/** A table with predicted classes as rows and true classes as columns, background last. */
export function confusionTable(report: EvalReport): HTMLTableElement {
  const names = [...report.classNames, 'background'];
  const m = report.confusion;
  const table = document.createElement('table');
  table.className = 'eval-confusion';
  const caption = table.createCaption();
  caption.textContent = 'Confusion matrix (rows: predicted, columns: true; score > 0.25, IoU > 0.45). Shade: share of the column.';
  const head = table.createTHead().insertRow();
  head.append(Object.assign(document.createElement('th'), { textContent: 'predicted \\ true' }));
  for (const n of names) head.append(Object.assign(document.createElement('th'), { textContent: n, scope: 'col' }));
  const columnSums = names.map((_, c) => m.reduce((s, row) => s + row[c], 0));
  const body = table.createTBody();
  m.forEach((rowValues, r) => {
    const row = body.insertRow();
    row.append(Object.assign(document.createElement('th'), { textContent: names[r], scope: 'row' }));
    rowValues.forEach((v, c) => {
      const cell = row.insertCell();
      cell.textContent = String(v);
      const share = columnSums[c] > 0 ? v / columnSums[c] : 0;
      const hue = r === c ? 140 : 8; // diagonal green, errors red
      cell.style.background = `hsl(${hue} 70% 50% / ${(share * 0.85).toFixed(3)})`;
      cell.title = `${v} (${(share * 100).toFixed(1)} % of true ${names[c]})`;
    });
  });
  return table;
}
