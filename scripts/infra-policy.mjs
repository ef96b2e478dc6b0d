// The deployment rules `npm run check:infra` holds the compiled template to, beyond what the Bicep linter checks:
// what Microsoft's documentation requires of this app's resources (issue 13, "Runtime" and "Deployment"). Each rule
// reads the ARM JSON of infra/main.bicep, nested deployments (modules) included, and names what breaks it.
// test/infra/template.test.ts checks the same properties in detail and that each rule here fails a broken template.

/** Node.js 20 reached end of life on 2026-04-30; Flex Consumption offers 22 and later. */
export const MIN_NODE_MAJOR = 22;
/** Flex Consumption: "the lowest maximum scale is 40", the highest 1000. */
export const FLEX_INSTANCE_BOUNDS = { min: 40, max: 1000 };
/** Microsoft's least-privilege custom role for sending email with an Entra identity, as documented. */
export const EMAIL_SENDER_ACTIONS = [
  'Microsoft.Communication/CommunicationServices/Read',
  'Microsoft.Communication/CommunicationServices/Write',
  'Microsoft.Communication/EmailServices/write',
];
/** The first GA API version of communicationServices that has disableLocalAuth. */
export const ACS_LOCAL_AUTH_API = '2025-05-01';
/** The email log categories of a Communication Services resource (send, delivery status, user engagement). */
export const ACS_EMAIL_LOG_CATEGORIES = ['EmailSendMailOperational', 'EmailStatusUpdateOperational', 'EmailUserEngagementOperational'];
/** main.bicep's parameter for OPS_API_KEY, and the azd environment variable main.parameters.json maps to it. */
export const OPS_API_KEY_PARAMETER = { name: 'opsApiKey', variable: 'OPS_API_KEY' };

const resourcesOf = (template) => (Array.isArray(template.resources) ? template.resources : Object.values(template.resources ?? {}));

/**
 * Every resource with the template it is in and the scope chain up to main:
 * { resource, scope: { template, path (module names), passed (parameters as the parent passed them), parent } }.
 */
function allResources(template, scope = { template, path: [], passed: {}, parent: undefined }) {
  return resourcesOf(template).flatMap((resource) => {
    const here = { resource, scope };
    if (resource.type !== 'Microsoft.Resources/deployments' || !resource.properties?.template) return [here];
    const child = {
      template: resource.properties.template,
      path: [...scope.path, resource.name],
      passed: resource.properties.parameters ?? {},
      parent: scope,
    };
    return [here, ...allResources(resource.properties.template, child)];
  });
}

/** Where a resource is, for messages: its type and the module it is in. */
const where = ({ resource, scope }) => `${resource.type} in ${scope.path.length ? `module ${scope.path.join('/')}` : 'main'}`;

const wholeParameter = /^\[parameters\('([^']+)'\)\]$/;

/**
 * The parameter definitions a value goes through, from the module up to main, following "[parameters('x')]" as long as
 * each parent passes a plain parameter or a literal; `value` is the literal at the end, if there is one.
 */
function parameterChain(value, scope) {
  const chain = [];
  let current = value;
  let at = scope;
  for (;;) {
    const name = typeof current === 'string' ? wholeParameter.exec(current)?.[1] : undefined;
    if (!name) return { chain, value: current };
    const definition = at.template.parameters?.[name];
    chain.push({ name, definition });
    const passed = at.passed[name];
    if (!at.parent || passed === undefined) return { chain, value: definition?.defaultValue };
    current = typeof passed === 'string' ? passed : passed.value;
    at = at.parent;
  }
}

const sameActions = (a, b) => a.length === b.length && a.every((action) => b.some((other) => other.toLowerCase() === action.toLowerCase()));

function checkNodeRuntime(located) {
  const problems = [];
  const sites = located.filter(({ resource }) => resource.type === 'Microsoft.Web/sites' && resource.properties?.functionAppConfig);
  if (sites.length === 0) problems.push('no Flex Consumption function app (Microsoft.Web/sites with functionAppConfig) found');
  for (const site of sites) {
    const { resource, scope } = site;
    const runtime = resource.properties.functionAppConfig.runtime ?? {};
    const name = parameterChain(runtime.name, scope).value;
    if (name !== 'node') problems.push(`${where(site)}: runtime is ${JSON.stringify(name)}, not node`);
    const { chain, value } = parameterChain(runtime.version, scope);
    const versions = [value, ...chain.flatMap(({ definition }) => definition?.allowedValues ?? [])];
    for (const version of versions) {
      if (!(Number.parseInt(String(version), 10) >= MIN_NODE_MAJOR)) {
        problems.push(`${where(site)}: Node.js ${version} is offered or the default; Azure's supported versions start at ${MIN_NODE_MAJOR}`);
      }
    }
  }
  return problems;
}

function checkInstanceBounds(located) {
  const problems = [];
  for (const site of located) {
    const { resource, scope } = site;
    const count = resource.type === 'Microsoft.Web/sites' && resource.properties?.functionAppConfig?.scaleAndConcurrency?.maximumInstanceCount;
    if (count === undefined || count === false) continue;
    const { chain, value } = parameterChain(count, scope);
    for (const { name, definition } of chain) {
      if (!(definition?.minValue >= FLEX_INSTANCE_BOUNDS.min) || !(definition?.maxValue <= FLEX_INSTANCE_BOUNDS.max)) {
        problems.push(
          `parameter ${name} (maximumInstanceCount of ${where(site)}) allows ${definition?.minValue ?? '-∞'}..${definition?.maxValue ?? '∞'}; Flex Consumption accepts ${FLEX_INSTANCE_BOUNDS.min}..${FLEX_INSTANCE_BOUNDS.max}`,
        );
      }
    }
    if (typeof value === 'number' && (value < FLEX_INSTANCE_BOUNDS.min || value > FLEX_INSTANCE_BOUNDS.max)) {
      problems.push(`maximumInstanceCount of ${where(site)} is ${value}; Flex Consumption accepts ${FLEX_INSTANCE_BOUNDS.min}..${FLEX_INSTANCE_BOUNDS.max}`);
    }
  }
  return problems;
}

