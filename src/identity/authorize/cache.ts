// Compiled policies, kept by (id, document text): compiling parses JSON and builds matchers, far
// more than a decision costs, so each document is compiled once. A changed document (a new default
// version, an edited inline policy) has new text under the same id and is compiled again; the
// cache is bounded so ids that come and go cannot grow it without end.
import { compilePolicy, type CompiledPolicy, type PolicyKind } from '../policy/index.js';

const DEFAULT_LIMIT = 10_000;

export class PolicyCache {
  private readonly entries = new Map<string, { text: string; policy: CompiledPolicy }>();
  private readonly limit: number;
  /** Compilations done, for tests that check the hot path does not compile. */
  compilations = 0;

  constructor(limit = DEFAULT_LIMIT) {
    this.limit = limit;
  }

  /** Throws MalformedPolicyDocumentError for a bad document: the caller fails closed. */
  compiled(id: string, text: string, kind: PolicyKind = 'identity'): CompiledPolicy {
    const key = `${kind}\n${id}`;
    const hit = this.entries.get(key);
    // Records read from the Store's in-memory copy hand out the same string each time, so this
    // comparison is usually a pointer check.
    if (hit && hit.text === text) return hit.policy;
    const policy = compilePolicy({ id, kind, document: text });
    this.compilations += 1;
    if (!hit && this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(key, { text, policy });
    return policy;
  }
}
