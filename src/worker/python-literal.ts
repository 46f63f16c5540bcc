// Parses the Python literals Ultralytics and YOLOv5 write into ONNX metadata:
// names = "{0: 'person', 1: \"o'clock\"}" (a dict repr, or a list), imgsz = "[640, 640]" or "640".

/** Reads one Python string literal ('...' or "...", with backslash escapes) starting at `i`. */
function readString(text: string, i: number): [string, number] {
  const quote = text[i];
  let out = '';
  let j = i + 1;
  while (j < text.length && text[j] !== quote) {
    if (text[j] === '\\' && j + 1 < text.length) {
      const next = text[j + 1];
      const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };
      if (next === 'x' || next === 'u') {
        const size = next === 'x' ? 2 : 4;
        out += String.fromCharCode(parseInt(text.slice(j + 2, j + 2 + size), 16));
        j += 2 + size;
        continue;
      }
      out += escapes[next] ?? next;
      j += 2;
      continue;
    }
    out += text[j++];
  }
  if (j >= text.length) throw new SyntaxError('unterminated string');
  return [out, j + 1];
}

/**
 * Class names from a `names` metadata value: a dict repr {0: 'a', 1: 'b'} (keys may be out of order
 * or sparse: gaps become `class N`) or a list ['a', 'b']. Returns null when it cannot be parsed.
 */
export function parseNames(text: string): string[] | null {
  const s = text.trim();
  const byIndex = new Map<number, string>();
  try {
    if (s.startsWith('{')) {
      let i = 1;
      while (i < s.length) {
        while (/[\s,]/.test(s[i] ?? '')) i++;
        if (s[i] === '}') break;
        const key = /^-?\d+/.exec(s.slice(i));
        if (!key) return null;
        i += key[0].length;
        while (/\s/.test(s[i])) i++;
        if (s[i++] !== ':') return null;
        while (/\s/.test(s[i])) i++;
        if (s[i] !== "'" && s[i] !== '"') return null;
        const [value, next] = readString(s, i);
        byIndex.set(Number(key[0]), value);
        i = next;
      }
    } else if (s.startsWith('[')) {
      let i = 1;
      let index = 0;
      while (i < s.length) {
        while (/[\s,]/.test(s[i] ?? '')) i++;
        if (s[i] === ']') break;
        if (s[i] !== "'" && s[i] !== '"') return null;
        const [value, next] = readString(s, i);
        byIndex.set(index++, value);
        i = next;
      }
    } else return null;
  } catch {
    return null;
  }
  if (byIndex.size === 0) return null;
  const size = Math.max(...byIndex.keys()) + 1;
  if (size > 65536 || Math.min(...byIndex.keys()) < 0) return null;
  return Array.from({ length: size }, (_, k) => byIndex.get(k) ?? `class ${k}`);
}

/** Input size from an `imgsz` value: "[640, 640]" (height, width), "[640]" or "640". Null if unreadable. */
export function parseImageSize(text: string): { width: number; height: number } | null {
  const numbers = (text.match(/\d+/g) ?? []).map(Number).filter((n) => n > 0);
  if (numbers.length === 1) return { width: numbers[0], height: numbers[0] };
  if (numbers.length === 2) return { width: numbers[1], height: numbers[0] };
  return null;
}

/** A JSON list of numbers or of lists of numbers (anchors, strides), or null. */
export function parseNumberLists(text: string): number[][] | number[] | null {
  try {
    const value: unknown = JSON.parse(text.replace(/\(/g, '[').replace(/\)/g, ']'));
    if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return value as number[];
    if (Array.isArray(value) && value.every((v) => Array.isArray(v) && v.every((n) => typeof n === 'number'))) {
      return value as number[][];
    }
  } catch {
    return null;
  }
  return null;
}
