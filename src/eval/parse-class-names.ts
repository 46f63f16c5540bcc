// Class names of a YOLO dataset: Ultralytics' data.yaml (`names:` as a block list, an inline list or
// an index map) or Darknet's classes.txt / *.names (one name per line). Only the `names` key of the
// YAML is read, with a small line parser: the rest of the file (paths, download scripts) is ignored.

/**
 * Names from the text of a `data.yaml`; `null` when it has no `names` key.
 *
 * Handles `names: [a, 'b c']`, a block list (`- a`), and a map (`0: a`, in any order; ids must cover
 * 0..n-1, gaps become `class N`).
 */
export function parseDataYamlNames(text: string): string[] | null {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => /^names\s*:/.test(l));
  if (start < 0) return null;
  const inline = lines[start].replace(/^names\s*:/, '').replace(/\s+#.*$/, '').trim();
  if (inline.startsWith('[')) {
    // an inline flow list may span lines until the closing bracket
    let flow = inline;
    for (let k = start + 1; !flow.includes(']') && k < lines.length; k++) flow += ` ${lines[k].trim()}`;
    return splitFlowList(flow.slice(1, flow.lastIndexOf(']')));
  }
  if (inline.startsWith('{')) {
    const entries = splitFlowList(inline.slice(1, inline.lastIndexOf('}'))).map((e) => e.split(/:\s*/));
    return fromMap(entries.map(([k, ...v]) => [k, v.join(':')]));
  }
  const list: string[] = [];
  const map: [string, string][] = [];
  for (let k = start + 1; k < lines.length; k++) {
    const raw = lines[k];
    if (raw.trim() === '' || raw.trim().startsWith('#')) continue;
    if (!/^\s/.test(raw) && !raw.startsWith('-')) break; // the next top-level key
    const item = raw.trim().replace(/\s+#.*$/, '');
    const dash = /^-\s*(.*)$/.exec(item);
    const pair = /^(\d+)\s*:\s*(.*)$/.exec(item);
    if (dash) list.push(unquote(dash[1]));
    else if (pair) map.push([pair[1], pair[2]]);
    else break;
  }
  if (map.length > 0) return fromMap(map);
  return list;
}

/** Names from a `classes.txt` / `*.names` file: one per non-empty line. */
export function parseNamesList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

function fromMap(entries: [string, string][]): string[] {
  const names: string[] = [];
  for (const [key, value] of entries) {
    const id = Number(key.trim());
    if (Number.isInteger(id) && id >= 0 && id < 100_000) names[id] = unquote(value.trim());
  }
  return Array.from({ length: names.length }, (_, i) => names[i] ?? `class ${i}`);
}

/** Splits `a, 'b, c', "d"` at top-level commas. */
function splitFlowList(body: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote = '';
  for (const ch of body) {
    if (quote) {
      if (ch === quote) quote = '';
      current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (ch === ',') {
      out.push(current);
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '') out.push(current);
  return out.map((s) => unquote(s.trim()));
}

function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0]) return t.slice(1, -1);
  return t;
}
