// The source text of chosen numbers in a JSON document.
// serde_json (the Rust Island) and, perhaps, the Elixir coordinator tell `1` from `1.0`, but
// JSON.parse gives 1 for both. A JSON.parse reviver can see the source token (`context.source`),
// yet any reviver makes V8 parse 10-40x slower, and an AssignJob `input` may hold hundreds of
// thousands of values. So this walks the text once more, descending only into the paths asked
// for and skipping everything else (strings with indexOf, containers with a regex).

export interface NumberToken {
  /** The pattern that matched, e.g. `gpus.*.power_draw_w`. */
  pattern: string;
  /** Where, e.g. `gpus[1].power_draw_w`. */
  path: string;
  /** The number exactly as written, e.g. `280.0`. */
  token: string;
}

interface Trie {
  children: Map<string, Trie>;
  /** The pattern that ends here, if any. */
  leaf: string | null;
}

function buildTrie(patterns: readonly string[]): Trie {
  const root: Trie = { children: new Map(), leaf: null };
  for (const pattern of patterns) {
    let node = root;
    for (const part of pattern.split('.')) {
      let next = node.children.get(part);
      if (next === undefined) {
        next = { children: new Map(), leaf: null };
        node.children.set(part, next);
      }
      node = next;
    }
    node.leaf = pattern;
  }
  return root;
}

const STRUCTURE = /["[\]{}]/g;

class Scanner {
  private i = 0;
  readonly found: NumberToken[] = [];

  constructor(private readonly text: string) {}

  run(root: Trie): void {
    this.ws();
    this.value(root, '');
  }

  private ws(): void {
    const t = this.text;
    let i = this.i;
    for (let c = t.charCodeAt(i); c === 32 || c === 9 || c === 10 || c === 13; c = t.charCodeAt(++i));
    this.i = i;
  }

  /** Index just after the string that opens at `start`. */
  private stringEnd(start: number): number {
    const t = this.text;
    for (let from = start + 1; ; ) {
      const quote = t.indexOf('"', from);
      if (quote < 0) throw new Error('unterminated string');
      let backslashes = 0;
      while (t.charCodeAt(quote - 1 - backslashes) === 92) backslashes++;
      if (backslashes % 2 === 0) return quote + 1;
      from = quote + 1;
    }
  }

  private primitiveEnd(): number {
    const t = this.text;
    let i = this.i;
    for (let c = t.charCodeAt(i); i < t.length && c !== 44 && c !== 93 && c !== 125 && c !== 32 && c !== 9 && c !== 10 && c !== 13; c = t.charCodeAt(++i));
    return i;
  }

  private skip(): void {
    const c = this.text[this.i];
    if (c === '"') this.i = this.stringEnd(this.i);
    else if (c === '{' || c === '[') this.skipContainer();
    else this.i = this.primitiveEnd();
  }

  private skipContainer(): void {
    let depth = 0;
    STRUCTURE.lastIndex = this.i;
    for (let m = STRUCTURE.exec(this.text); m !== null; m = STRUCTURE.exec(this.text)) {
      const c = m[0];
      if (c === '"') {
        STRUCTURE.lastIndex = this.stringEnd(m.index);
      } else if (c === '{' || c === '[') {
        depth++;
      } else if (--depth === 0) {
        this.i = m.index + 1;
        return;
      }
    }
    throw new Error('unterminated container');
  }

  private value(node: Trie, path: string): void {
    if (this.i >= this.text.length) throw new Error('truncated JSON');
    const c = this.text.charCodeAt(this.i);
    const isNumber = c === 45 || (c >= 48 && c <= 57);
    if (isNumber && node.leaf !== null) {
      const start = this.i;
      this.i = this.primitiveEnd();
      this.found.push({ pattern: node.leaf, path, token: this.text.slice(start, this.i) });
    } else if (c === 123 && node.children.size > 0) {
      this.object(node, path);
    } else if (c === 91 && node.children.has('*')) {
      this.array(node.children.get('*') as Trie, path);
    } else {
      this.skip();
    }
  }

  private object(node: Trie, path: string): void {
    this.i++;
    this.ws();
    if (this.text[this.i] === '}') {
      this.i++;
      return;
    }
    for (;;) {
      const start = this.i;
      this.i = this.stringEnd(start);
      const raw = this.text.slice(start, this.i);
      const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      this.ws();
      if (this.text[this.i++] !== ':') throw new Error('malformed JSON');
      this.ws();
      const child = key === '*' ? undefined : node.children.get(key);
      if (child === undefined) this.skip();
      else this.value(child, path === '' ? key : `${path}.${key}`);
      if (this.delimiter('}')) return;
    }
  }

  private array(child: Trie, path: string): void {
    this.i++;
    this.ws();
    if (this.text[this.i] === ']') {
      this.i++;
      return;
    }
    for (let index = 0; ; index++) {
      this.value(child, `${path}[${index}]`);
      if (this.delimiter(']')) return;
    }
  }

  /** After a member: true at the closing bracket, false after a comma; anything else is malformed. */
  private delimiter(close: string): boolean {
    this.ws();
    const c = this.text[this.i++];
    if (c === close) return true;
    if (c !== ',') throw new Error('malformed JSON');
    this.ws();
    return false;
  }
}

/**
 * The numbers of `text` found at `patterns` (dotted keys, `*` for every array element), in
 * document order. `text` must be JSON that JSON.parse accepted; on anything else this returns
 * what it found so far rather than throwing, because decoders must never throw.
 */
export function findNumberTokens(text: string, patterns: readonly string[]): NumberToken[] {
  if (patterns.length === 0) return [];
  const scanner = new Scanner(text);
  try {
    scanner.run(buildTrie(patterns));
  } catch {
    // Unreachable for text JSON.parse accepted; see the doc comment.
  }
  return scanner.found;
}

/**
 * True when a number token is written as an integer the way serde_json accepts one for an integer
 * field: no fraction, no exponent, and not `-0` (serde_json reads `-0` as a float).
 */
export function isIntegerToken(token: string): boolean {
  return /^-?(0|[1-9][0-9]*)$/.test(token) && token !== '-0';
}
