/** The Node.js major version the function app runs in Azure: infra/main.bicep `nodeVersion` (test/infra checks they agree). */
export const AZURE_NODE_MAJOR = 22;

/**
 * The start-up line for a local run on another Node.js major version than Azure's (`version` as in
 * `process.versions.node`, e.g. "20.19.0"), or undefined when the majors agree. The app still runs:
 * the line only says that what passes here has not yet run on the version Azure uses.
 */
export function nodeVersionNotice(version: string, azureMajor: number = AZURE_NODE_MAJOR): string | undefined {
  const major = Number.parseInt(version, 10);
  if (major === azureMajor) return undefined;
  return `  Node.js ${version} here; Azure runs Node.js ${azureMajor} (infra/main.bicep nodeVersion): run the tests on ${azureMajor} before you deploy.`;
}
