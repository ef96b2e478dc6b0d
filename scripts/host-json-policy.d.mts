// Types for scripts/host-json-policy.mjs (used by test/infra).
export function hostJsonProblems(hostJson: unknown): string[];
