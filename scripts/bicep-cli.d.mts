// Types for scripts/bicep-cli.mjs (used by test/infra).
export interface BicepCli {
  command: string;
  prefix: string[];
  kind: 'bicep' | 'az';
  source: string;
}
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  level: 'Error' | 'Warning' | 'Info' | 'Unknown';
  code: string;
  message: string;
}
export const BICEP_VERSION: string;
export const repoRoot: string;
export const infraDir: string;
export const mainBicep: string;
export function findBicepCli(env?: NodeJS.ProcessEnv): { cli: BicepCli | undefined; tried: string[] };
export function runBicep(cli: BicepCli, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }>;
export function bicepVersion(cli: BicepCli): Promise<[number, number, number] | undefined>;
export function parseDiagnostics(text: string): Diagnostic[];
export function bicepFiles(dir?: string): string[];
// The compiled ARM template is whatever JSON the Bicep CLI writes; the tests walk it dynamically.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function compileBicep(file?: string, cli?: BicepCli): Promise<{ template: any; diagnostics: Diagnostic[] }>;
