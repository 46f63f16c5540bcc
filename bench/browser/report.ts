// What a browser benchmark suite returns, and Markdown helpers.

/** A suite's result: a Markdown report for the console and raw data for bench-output/. */
export interface BenchReport {
  markdown: string;
  data: unknown;
}

/** A Markdown table. */
export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Arithmetic mean; NaN for none. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Median of a list. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Milliseconds with sensible precision. */
export function fmt(ms: number): string {
  return ms < 1 ? ms.toFixed(3) : ms < 100 ? ms.toFixed(2) : ms.toFixed(0);
}

/** Fetches a file of the shared fixtures through the dev server, or null when they are absent. */
export async function fixture(path: string): Promise<Blob | null> {
  const base = import.meta.env.VITE_FIXTURES_URL as string | undefined;
  if (!base) return null;
  const response = await fetch(`${base}/${path}`);
  return response.ok ? response.blob() : null;
}
