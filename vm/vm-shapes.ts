/**
 * The instance shapes the VM recipe offers, and what follows from each: CPU architecture, default
 * size, swap, and which warehouses can run (SQL Server's image is amd64 only).
 */
import type { Dialect } from '../lib/warehouses.js';

export const SHAPE_KINDS = ['a1', 'x86'] as const;
export type ShapeKind = (typeof SHAPE_KINDS)[number];

export interface VmShape {
  /** OCI's shape name. */
  readonly ociShape: string;
  /** Docker's name for the CPU architecture. */
  readonly arch: 'arm64' | 'amd64';
  readonly defaultOcpus: number;
  readonly defaultMemoryGb: number;
  /** What a user should know about its cost. */
  readonly cost: string;
}

export const VM_SHAPES: Record<ShapeKind, VmShape> = {
  a1: {
    ociShape: 'VM.Standard.A1.Flex',
    arch: 'arm64',
    defaultOcpus: 4,
    defaultMemoryGb: 24,
    cost: 'Always Free up to 4 OCPUs and 24 GB in all A1 instances of the tenancy',
  },
  x86: {
    ociShape: 'VM.Standard.E5.Flex',
    arch: 'amd64',
    defaultOcpus: 2,
    defaultMemoryGb: 16,
    cost: 'billed per OCPU and GB hour (not Always Free)',
  },
};

/** The warehouse a shape runs when none is chosen: ClickHouse on ARM (the scale path), else the project's default. */
export const defaultWarehouseFor = (kind: ShapeKind): Dialect => (VM_SHAPES[kind].arch === 'arm64' ? 'clickhouse' : 'mssql');

/** Why a warehouse cannot run on a shape, or undefined when it can. */
export function warehouseRefusal(kind: ShapeKind, warehouse: Dialect): string | undefined {
  const shape = VM_SHAPES[kind];
  if (warehouse === 'mssql' && shape.arch !== 'amd64') {
    return `--warehouse mssql cannot run on --shape ${kind} (${shape.ociShape}, ${shape.arch}): SQL Server's image is amd64 only; choose clickhouse or postgres, or --shape x86.`;
  }
  return undefined;
}

/** Swap sized to the memory: a quarter of it, at least 2 GB and at most 8 GB. */
export const swapGbFor = (memoryGb: number): number => Math.min(8, Math.max(2, Math.round(memoryGb / 4)));
