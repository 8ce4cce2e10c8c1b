// Task-level cpu and memory as ECS reads them ("1 vCPU", "0.25 vcpu", "2 GB", "512"), and
// Fargate's table of valid cpu/memory pairs.

/** CPU units from "1024", "1 vCPU" or "0.5 vcpu"; undefined when unreadable. */
export function parseCpu(value: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(vcpu)?\s*$/i.exec(value);
  if (!m?.[1]) return undefined;
  const amount = Number(m[1]);
  const units = m[2] ? amount * 1024 : amount;
  return Number.isInteger(units) && units > 0 ? units : undefined;
}

/** MiB from "2048", "2 GB" or "0.5GB"; undefined when unreadable. */
export function parseMemory(value: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(gb|mb|mib|gib)?\s*$/i.exec(value);
  if (!m?.[1]) return undefined;
  const amount = Number(m[1]);
  const gb = m[2] !== undefined && m[2].toLowerCase().startsWith('g');
  const mib = gb ? amount * 1024 : amount;
  return Number.isInteger(mib) && mib > 0 ? mib : undefined;
}

interface FargateSize {
  cpu: number;
  min: number;
  max: number;
  step: number;
  /** Exact values instead of a range, where the table lists them. */
  only?: readonly number[];
}

const GiB = 1024;

export const FARGATE_SIZES: readonly FargateSize[] = [
  { cpu: 256, min: 512, max: 2 * GiB, step: GiB, only: [512, GiB, 2 * GiB] },
  { cpu: 512, min: GiB, max: 4 * GiB, step: GiB },
  { cpu: 1024, min: 2 * GiB, max: 8 * GiB, step: GiB },
  { cpu: 2048, min: 4 * GiB, max: 16 * GiB, step: GiB },
  { cpu: 4096, min: 8 * GiB, max: 30 * GiB, step: GiB },
  { cpu: 8192, min: 16 * GiB, max: 60 * GiB, step: 4 * GiB },
  { cpu: 16384, min: 32 * GiB, max: 120 * GiB, step: 8 * GiB },
];

export function isFargateSize(cpu: number, memory: number): boolean {
  const size = FARGATE_SIZES.find((s) => s.cpu === cpu);
  if (!size) return false;
  if (size.only) return size.only.includes(memory);
  return memory >= size.min && memory <= size.max && (memory - size.min) % size.step === 0;
}
