export interface FindElectronBinaryOptions {
  electronDir: string | null;
  env: Record<string, string | undefined>;
  exists?: (path: string) => boolean;
  readFile?: (path: string) => string;
}

export function findElectronBinary(options: FindElectronBinaryOptions): string | null;

export function electronPackage(root: string): { dir: string; version: string } | null;

export const HEADLESS_NOTICE: string;

export type StartPlan = { mode: 'electron'; binary: string; version: string } | { mode: 'headless' };

export function planStart(options: {
  electron: { dir: string; version: string } | null;
  env: Record<string, string | undefined>;
  exists?: (path: string) => boolean;
  readFile?: (path: string) => string;
}): StartPlan;
