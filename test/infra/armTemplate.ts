// Reads a compiled ARM template the way the tests need it: every resource, those in nested deployments
// (Bicep modules) too, with enough context to follow a module parameter back to the value its parent passed.

/** A resource as ARM JSON has it; expressions are strings such as "[parameters('name')]". */
export interface ArmResource {
  type: string;
  name: string;
  apiVersion?: string;
  location?: unknown;
  tags?: unknown;
  kind?: unknown;
  sku?: any;
  identity?: any;
  scope?: string;
  condition?: unknown;
  existing?: boolean;
  properties?: any;
  dependsOn?: unknown;
}

/** A template with the values its parent passed to it, so that parameters('x') can be followed upwards. */
export interface Scope {
  template: any;
  /** the module (deployment) names from the root to here, e.g. ['api'] */
  path: string[];
  /** the parameters as the parent passed them: { x: { value } } or an expression string per parameter */
  passed: Record<string, unknown>;
  parent?: Scope;
}

export interface Located {
  resource: ArmResource;
  scope: Scope;
}

const resourcesOf = (template: any): ArmResource[] => (Array.isArray(template.resources) ? template.resources : Object.values(template.resources ?? {}));

/** Every resource of the template and of its nested deployments, depth first. */
export function allResources(template: any, scope: Scope = { template, path: [], passed: {} }): Located[] {
  const found: Located[] = [];
  for (const resource of resourcesOf(template)) {
    found.push({ resource, scope });
    if (resource.type === 'Microsoft.Resources/deployments' && resource.properties?.template) {
      const child: Scope = {
        template: resource.properties.template,
        path: [...scope.path, resource.name],
        passed: resource.properties.parameters ?? {},
        parent: scope,
      };
      found.push(...allResources(resource.properties.template, child));
    }
  }
  return found;
}

/** Every output of the template and of its nested deployments. */
export function allOutputs(template: any, path: string[] = []): { path: string[]; name: string; output: any }[] {
  const here = Object.entries(template.outputs ?? {}).map(([name, output]) => ({ path, name, output }));
  const nested = resourcesOf(template)
    .filter((r) => r.type === 'Microsoft.Resources/deployments' && r.properties?.template)
    .flatMap((r) => allOutputs(r.properties.template, [...path, r.name]));
  return [...here, ...nested];
}

const wholeParameter = /^\[parameters\('([^']+)'\)\]$/;
const wholeVariable = /^\[variables\('([^']+)'\)((?:\.[A-Za-z_][\w]*)*)\]$/;

/**
 * Follows a value as far as plain references allow: a module's "[parameters('x')]" to what the parent passed
 * (or the default), "[variables('x').y]" to the variable; main's own parameters stay as they are. Anything else (a function call) comes back as it is.
 * Objects and arrays are resolved member by member.
 */
export function resolve(value: unknown, scope: Scope): unknown {
  if (Array.isArray(value)) return value.map((item) => resolve(item, scope));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(item, scope)]));
  }
  if (typeof value !== 'string') return value;
  const parameter = wholeParameter.exec(value);
  if (parameter) {
    const name = parameter[1]!;
    const passed = scope.passed[name];
    if (passed !== undefined && scope.parent) {
      if (typeof passed === 'string') return passed; // the parent passed an expression for { value }
      return resolve((passed as { value: unknown }).value, scope.parent);
    }
    if (!scope.parent) return value; // main's own parameters are the deployment's inputs: keep them as they are
    const definition = scope.template.parameters?.[name];
    return definition && 'defaultValue' in definition ? resolve(definition.defaultValue, scope) : value;
  }
  const variable = wholeVariable.exec(value);
  if (variable) {
    let resolved: any = scope.template.variables?.[variable[1]!];
    if (resolved === undefined) return value;
    for (const member of variable[2]!.split('.').filter(Boolean)) resolved = resolved?.[member];
    return resolve(resolved, scope);
  }
  return value;
}

/**
 * Evaluates "[format('…{0}…', a, b)]" when every argument is a reference `resolve` follows to a string or a number
 * (Bicep compiles string interpolation to this); any other value comes back as `resolve` gives it.
 */
export function expand(value: unknown, scope: Scope): unknown {
  const resolved = resolve(value, scope);
  if (typeof resolved !== 'string') return resolved;
  const call = /^\[format\('((?:[^']|'')*)'((?:, *[^,]+)*)\)\]$/s.exec(resolved);
  if (!call) return resolved;
  const args = [...call[2]!.matchAll(/, *([^,]+)/g)].map((m) => resolve(`[${m[1]!.trim()}]`, scope));
  const plain = (arg: unknown) => typeof arg === 'number' || (typeof arg === 'string' && !arg.startsWith('['));
  if (!args.every(plain)) return resolved; // an argument that is itself a function call: not evaluated here
  return call[1]!.replace(/''/g, "'").replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)]));
}