function checkEmailRole(located) {
  const roles = located.filter(({ resource }) => resource.type === 'Microsoft.Authorization/roleDefinitions');
  const emailRoles = roles.filter(({ resource }) =>
    (resource.properties?.permissions ?? []).some((p) => (p.actions ?? []).some((a) => /^Microsoft\.Communication\//i.test(a))),
  );
  if (emailRoles.length === 0) return ['no custom role for sending email (Microsoft.Communication actions) found'];
  return emailRoles.flatMap(({ resource }) => {
    const actions = resource.properties.permissions.flatMap((p) => p.actions ?? []);
    return sameActions(actions, EMAIL_SENDER_ACTIONS)
      ? []
      : [`email sender role has actions ${actions.join(', ')}; Microsoft's least-privilege email role has exactly ${EMAIL_SENDER_ACTIONS.join(', ')}`];
  });
}

function checkCommunicationServices(located) {
  const problems = [];
  const services = located.filter(({ resource }) => resource.type === 'Microsoft.Communication/communicationServices' && !resource.existing);
  if (services.length === 0) problems.push('no Communication Services resource found');
  for (const { resource } of services) {
    if (!(resource.apiVersion >= ACS_LOCAL_AUTH_API)) {
      problems.push(`communicationServices API ${resource.apiVersion} has no disableLocalAuth; use ${ACS_LOCAL_AUTH_API} or later`);
    }
    if (resource.properties?.disableLocalAuth !== true) problems.push('Communication Services keeps its access keys (disableLocalAuth is not true)');
  }
  const diagnostics = located.filter(
    ({ resource }) =>
      resource.type === 'Microsoft.Insights/diagnosticSettings' && /Microsoft\.Communication\/communicationServices/i.test(String(resource.scope)),
  );
  const categories = diagnostics.flatMap(({ resource, scope }) => {
    if (!resource.properties?.workspaceId) return [];
    const literal = (resource.properties.logs ?? []).filter((log) => log.enabled).map((log) => log.category);
    const looped = (resource.properties.copy ?? [])
      .filter((copy) => copy.name === 'logs' && copy.input?.enabled === true)
      .flatMap((copy) => {
        const variable = /^\[variables\('([^']+)'\)\[copyIndex\('logs'\)\]\]$/.exec(String(copy.input.category))?.[1];
        return variable ? (scope.template.variables?.[variable] ?? []) : [];
      });
    return [...literal, ...looped];
  });
  for (const category of ACS_EMAIL_LOG_CATEGORIES) {
    if (!categories.includes(category)) problems.push(`no diagnostic setting sends the Communication Services ${category} logs to a workspace`);
  }
  return problems;
}

function checkOpsApiKey(template, located, parametersFile) {
  const problems = [];
  const { name, variable } = OPS_API_KEY_PARAMETER;
  const parameter = template.parameters?.[name];
  if (parameter?.type?.toLowerCase() !== 'securestring') problems.push(`main.bicep parameter ${name} (OPS_API_KEY) is missing or not @secure()`);
  const mapped = parametersFile?.parameters?.[name]?.value;
  if (!new RegExp(`^\\$\\{${variable}(=[^}]*)?\\}$`).test(String(mapped))) {
    problems.push(`main.parameters.json does not fill ${name} from \${${variable}}, so azd cannot keep the key across provisions`);
  }
  const reference = `parameters('${name}')`;
  for (const [output, definition] of Object.entries(template.outputs ?? {})) {
    if (JSON.stringify(definition).includes(reference)) problems.push(`output ${output} carries ${name}`);
  }
  // Whatever module receives the key must take it as a secure parameter, or the deployment history shows it.
  for (const { resource } of located.filter(({ resource }) => resource.type === 'Microsoft.Resources/deployments')) {
    for (const [param, passed] of Object.entries(resource.properties?.parameters ?? {})) {
      if (!JSON.stringify(passed).includes(reference)) continue;
      const type = String(resource.properties.template?.parameters?.[param]?.type ?? '').toLowerCase();
      if (!type.startsWith('secure')) problems.push(`module ${resource.name} takes ${name} in parameter ${param}, which is not @secure()`);
    }
  }
  // A Key Vault reference in a setting resolves with the system-assigned identity unless the site names another.
  for (const site of located.filter(({ resource }) => resource.type === 'Microsoft.Web/sites' && resource.properties?.functionAppConfig)) {
    if (site.resource.identity?.type === 'UserAssigned' && !site.resource.properties.keyVaultReferenceIdentity) {
      problems.push(`${where(site)} has only a user-assigned identity but no keyVaultReferenceIdentity: a Key Vault reference in its settings cannot resolve`);
    }
  }
  return problems;
}

/**
 * What in the compiled main template (and infra/main.parameters.json, parsed) breaks the deployment rules above;
 * empty when nothing does.
 * @param {any} template ARM JSON of infra/main.bicep
 * @param {any} parametersFile the parsed parameters file
 * @returns {string[]}
 */
export function policyProblems(template, parametersFile) {
  const located = allResources(template);
  const problems = [
    ...checkNodeRuntime(located),
    ...checkInstanceBounds(located),
    ...checkEmailRole(located),
    ...checkCommunicationServices(located),
    ...checkOpsApiKey(template, located, parametersFile),
  ];
  return [...new Set(problems)];
}
