// Types for scripts/infra-policy.mjs (used by test/infra).
export const MIN_NODE_MAJOR: number;
export const FLEX_INSTANCE_BOUNDS: { min: number; max: number };
export const EMAIL_SENDER_ACTIONS: string[];
export const ACS_LOCAL_AUTH_API: string;
export const ACS_EMAIL_LOG_CATEGORIES: string[];
export const OPS_API_KEY_PARAMETER: { name: string; variable: string };
export function policyProblems(template: unknown, parametersFile: unknown): string[];
