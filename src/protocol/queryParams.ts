// AWS Query parameters arrive flat (`Subnets.member.1`, `Tags.member.2.Key`,
// `Attributes.entry.1.key`); this nests them into objects and arrays so that a schema can read
// them like a JSON body. Leaves stay strings (the schema converts numbers and booleans). Pure.

export type QueryValue = string | QueryValue[] | { [key: string]: QueryValue };

interface Node {
  value?: string;
  children: Map<string, Node>;
}

/** `{ 'A.member.1.B': 'x', 'C': 'y' }` -> `{ A: [{ B: 'x' }], C: 'y' }`. An empty list is sent
 *  as `A=` and stays the empty string. */
export function nestQueryParams(params: Record<string, string>): Record<string, QueryValue> {
  const root: Node = { children: new Map() };
  for (const [key, value] of Object.entries(params)) {
    let node = root;
    for (const segment of key.split('.')) {
      let child = node.children.get(segment);
      if (!child) node.children.set(segment, (child = { children: new Map() }));
      node = child;
    }
    node.value = value;
  }
  const out = convert(root);
  return typeof out === 'object' && !Array.isArray(out) ? out : {};
}

function convert(node: Node): QueryValue {
  if (node.children.size === 0) return node.value ?? '';
  const only = node.children.size === 1 ? [...node.children][0] : undefined;
  if (only && (only[0] === 'member' || only[0] === 'entry') && isIndexed(only[1])) {
    const items = [...only[1].children].sort(([a], [b]) => Number(a) - Number(b)).map(([, n]) => convert(n));
    return only[0] === 'member' ? items : entriesToObject(items);
  }
  return Object.fromEntries([...node.children].map(([k, n]) => [k, convert(n)]));
}

function isIndexed(node: Node): boolean {
  return node.children.size > 0 && [...node.children.keys()].every((k) => /^[1-9]\d*$/.test(k));
}

/** A map's `entry.N.key` / `entry.N.value` pairs as an object. */
function entriesToObject(entries: QueryValue[]): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {};
  for (const e of entries) {
    if (typeof e !== 'object' || Array.isArray(e)) continue;
    const key = e.key;
    if (typeof key === 'string') out[key] = e.value ?? '';
  }
  return out;
}
