// The random source placement breaks ties with ([0, 1), like Math.random), drawn from the injected
// id generator so a test that fixes the ids fixes the placements too.
import type { Ids } from './clock.js';

export function randomFrom(ids: Ids): () => number {
  return () => parseInt(ids.hex(6), 16) / 2 ** 48;
}
