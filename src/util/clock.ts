// Time and identity are injected: domain code asks these, never Date.now() or crypto directly.
import { randomBytes, randomUUID } from 'node:crypto';

export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export interface Ids {
  uuid(): string;
  /** `bytes` random bytes as lower-case hex. */
  hex(bytes: number): string;
}

export const randomIds: Ids = {
  uuid: () => randomUUID(),
  hex: (bytes) => randomBytes(bytes).toString('hex'),
};
