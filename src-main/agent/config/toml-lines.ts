// Maps every key path of a TOML document to the line it is written on, from toml-patch's CST, so
// that errors and warnings can say `config.toml:12: workload.resource_limits.memory_mb: ...`.
// A path with no line of its own (a key that is missing) is given its nearest table's line.

// toml-patch does not export its CST node types, so only the fields read here are described.
interface Loc {
  start: { line: number; column: number };
}
interface KeyNode {
  value: string[];
}
interface KeyValueNode {
  type: 'KeyValue';
  loc: Loc;
  key: KeyNode;
  value: ValueNode;
}
interface TableNode {
  type: 'Table' | 'TableArray';
  loc: Loc;
  key: { item: KeyNode };
  items: CstNode[];
}
interface InlineItemNode {
  type: 'InlineItem';
  loc: Loc;
  item: CstNode;
}
interface ContainerValueNode {
  type: 'InlineTable' | 'InlineArray';
  loc: Loc;
  items: InlineItemNode[];
}
type ValueNode = ContainerValueNode | { type: string; loc: Loc };
type CstNode = KeyValueNode | TableNode | ValueNode;

export type KeyPath = readonly (string | number)[];

export interface KeyLines {
  /** The line of `path` itself, or of its closest ancestor that has one; undefined if none. */
  lineOf(path: KeyPath): number | undefined;
  /** The line of `path` itself only. */
  exactLineOf(path: KeyPath): number | undefined;
}

const id = (path: KeyPath) => JSON.stringify(path);

export function keyLines(cst: readonly unknown[]): KeyLines {
  const lines = new Map<string, number>();
  const tableArrayCounts = new Map<string, number>();
  const note = (path: KeyPath, line: number) => {
    // Dotted keys (`a.b.c = 1`) also define `a` and `a.b`; the first mention names the line.
    for (let i = 1; i <= path.length; i++) {
      const key = id(path.slice(0, i));
      if (!lines.has(key)) lines.set(key, line);
    }
  };

  const visitValue = (value: ValueNode, path: KeyPath) => {
    if (value.type === 'InlineTable') {
      for (const entry of (value as ContainerValueNode).items) visitKeyValue(entry.item as KeyValueNode, path);
    } else if (value.type === 'InlineArray') {
      (value as ContainerValueNode).items.forEach((entry, i) => {
        const itemPath = [...path, i];
        note(itemPath, entry.loc.start.line);
        visitValue(entry.item as ValueNode, itemPath);
      });
    }
  };
  const visitKeyValue = (kv: KeyValueNode, base: KeyPath) => {
    const path = [...base, ...kv.key.value];
    note(path, kv.loc.start.line);
    visitValue(kv.value, path);
  };

  for (const node of cst as readonly CstNode[]) {
    if (node.type === 'KeyValue') {
      visitKeyValue(node as KeyValueNode, []);
    } else if (node.type === 'Table' || node.type === 'TableArray') {
      const table = node as TableNode;
      let base: KeyPath = table.key.item.value;
      note(base, table.loc.start.line);
      if (node.type === 'TableArray') {
        const index = tableArrayCounts.get(id(base)) ?? 0;
        tableArrayCounts.set(id(base), index + 1);
        base = [...base, index];
        note(base, table.loc.start.line);
      }
      for (const item of table.items) if (item.type === 'KeyValue') visitKeyValue(item as KeyValueNode, base);
    }
  }

  const exactLineOf = (path: KeyPath) => lines.get(id(path));
  return {
    exactLineOf,
    lineOf(path) {
      for (let n = path.length; n > 0; n--) {
        const line = exactLineOf(path.slice(0, n));
        if (line !== undefined) return line;
      }
      return undefined;
    },
  };
}
