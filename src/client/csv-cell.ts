// One CSV text cell, safe to open in a spreadsheet (issue 16). Labels come from model metadata, which
// anyone can write, so a label such as `=HYPERLINK(...)`, `+cmd`, `-2+3` or `@SUM(1+1)` must not become
// a live formula. OWASP's CSV-injection advice: a cell beginning with =, +, -, @, tab or carriage return
// gets a leading single quote (spreadsheets then read it as text), and the cell is quoted as RFC 4180
// says when it holds a comma, quote, CR or LF (inner quotes doubled). Numbers this project writes
// itself are not text cells and do not go through here.

/** Characters that make a spreadsheet read a cell as a formula when they come first. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text value as one CSV cell: neutralised if it could be read as a formula, quoted when needed. */
export function csvCell(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
