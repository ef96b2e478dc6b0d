// Policy tests on the compiled template: infra/main.bicep is built to ARM JSON once with the real Bicep CLI,
// and every resource, those inside modules (nested deployments) too, is checked against what issue 5 and
// README ("Configuration", "Deploy to Azure") require. Without a Bicep CLI the suite is skipped with a
// reason; in CI (CI set) it fails instead.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AZURE_NODE_MAJOR } from '@security-event-intake/local-host';
import { compileBicep, findBicepCli, infraDir } from '../../scripts/bicep-cli.mjs';
import { TABLES } from '../../src/composition';
import { DELIVERY_REPORT_EVENT, DELIVERY_REPORT_QUEUE } from '../../src/queueMessages/deliveryReportMessage';
import { allOutputs, allResources, expand, resolve, type Located } from './armTemplate';
import { policyProblems } from '../../scripts/infra-policy.mjs';
import { hostJsonProblems } from '../../scripts/host-json-policy.mjs';

const { cli, tried } = findBicepCli();
const reason = `no Bicep CLI found (looked at ${tried.join('; ')}); run .ci/install-bicep.sh or set BICEP_CLI`;
if (!cli) console.warn(`test/infra: ${reason}. ${process.env.CI ? 'CI is set: failing.' : 'Skipping the template tests.'}`);

// In CI the template must be checked: a missing CLI is a failure there, not a skip.
it('has a Bicep CLI to check the template with (required in CI)', () => {
  if (!cli && process.env.CI) expect.fail(`test/infra: ${reason}`);
});

const ROLE = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb',
  storageQueueDataMessageSender: 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a',
};

/** The settings README's "Configuration" names that Azure must set (OPS_API_KEY and the local-only ones excluded). */
const DOCUMENTED_SETTINGS = [
  'ACS_ENDPOINT',
  'EMAIL_SENDER',
  'SLA_TIME_ZONE',
  'SLA_WORKDAYS',
  'SLA_HOLIDAYS',
  'SLA_EXTRA_HOLIDAYS',
  'SLA_SWEEP_SCHEDULE',
  'PUBLIC_BASE_URL',
  'SUBMISSION_LIMIT_PER_CLIENT_MINUTE',
  'EMAIL_HOURLY_LIMIT_PER_RECIPIENT',
  'OPS_NOTIFY_EMAIL',
];
const HOST_SETTINGS = [
  'AzureWebJobsStorage__credential',
  'AzureWebJobsStorage__clientId',
  'AzureWebJobsStorage__blobServiceUri',
  'AzureWebJobsStorage__queueServiceUri',
  'AzureWebJobsStorage__tableServiceUri',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'APPLICATIONINSIGHTS_AUTHENTICATION_STRING',
  'AZURE_CLIENT_ID',
];
/** Settings the Flex Consumption plan refuses or ignores (AZURE-FACTS.md). */
const FORBIDDEN_ON_FLEX = [
  'FUNCTIONS_WORKER_RUNTIME',
  'FUNCTIONS_EXTENSION_VERSION',
  'WEBSITE_NODE_DEFAULT_VERSION',
  'WEBSITE_RUN_FROM_PACKAGE',
  'WEBSITE_CONTENTSHARE',
  'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING',
  'SCM_DO_BUILD_DURING_DEPLOYMENT',
  'ENABLE_ORYX_BUILD',
  'WEBSITE_TIME_ZONE',
  'TZ',
];

/** Minutes of an ISO 8601 duration such as PT30M or PT1H. */
function minutes(duration: unknown): number {
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(String(duration));
  if (!match || (!match[1] && !match[2])) throw new Error(`not a duration in hours and minutes: ${String(duration)}`);
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}

describe('host.json', () => {
  const hostJson = JSON.parse(readFileSync(join(infraDir, '..', 'host.json'), 'utf8'));

  it('keeps Host.Results at Information, so every run of a function is a requests row (the missed-sweep alert counts them)', () => {
    expect(hostJson.logging.logLevel['Host.Results']).toBe('Information');
    expect(hostJsonProblems(hostJson)).toEqual([]);
  });

  it('keeps requests and traces out of sampling: the alert rules count sweep runs and alert lines, every one', () => {
    const excluded = String(hostJson.logging.applicationInsights.samplingSettings.excludedTypes).split(';');
    expect(excluded).toEqual(expect.arrayContaining(['Request', 'Trace']));
  });

  it('is refused by the policy check when a run would write no requests row or sampling could drop one', () => {
    const withLevel = (level: string) => ({ logging: { logLevel: { default: 'Information', 'Host.Results': level, Function: 'Information' } } });
    expect(hostJsonProblems(withLevel('Error'))).toEqual([expect.stringMatching(/"Host\.Results" is Error; keep it at Information/)]);
    expect(hostJsonProblems(withLevel('Information'))).toEqual([]);
    expect(hostJsonProblems({ logging: { logLevel: { default: 'Warning' } } })).toHaveLength(1);
    expect(hostJsonProblems({ logging: { logLevel: { Function: 'Error' } } })).toEqual([expect.stringMatching(/alert lines are warnings/)]);
    const sampled = { logging: { applicationInsights: { samplingSettings: { isEnabled: true, excludedTypes: 'Request' } } } };
    expect(hostJsonProblems(sampled)).toEqual([expect.stringMatching(/drop Trace/)]);
  });
});

describe.skipIf(!cli)('infra/main.bicep compiled to ARM', () => {
  let template: any;
  let resources: Located[];
  const ofType = (type: string) => resources.filter((l) => l.resource.type.toLowerCase() === type.toLowerCase() && !l.resource.existing);
  const one = (type: string) => {
    const found = ofType(type);
    expect(found, type).toHaveLength(1);
    return found[0]!;
  };
  const module = (name: string) => {
    const found = resources.find((l) => l.resource.type === 'Microsoft.Resources/deployments' && l.resource.name === name);
    if (!found) throw new Error(`no module deployment named ${name}`);
    return found.resource;
  };
  /** The function app's settings: the object main passes, plus the names the settings module adds by expression. */
  const appSettings = () => {
    const config = ofType('Microsoft.Web/sites/config').find((l) => String(l.resource.name).includes("'appsettings'"));
    if (!config) throw new Error('no appsettings resource');
    expect(config.resource.properties).toMatch(/^\[union\(parameters\('properties'\), parameters\('authProperties'\), parameters\('secretProperties'\), /);
    const settings = resolve("[parameters('properties')]", config.scope) as Record<string, unknown>;
    const added = [...String(config.resource.properties).matchAll(/createObject\('([^']+)'/g)].map((m) => m[1]!);
    const conditional = String(resolve("[parameters('authProperties')]", config.scope));
    const secret = String(resolve("[parameters('secretProperties')]", config.scope));
    const conditionalNames = [...`${conditional} ${secret}`.matchAll(/createObject\('([A-Z][A-Za-z0-9_]+)'/g)].map((m) => m[1]!);
    return { settings, names: [...Object.keys(settings), ...added, ...conditionalNames], config, conditional, secret };
  };

  beforeAll(async () => {
    ({ template } = await compileBicep(join(infraDir, 'main.bicep'), cli));
    resources = allResources(template);
  }, 120_000);

  it('deploys at subscription scope into a resource group named rg-<environment>', () => {
    expect(template.$schema).toContain('subscriptionDeploymentTemplate');
    const rg = one('Microsoft.Resources/resourceGroups');
    expect(resolve(rg.resource.name, rg.scope)).toBe("[format('{0}{1}', variables('abbrs').resourcesResourceGroups, parameters('environmentName'))]");
    expect(resolve("[variables('abbrs')]", { template, path: [], passed: {} })).toMatchObject({ resourcesResourceGroups: 'rg-' });
    expect(template.variables.resourceToken).toBe("[toLower(uniqueString(subscription().id, parameters('environmentName'), parameters('location')))]");
  });

  describe('storage', () => {
    it('accepts Entra ID only, over HTTPS and TLS 1.2, with no public blob access', () => {
      const accounts = ofType('Microsoft.Storage/storageAccounts');
      expect(accounts).toHaveLength(1);
      for (const { resource } of accounts) {
        expect(resource.properties).toMatchObject({
          allowSharedKeyAccess: false,
          allowBlobPublicAccess: false,
          minimumTlsVersion: 'TLS1_2',
          supportsHttpsTrafficOnly: true,
        });
      }
    });

    it('creates the tables, the queues with their poison queues and the private deployment container', () => {
      const names = (type: string, parameter: string) => ofType(type).flatMap((l) => resolve(`[parameters('${parameter}')]`, l.scope) as string[]);
      // Every table the app uses (src/composition.ts), and no other.
      expect(names('Microsoft.Storage/storageAccounts/tableServices/tables', 'tableNames').sort()).toEqual(Object.values(TABLES).sort());
      expect(names('Microsoft.Storage/storageAccounts/queueServices/queues', 'queueNames').sort()).toEqual([
        'email-delivery-reports',
        'email-delivery-reports-poison',
        'ticket-notifications',
        'ticket-notifications-poison',
      ]);
      const containers = ofType('Microsoft.Storage/storageAccounts/blobServices/containers');
      expect(names('Microsoft.Storage/storageAccounts/blobServices/containers', 'blobContainerNames')).toEqual(['app-package']);
      for (const { resource } of containers) expect(resource.properties.publicAccess).toBe('None');
    });
  });

  describe('function app', () => {
    it('runs on a Linux Flex Consumption plan', () => {
      const plan = one('Microsoft.Web/serverfarms').resource;
      expect(plan.sku).toEqual({ name: 'FC1', tier: 'FlexConsumption' });
      expect(plan.properties.reserved).toBe(true);
      const { resource: site } = one('Microsoft.Web/sites');
      expect(site.kind).toBe('functionapp,linux');
      expect(site.properties.httpsOnly).toBe(true);
    });

    it("runs Node.js 22, the version the local host and CI treat as Azure's (Node.js 20 is past its end of life)", () => {
      const { resource: site, scope } = one('Microsoft.Web/sites');
      expect(resolve(site.properties.functionAppConfig.runtime, scope)).toEqual({ name: 'node', version: "[parameters('nodeVersion')]" });
      expect(template.parameters.nodeVersion).toMatchObject({ defaultValue: '22', allowedValues: ['22'] });
      expect(template.parameters.nodeVersion.defaultValue).toBe(String(AZURE_NODE_MAJOR));
      const moduleDefault = module('api').properties.template.parameters.runtimeVersion;
      expect(moduleDefault).toMatchObject({ defaultValue: '22', allowedValues: ['22'] });
    });

    it('runs as the user-assigned identity, which also fetches the deployment package', () => {
      const { resource: site, scope } = one('Microsoft.Web/sites');
      expect(site.identity.type).toBe('UserAssigned');
      const storage = site.properties.functionAppConfig.deployment.storage;
      expect(storage.type).toBe('blobContainer');
      expect(storage.authentication.type).toBe('UserAssignedIdentity');
      const identityId = resolve(storage.authentication.userAssignedIdentityResourceId, scope);
      expect(identityId).toContain("'identity'), '2025-04-01').outputs.resourceId.value");
      expect(resolve(storage.value, scope)).toMatch(
        /^\[format\('\{0\}\{1\}', reference\(.*'storage'\), '2025-04-01'\)\.outputs\.primaryBlobEndpoint\.value, variables\('app'\)\.deploymentContainer\)\]$/,
      );
      expect(template.variables.app.deploymentContainer).toBe('app-package');
    });

    it('sets no site property that Flex Consumption refuses', () => {
      const siteConfig = one('Microsoft.Web/sites').resource.properties.siteConfig ?? {};
      for (const key of ['alwaysOn', 'linuxFxVersion', 'windowsFxVersion', 'appSettings', 'connectionStrings']) {
        expect(siteConfig, key).not.toHaveProperty(key);
      }
    });

    it('keeps the queue function always ready only on request (off by default)', () => {
      expect(template.parameters.queueAlwaysReady.defaultValue).toBe(false);
      const passed = module('api').properties.parameters.alwaysReady;
      expect(passed).toMatch(/^\[if\(parameters\('queueAlwaysReady'\)/);
      expect(passed).toContain("format('function:{0}', variables('app').notificationFunction)");
      expect(template.variables.app.notificationFunction).toBe('sendNotification');
    });

    it('scales to at most maximumInstanceCount instances, which may be only 40 to 1000 (Flex refuses a lower maximum)', () => {
      const { resource: site, scope } = one('Microsoft.Web/sites');
      expect(resolve(site.properties.functionAppConfig.scaleAndConcurrency.maximumInstanceCount, scope)).toBe("[parameters('maximumInstanceCount')]");
      expect(template.parameters.maximumInstanceCount).toMatchObject({ type: 'int', defaultValue: 40, minValue: 40, maxValue: 1000 });
      expect(module('api').properties.template.parameters.maximumInstanceCount).toMatchObject({ minValue: 40, maxValue: 1000 });
    });

    it('carries azd-service-name api, and the Static Web App azd-service-name web', () => {
      expect(module('api').properties.parameters.tags.value).toBe("[union(variables('tags'), createObject('azd-service-name', 'api'))]");
      expect(module('web').properties.parameters.tags.value).toBe("[union(variables('tags'), createObject('azd-service-name', 'web'))]");
    });
  });

  describe('app settings', () => {
    it("are exactly the host's identity-based settings, the settings README documents, WEB_ORIGIN and, when given, OPS_API_KEY", () => {
      const { names } = appSettings();
      expect(new Set(names)).toEqual(
        new Set([...HOST_SETTINGS, ...DOCUMENTED_SETTINGS, 'WEB_ORIGIN', 'APP_SERVICE_AUTH_ENABLED', 'OPS_API_KEY', 'FUNCTIONS_REQUEST_BODY_SIZE_LIMIT']),
      );
      expect(names).toHaveLength(new Set(names).size);
    });

    it('use the managed identity for storage and telemetry', () => {
      const { settings } = appSettings();
      expect(settings.AzureWebJobsStorage__credential).toBe('managedidentity');
      const clientId = settings.AZURE_CLIENT_ID;
      expect(clientId).toContain("'identity'), '2025-04-01').outputs.clientId.value");
      expect(settings.AzureWebJobsStorage__clientId).toBe(clientId);
      for (const service of ['Blob', 'Queue', 'Table']) {
        expect(settings[`AzureWebJobsStorage__${service.toLowerCase()}ServiceUri`]).toContain(`outputs.primary${service}Endpoint.value`);
      }
      expect(settings.APPLICATIONINSIGHTS_AUTHENTICATION_STRING).toMatch(/^\[format\('Authorization=AAD;ClientId=\{0\}'.*outputs\.clientId\.value\)\]$/);
    });

    it('hold no connection string, key or secret in plain parameters, and nothing Flex Consumption refuses', () => {
      const { names, settings, config } = appSettings();
      expect(names).not.toContain('AzureWebJobsStorage');
      expect(Object.keys(settings)).not.toContain('OPS_API_KEY'); // only through the secure parameter, below
      expect(names).not.toContain('ACS_CONNECTION_STRING');
      expect(names).not.toContain('WEBSITE_AUTH_ENABLED'); // the platform injects it; faking it would trust forged headers
      for (const forbidden of FORBIDDEN_ON_FLEX) expect(names).not.toContain(forbidden);
      const text = JSON.stringify(settings) + String(config.resource.properties);
      expect(text).not.toMatch(/listKeys|listConnectionStrings|listSecrets|AccountKey|SharedAccessSignature|InstrumentationKey=|DefaultEndpointsProtocol/i);
    });

    it('take ACS_ENDPOINT and EMAIL_SENDER from Communication Services and the SLA settings from parameters', () => {
      const { settings } = appSettings();
      expect(settings.ACS_ENDPOINT).toContain("'communication-email'), '2025-04-01').outputs.endpoint.value");
      expect(settings.EMAIL_SENDER).toContain("'communication-email'), '2025-04-01').outputs.senderAddress.value");
      expect(settings).toMatchObject({
        SLA_TIME_ZONE: "[parameters('slaTimeZone')]",
        SLA_WORKDAYS: "[parameters('slaWorkdays')]",
        SLA_HOLIDAYS: "[parameters('slaHolidays')]",
        SLA_EXTRA_HOLIDAYS: "[parameters('slaExtraHolidays')]",
        SLA_SWEEP_SCHEDULE: "[parameters('slaSweepSchedule')]",
      });
      expect(template.parameters.slaSweepSchedule.defaultValue).toBe('0 */5 * * * *');
    });

    it("send the operators' emails (OPS_NOTIFY_EMAIL) to the alerts' mailbox, the parameter opsAlertEmail (OPS_ALERT_EMAIL)", () => {
      expect(appSettings().settings.OPS_NOTIFY_EMAIL).toBe("[parameters('opsAlertEmail')]");
      const parameters = JSON.parse(readFileSync(join(infraDir, 'main.parameters.json'), 'utf8')).parameters;
      expect(parameters.opsAlertEmail.value).toBe('${OPS_ALERT_EMAIL}');
    });

    it("take the abuse limits from parameters, with the app's defaults and the contract's bounds", () => {
      const { settings } = appSettings();
      expect(settings).toMatchObject({
        SUBMISSION_LIMIT_PER_CLIENT_MINUTE: "[string(parameters('submissionLimitPerClientMinute'))]",
        EMAIL_HOURLY_LIMIT_PER_RECIPIENT: "[string(parameters('emailHourlyLimitPerRecipient'))]",
      });
      expect(template.parameters.submissionLimitPerClientMinute).toMatchObject({ type: 'int', defaultValue: 120, minValue: 0, maxValue: 1000 });
      expect(template.parameters.emailHourlyLimitPerRecipient).toMatchObject({ type: 'int', defaultValue: 10, minValue: 1, maxValue: 100 });
    });

    it("take OPS_API_KEY from the secure parameter opsApiKey (OPS_API_KEY in azd's environment), so a provision keeps it", () => {
      expect(template.parameters.opsApiKey).toMatchObject({ type: 'securestring', defaultValue: '' });
      const parameters = JSON.parse(readFileSync(join(infraDir, 'main.parameters.json'), 'utf8')).parameters;
      expect(parameters.opsApiKey.value).toBe('${OPS_API_KEY=}');
      // Set only when given, and into a secure object: the value stays out of the deployment history.
      expect(appSettings().secret).toBe(
        "[if(empty(parameters('opsApiKey')), createObject('value', createObject()), createObject('value', createObject('OPS_API_KEY', parameters('opsApiKey'))))]",
      );
      expect(module('api-settings').properties.template.parameters.secretProperties).toMatchObject({ type: 'secureObject', defaultValue: {} });
      const text = JSON.stringify(template);
      expect(text.match(/parameters\('opsApiKey'\)/g)).toHaveLength(2); // the two in that one expression, nowhere else
    });

    it("let a Key Vault reference in a setting resolve with the app's user-assigned identity (keyVaultReferenceIdentity)", () => {
      const { resource: site, scope } = one('Microsoft.Web/sites');
      const identityId = resolve(site.properties.keyVaultReferenceIdentity, scope);
      expect(identityId).toContain("'identity'), '2025-04-01').outputs.resourceId.value");
      expect(identityId).toBe(resolve(site.properties.functionAppConfig.deployment.storage.authentication.userAssignedIdentityResourceId, scope));
    });

    it("cap the body the host buffers before the app's own limit at 1 MiB (FUNCTIONS_REQUEST_BODY_SIZE_LIMIT; the host's default is 100 MB)", () => {
      expect(appSettings().settings.FUNCTIONS_REQUEST_BODY_SIZE_LIMIT).toBe('1048576');
    });

    it('point PUBLIC_BASE_URL at the function app and WEB_ORIGIN at the Static Web App', () => {
      const { settings } = appSettings();
      expect(settings.PUBLIC_BASE_URL).toMatch(/^\[format\('https:\/\/\{0\}', reference\(.*'api'\), '2025-04-01'\)\.outputs\.defaultHostname\.value\)\]$/);
      expect(settings.WEB_ORIGIN).toMatch(/^\[format\('https:\/\/\{0\}', reference\(.*'web'\), '2025-04-01'\)\.outputs\.defaultHostname\.value\)\]$/);
    });
  });

  it("lets CORS allow exactly the web form's origin, without credentials", () => {
    const { resource: site, scope } = one('Microsoft.Web/sites');
    const origins = resolve(site.properties.siteConfig.cors.allowedOrigins, scope) as string[];
    expect(origins).toEqual([appSettings().settings.WEB_ORIGIN]);
    expect(origins.join()).not.toContain('*');
    expect(site.properties.siteConfig.cors.supportCredentials).toBe(false);
  });

  describe('App Service Authentication', () => {
    it('validates Entra ID tokens for the given app registration only when one is given, and lets anonymous requests through', () => {
      const auth = ofType('Microsoft.Web/sites/config').find((l) => String(l.resource.name).includes("'authsettingsV2'"));
      if (!auth) throw new Error('no authsettingsV2 resource');
      expect(auth.resource.condition).toBe("[not(empty(parameters('authClientId')))]");
      expect(resolve("[parameters('authClientId')]", auth.scope)).toBe("[parameters('operatorAuthClientId')]");
      expect(template.parameters.operatorAuthClientId.defaultValue).toBe('');
      const properties = auth.resource.properties;
      expect(properties.platform.enabled).toBe(true);
      expect(properties.globalValidation).toEqual({
        requireAuthentication: false,
        unauthenticatedClientAction: 'AllowAnonymous',
        redirectToProvider: 'azureActiveDirectory',
      });
      expect(properties.identityProviders.azureActiveDirectory.enabled).toBe(true);
      expect(properties.identityProviders.azureActiveDirectory.registration.clientId).toBe("[parameters('authClientId')]");
    });

    it("signs operators in in a browser for the console: the registration's ID tokens accepted, back only to this host, nonce checked", () => {
      const auth = ofType('Microsoft.Web/sites/config').find((l) => String(l.resource.name).includes("'authsettingsV2'"));
      if (!auth) throw new Error('no authsettingsV2 resource');
      const { properties } = auth.resource;
      const aad = properties.identityProviders.azureActiveDirectory;
      // The browser's sign-in is an ID token, whose audience is the client ID; the API's access tokens are for api://<client ID>.
      expect(aad.validation.allowedAudiences).toEqual(["[format('api://{0}', parameters('authClientId'))]", "[parameters('authClientId')]"]);
      expect(aad.registration.openIdIssuer).toMatch(/v2\.0/);
      // No client secret: the platform signs in with the ID token alone (the app registration issues ID tokens), so no
      // secret setting exists to leak or expire.
      expect(aad.registration.clientSecretSettingName).toBeUndefined();
      // /.auth/login/aad?post_login_redirect_uri= and /.auth/logout go back only to paths of this host: no open redirect.
      expect(properties.login.allowedExternalRedirectUrls).toEqual([]);
      expect(properties.login.nonce.validateNonce).toBe(true);
      expect(properties.login.tokenStore.enabled).toBe(false);
      expect(properties.login.cookieExpiration).toEqual({ convention: 'FixedTime', timeToExpiration: '12:00:00' });
      expect(properties.httpSettings.requireHttps).toBe(true);
      // Public routes stay public: the submit form and the reporter's status link need no sign-in.
      expect(properties.globalValidation.requireAuthentication).toBe(false);
      expect(properties.globalValidation.excludedPaths).toBeUndefined();
    });

    it('tells the app (APP_SERVICE_AUTH_ENABLED) exactly when it is configured', () => {
      expect(appSettings().conditional).toBe(
        "[if(empty(parameters('operatorAuthClientId')), createObject('value', createObject()), createObject('value', createObject('APP_SERVICE_AUTH_ENABLED', 'true')))]",
      );
    });
  });

  describe('role assignments', () => {
    const assignments = () => ofType('Microsoft.Authorization/roleAssignments');
    /** The built-in role's ID, written in the assignment or in a variable of its module. */
    const builtInRole = (l: Located) => {
      const id = String(l.resource.properties.roleDefinitionId);
      const variable = /roleDefinitions', variables\('(\w+)'\)\)\]$/.exec(id)?.[1];
      return variable ? String(resolve(`[variables('${variable}')]`, l.scope)) : /roleDefinitions', '([0-9a-f-]{36})'\)\]$/.exec(id)?.[1];
    };

    it('grant exactly blob owner, queue and table contributor on the storage account, metrics publishing on Application Insights and email sending on ACS', () => {
      const apiRoles = assignments().filter((l) => l.scope.path.join('/') === 'role-assignments-api');
      const byScope = apiRoles.map((l) => [builtInRole(l) ?? String(resolve(l.resource.properties.roleDefinitionId, l.scope)), l.resource.scope]);
      const storageScope = "[resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName'))]";
      expect(byScope).toEqual([
        [ROLE.storageBlobDataOwner, storageScope],
        [ROLE.storageQueueDataContributor, storageScope],
        [ROLE.storageTableDataContributor, storageScope],
        [ROLE.monitoringMetricsPublisher, "[resourceId('Microsoft.Insights/components', parameters('applicationInsightsName'))]"],
        [
          expect.stringContaining("'email-sender-role'), '2025-04-01').outputs.resourceId.value"),
          "[resourceId('Microsoft.Communication/communicationServices', parameters('communicationServiceName'))]",
        ],
      ]);
    });

    it('use no role but those, and name each assignment from its scope, principal and role', () => {
      const allowed = new Set(Object.values(ROLE));
      for (const l of assignments()) {
        const role = builtInRole(l);
        if (role) expect(allowed.has(role), role).toBe(true);
        else expect(String(resolve(l.resource.properties.roleDefinitionId, l.scope))).toContain("'email-sender-role')");
        // A system-assigned identity's principal ID is known only after deployment: its topic names the assignment.
        expect(l.resource.name).toMatch(
          /^\[guid\(resourceId\(.*(parameters\('principalId'\), '[\w-]+'|resourceId\('Microsoft\.EventGrid\/systemTopics', parameters\('name'\)\), variables\('\w+'\))\)\]$/,
        );
        expect(l.resource.scope).toMatch(/^\[resourceId\('Microsoft\.(Storage|Insights|Communication)\//);
      }
    });

    it("grant the identity's principal, and the deployer only when asked", () => {
      expect(module('role-assignments-api').properties.parameters.principalId.value).toContain("'identity'), '2025-04-01').outputs.principalId.value");
      expect(module('role-assignments-deployer').condition).toBe("[and(parameters('grantDeployerDataAccess'), not(empty(parameters('principalId'))))]");
      expect(template.parameters.grantDeployerDataAccess.defaultValue).toBe(false);
    });

    it("define the email sender role as Microsoft's least-privilege email role (its three actions), assignable in the resource group", () => {
      const { resource } = one('Microsoft.Authorization/roleDefinitions');
      expect(resource.properties.type).toBe('CustomRole');
      expect(resource.properties.permissions).toEqual([
        {
          actions: [
            'Microsoft.Communication/CommunicationServices/Read',
            'Microsoft.Communication/CommunicationServices/Write',
            'Microsoft.Communication/EmailServices/write',
          ],
        },
      ]);
      expect(resource.properties.assignableScopes).toEqual(['[resourceGroup().id]']);
    });
  });

  describe('Communication Services', () => {
    it('links an Azure-managed email domain and exposes https://<hostName> as the endpoint', () => {
      const domains = ofType('Microsoft.Communication/emailServices/domains');
      const managed = domains.filter((l) => l.resource.properties.domainManagement === 'AzureManaged');
      expect(managed).toHaveLength(1);
      expect(managed[0]!.resource.condition).toBeUndefined();
      const acs = one('Microsoft.Communication/communicationServices').resource;
      expect(acs.properties.linkedDomains).toMatch(
        /createArray\(resourceId\('Microsoft\.Communication\/emailServices\/domains', parameters\('emailServiceName'\), 'AzureManagedDomain'\)\)\)\]$/,
      );
      const outputs = module('communication-email').properties.template.outputs;
      expect(outputs.endpoint.value).toMatch(/^\[format\('https:\/\/\{0\}', reference\(.*\)\.hostName\)\]$/);
      expect(outputs.senderAddress.value).toContain('mailFromSenderDomain');
      expect(module('communication-email').properties.template.parameters.senderLocalPart.defaultValue).toBe('DoNotReply');
    });

    it('accepts Entra ID only: access keys off (disableLocalAuth, API 2025-05-01), and the app is given the endpoint, never a key', () => {
      const acs = one('Microsoft.Communication/communicationServices').resource;
      expect(acs.apiVersion).toBe('2025-05-01');
      expect(acs.properties.disableLocalAuth).toBe(true);
      const { names, settings } = appSettings();
      expect(settings.ACS_ENDPOINT).toContain('outputs.endpoint.value');
      expect(names).not.toContain('ACS_CONNECTION_STRING');
    });

    it('sends its email send, delivery status and engagement logs to the Log Analytics workspace', () => {
      const { resource, scope } = one('Microsoft.Insights/diagnosticSettings');
      expect(resource.scope).toBe("[resourceId('Microsoft.Communication/communicationServices', parameters('name'))]");
      expect(scope.path).toEqual(['communication-email']);
      expect(resolve(resource.properties.workspaceId, scope)).toMatch(/'log-analytics'\), '2025-04-01'\)\.outputs\.resourceId\.value\]$/);
      const [logs, ...more] = resource.properties.copy;
      expect(more).toEqual([]);
      expect(logs).toMatchObject({ name: 'logs', input: { enabled: true } });
      expect(logs.input.category).toBe("[variables('emailLogCategories')[copyIndex('logs')]]");
      expect(scope.template.variables.emailLogCategories).toEqual([
        'EmailSendMailOperational',
        'EmailStatusUpdateOperational',
        'EmailUserEngagementOperational',
      ]);
    });
  });

  describe('email delivery reports', () => {
    const topic = () => one('Microsoft.EventGrid/systemTopics');
    const subscription = () => one('Microsoft.EventGrid/systemTopics/eventSubscriptions');
    const passed = (name: string) => module('email-delivery-reports').properties.parameters[name].value;

    it('come from an Event Grid system topic on the Communication Services resource, with an identity of its own', () => {
      const { resource, scope } = topic();
      expect(resource.location).toBe('global');
      expect(resource.properties.topicType).toBe('Microsoft.Communication.CommunicationServices');
      expect(resource.properties.source).toBe("[resourceId('Microsoft.Communication/communicationServices', parameters('communicationServiceName'))]");
      expect(passed('communicationServiceName')).toBe("[variables('names').communicationService]");
      expect(one('Microsoft.Communication/communicationServices').scope.passed.name).toEqual({ value: "[variables('names').communicationService]" });
      expect(resource.identity).toEqual({ type: 'SystemAssigned' });
      expect(resolve(resource.tags, scope)).toEqual({ 'azd-env-name': "[parameters('environmentName')]" });
    });

    it('subscribe to EmailDeliveryReportReceived only, in the Event Grid schema the function reads', () => {
      const { resource, scope } = subscription();
      expect(resolve(resource.properties.filter, scope)).toEqual({ includedEventTypes: [DELIVERY_REPORT_EVENT] });
      expect(resource.properties.eventDeliverySchema).toBe('EventGridSchema');
    });

    it("deliver to the queue recordDeliveryReport listens on, in the app's storage account, as the topic's identity", () => {
      const { resource, scope } = subscription();
      // Without shared keys only identity-based delivery can write to the account.
      expect(resource.properties).not.toHaveProperty('destination');
      const delivery = resource.properties.deliveryWithResourceIdentity;
      expect(delivery.identity).toEqual({ type: 'SystemAssigned' });
      expect(delivery.destination.endpointType).toBe('StorageQueue');
      expect(delivery.destination.properties.resourceId).toBe("[resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName'))]");
      expect(passed('storageAccountName')).toBe("[variables('names').storageAccount]");
      expect(resolve(delivery.destination.properties.queueName, scope)).toBe(DELIVERY_REPORT_QUEUE);
      expect(resolve(delivery.destination.properties.queueMessageTimeToLiveInSeconds, scope)).toBe(604800);
    });

    it("let the topic's identity only send messages, to that one queue, before the subscription exists", () => {
      const [assignment, ...more] = ofType('Microsoft.Authorization/roleAssignments').filter((l) => l.scope.path.join('/') === 'email-delivery-reports');
      expect(more).toEqual([]);
      const { resource, scope } = assignment!;
      expect(resource.properties.roleDefinitionId).toBe(
        "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', variables('queueMessageSenderRoleId'))]",
      );
      expect(resolve("[variables('queueMessageSenderRoleId')]", scope)).toBe(ROLE.storageQueueDataMessageSender);
      expect(resource.properties.principalId).toBe(
        "[reference(resourceId('Microsoft.EventGrid/systemTopics', parameters('name')), '2025-02-15', 'full').identity.principalId]",
      );
      expect(resource.properties.principalType).toBe('ServicePrincipal');
      expect(resource.scope).toBe(
        "[resourceId('Microsoft.Storage/storageAccounts/queueServices/queues', parameters('storageAccountName'), 'default', parameters('queueName'))]",
      );
      expect(JSON.stringify(subscription().resource.dependsOn)).toContain("'Microsoft.Authorization/roleAssignments'");
    });

    it('are deployed once the storage account and Communication Services exist', () => {
      const dependsOn = JSON.stringify(module('email-delivery-reports').dependsOn);
      expect(dependsOn).toContain("'storage')");
      expect(dependsOn).toContain("'communication-email')");
    });
  });

  describe('monitoring', () => {
    it('accepts only Entra-authenticated telemetry, stored in the Log Analytics workspace', () => {
      const { resource } = one('Microsoft.Insights/components');
      expect(resource.properties.DisableLocalAuth).toBe(true);
      expect(resource.properties.WorkspaceResourceId).toBe("[parameters('workspaceResourceId')]");
      expect(one('Microsoft.OperationalInsights/workspaces').resource.properties.features.disableLocalAuth).toBe(true);
    });

    it('emails opsAlertEmail from one action group', () => {
      const { resource, scope } = one('Microsoft.Insights/actionGroups');
      expect(resource.location).toBe('Global');
      expect(String(resolve(resource.properties.groupShortName, scope)).length).toBeLessThanOrEqual(12);
      expect(resource.properties.copy[0].name).toBe('emailReceivers');
      expect(resolve("[parameters('emailAddresses')]", scope)).toEqual(["[parameters('opsAlertEmail')]"]);
      expect(template.parameters.opsAlertEmail).not.toHaveProperty('defaultValue');
    });

    it('alerts on SlaBreached, on NotificationFailed, on an email backlog, on an unanswered information request, and when the sweep has not run, each to that action group', () => {
      const rules = ofType('Microsoft.Insights/scheduledQueryRules');
      expect(rules).toHaveLength(6);
      const queries = rules.map((l) => String(resolve(l.resource.properties.criteria.allOf[0].query, l.scope)));
      expect(queries.some((q) => /AppTraces[\s\S]*has "SlaBreached"/.test(q))).toBe(true);
      expect(queries.some((q) => /AppTraces[\s\S]*has "NotificationFailed"/.test(q))).toBe(true);
      expect(queries.some((q) => /AppTraces[\s\S]*has "EmailBacklog" or Message has "EmailBacklogCleared"/.test(q))).toBe(true);
      expect(queries.some((q) => /AppTraces[\s\S]*has "EmailHeldBack"/.test(q))).toBe(true);
      expect(queries.some((q) => /AppTraces[\s\S]*has "InformationRequestUnanswered"/.test(q))).toBe(true);
      expect(queries.some((q) => q.includes('AppRequests') && q.includes("variables('app').sweepFunction"))).toBe(true);
      for (const l of rules) {
        expect(l.resource.properties.enabled).toBe(true);
        expect(String(resolve(l.resource.properties.actions.actionGroups, l.scope))).toContain("'ops-action-group'), '2025-04-01').outputs.resourceId.value");
        expect(String(resolve(l.resource.properties.scopes, l.scope))).toContain("'log-analytics'), '2025-04-01').outputs.resourceId.value");
      }
      const missed = module('alert-sweep-missed').properties.parameters;
      expect(missed.operator.value).toBe('LessThan');
      expect(missed.threshold.value).toBe(1);
    });

    // The event rules' scheme, as main.bicep explains it: every `every` minutes a rule counts the rows ingested in
    // (now - lag - every, now - lag]; those slices meet end to end, so each row is counted by exactly one evaluation,
    // and the window (on TimeGenerated) is long enough to still hold a row that took a long while to arrive.
    const EVENT_RULES = [
      'alert-sla-breached',
      'alert-notification-failed',
      'alert-email-backlog',
      'alert-email-held-back',
      'alert-information-request-unanswered',
    ];
    const main = () => ({ template, path: [], passed: {} });
    /** A parameter of main as deployed without a value for it: its default. */
    const orDefault = (value: unknown) => {
      const parameter = /^\[parameters\('([^']+)'\)\]$/.exec(String(value));
      return parameter ? template.parameters[parameter[1]!].defaultValue : value;
    };
    const ruleParameters = (name: string) => {
      const parameters = module(name).properties.parameters;
      const value = (key: string) => orDefault(expand(parameters[key]?.value, main()));
      return { every: minutes(value('evaluationFrequency')), window: minutes(value('windowSize')), query: String(value('query')) };
    };

    it('gives every alert rule a window longer than its evaluation frequency, so a late row is still in a later window', () => {
      const rules = ofType('Microsoft.Insights/scheduledQueryRules');
      for (const l of rules) {
        const every = minutes(orDefault(resolve(l.resource.properties.evaluationFrequency, l.scope)));
        const window = minutes(orDefault(resolve(l.resource.properties.windowSize, l.scope)));
        expect(window, l.scope.path.join('/')).toBeGreaterThan(every);
      }
      expect(rules.map((l) => l.scope.path.at(-1)).sort()).toEqual([...EVENT_RULES, 'alert-sweep-missed'].sort());
    });

    it.each(EVENT_RULES)('%s counts each alert line once, by the time it was ingested', (name) => {
      const { every, window, query } = ruleParameters(name);
      const slice = /\| where ingestion_time\(\) > ago\((\d+)m\) and ingestion_time\(\) <= ago\((\d+)m\)\n/.exec(query);
      expect(query, 'the query picks rows by ingestion_time() in a half-open slice').toMatch(/^AppTraces\n\| where ingestion_time\(\)/);
      expect(slice).not.toBeNull();
      const [from, to] = [Number(slice![1]), Number(slice![2])];
      expect(from - to, 'the slices of consecutive evaluations meet end to end').toBe(every);
      expect(to, 'a lag for a stored row to become visible to queries').toBeGreaterThanOrEqual(1);
      expect(window - from, 'minutes a row may take to reach the workspace and still be counted').toBeGreaterThanOrEqual(15);
    });

    it('alerts on a missed sweep from the successful runs (AppRequests) over several sweep intervals, and resolves by itself', () => {
      const { every, window, query } = ruleParameters('alert-sweep-missed');
      expect(query).toMatch(/^AppRequests\n[\s\S]*\| where Success == true$/);
      expect(window).toBeGreaterThanOrEqual(6 * 5); // six runs of the default schedule, every 5 minutes
      expect(window).toBeGreaterThan(every);
      expect(module('alert-sweep-missed').properties.parameters.autoMitigate.value).toBe(true);
      expect(template.parameters.slaSweepSchedule.defaultValue).toBe('0 */5 * * * *');
    });
  });

  describe('deployment rules of check:infra (scripts/infra-policy.mjs)', () => {
    const parametersFile = () => JSON.parse(readFileSync(join(infraDir, 'main.parameters.json'), 'utf8'));
    /** The problems of a copy of the template changed by `change`, which gets the copy's resources of `type`. */
    const problemsWhen = (type: string, change: (resource: any, copy: any) => void, parameters = parametersFile()) => {
      const copy = structuredClone(template);
      const found = allResources(copy).filter((l) => l.resource.type === type && !l.resource.existing);
      expect(found.length, type).toBeGreaterThan(0);
      for (const { resource } of found) change(resource, copy);
      return policyProblems(copy, parameters);
    };

    it('find nothing wrong with the template as it is', () => {
      expect(policyProblems(template, parametersFile())).toEqual([]);
    });

    it('refuse Node.js 20 as the default or an allowed version', () => {
      const problems = problemsWhen('Microsoft.Web/sites', (_site, copy) => {
        copy.parameters.nodeVersion = { ...copy.parameters.nodeVersion, defaultValue: '20', allowedValues: ['20', '22'] };
      });
      expect(problems).toEqual([expect.stringMatching(/Node\.js 20 is offered or the default; Azure's supported versions start at 22/)]);
    });

    it('refuse a maximumInstanceCount that may be below 40 or above 1000', () => {
      const problems = problemsWhen('Microsoft.Web/sites', (_site, copy) => {
        copy.parameters.maximumInstanceCount = { ...copy.parameters.maximumInstanceCount, minValue: 1 };
      });
      expect(problems).toEqual([expect.stringMatching(/parameter maximumInstanceCount .* allows 1\.\.1000; Flex Consumption accepts 40\.\.1000/)]);
    });

    it('refuse an email role without EmailServices/write', () => {
      const problems = problemsWhen('Microsoft.Authorization/roleDefinitions', (role) => {
        role.properties.permissions[0].actions = role.properties.permissions[0].actions.slice(0, 2);
      });
      expect(problems).toEqual([expect.stringMatching(/^email sender role has actions .*; Microsoft's least-privilege email role has exactly/)]);
    });

    it('refuse Communication Services with its access keys on, or on an API without disableLocalAuth', () => {
      expect(problemsWhen('Microsoft.Communication/communicationServices', (acs) => delete acs.properties.disableLocalAuth)).toEqual([
        'Communication Services keeps its access keys (disableLocalAuth is not true)',
      ]);
      expect(problemsWhen('Microsoft.Communication/communicationServices', (acs) => (acs.apiVersion = '2023-04-01'))).toEqual([
        'communicationServices API 2023-04-01 has no disableLocalAuth; use 2025-05-01 or later',
      ]);
    });

    it('refuse a template whose email logs do not reach the workspace', () => {
      const problems = problemsWhen('Microsoft.Insights/diagnosticSettings', (setting, copy) => {
        const module = allResources(copy).find((l) => l.resource.name === 'communication-email')!.resource;
        module.properties.template.variables.emailLogCategories = ['EmailSendMailOperational'];
        expect(setting.properties.workspaceId).toBeTruthy();
      });
      expect(problems).toEqual([
        'no diagnostic setting sends the Communication Services EmailStatusUpdateOperational logs to a workspace',
        'no diagnostic setting sends the Communication Services EmailUserEngagementOperational logs to a workspace',
      ]);
    });

    it('refuse OPS_API_KEY as a plain parameter, unmapped, in an output, or passed to a module as plain', () => {
      const asPlain = problemsWhen('Microsoft.Web/sites', (_site, copy) => (copy.parameters.opsApiKey.type = 'string'));
      expect(asPlain).toEqual(['main.bicep parameter opsApiKey (OPS_API_KEY) is missing or not @secure()']);
      const unmapped = parametersFile();
      delete unmapped.parameters.opsApiKey;
      expect(policyProblems(template, unmapped)).toEqual([
        'main.parameters.json does not fill opsApiKey from ${OPS_API_KEY}, so azd cannot keep the key across provisions',
      ]);
      const output = problemsWhen('Microsoft.Web/sites', (_site, copy) => {
        copy.outputs.LEAK = { type: 'string', value: "[parameters('opsApiKey')]" };
      });
      expect(output).toEqual(['output LEAK carries opsApiKey']);
      const plainModule = problemsWhen('Microsoft.Web/sites/config', (_config, copy) => {
        const settings = allResources(copy).find((l) => l.resource.name === 'api-settings')!.resource;
        settings.properties.template.parameters.secretProperties.type = 'object';
      });
      expect(plainModule).toEqual(['module api-settings takes opsApiKey in parameter secretProperties, which is not @secure()']);
    });

    it('refuse a user-assigned-only function app without keyVaultReferenceIdentity', () => {
      const problems = problemsWhen('Microsoft.Web/sites', (site) => delete site.properties.keyVaultReferenceIdentity);
      expect(problems).toEqual([expect.stringMatching(/no keyVaultReferenceIdentity: a Key Vault reference in its settings cannot resolve$/)]);
    });
  });

  it('tags every resource that takes tags with azd-env-name', () => {
    const untaggable =
      /^Microsoft\.(Authorization|Resources\/deployments|Insights\/diagnosticSettings)|\/(blobServices|tableServices|queueServices|config|basicPublishingCredentialsPolicies|eventSubscriptions)/;
    const taggable = resources.filter((l) => !l.resource.existing && !untaggable.test(l.resource.type));
    expect(taggable.length).toBeGreaterThan(12);
    for (const l of taggable) {
      const tags = resolve(l.resource.tags, l.scope);
      const text = typeof tags === 'string' ? tags : JSON.stringify(tags);
      expect(text, `${l.resource.type} in ${l.scope.path.join('/') || 'main'}`).toMatch(/azd-env-name|variables\('tags'\)/);
    }
    expect(template.variables.tags).toEqual({ 'azd-env-name': "[parameters('environmentName')]" });
  });

  it('outputs no secret, in main or in any module', () => {
    const outputs = allOutputs(template);
    expect(outputs.length).toBeGreaterThan(20);
    for (const { path, name, output } of outputs) {
      const where = `${[...path, name].join('/')}`;
      expect(name, where).not.toMatch(/key|secret|password|connectionstring|token/i);
      expect(output.type, where).not.toMatch(/^secure/i);
      expect(JSON.stringify(output.value ?? ''), where).not.toMatch(/list[A-Z]\w*\(|ConnectionString|primaryKey|secondaryKey/);
    }
  });

  it('calls no list* function (keys, connection strings, secrets) anywhere', () => {
    expect(JSON.stringify(template)).not.toMatch(/\blist(Keys|AccountSas|ServiceSas|ConnectionStrings|Secrets|Credentials)?\(/);
  });

  it("has a parameters file that gives azd's variables and the SLA and alert settings", () => {
    const parameters = JSON.parse(readFileSync(join(infraDir, 'main.parameters.json'), 'utf8')).parameters;
    expect(parameters.environmentName.value).toBe('${AZURE_ENV_NAME}');
    expect(parameters.location.value).toBe('${AZURE_LOCATION}');
    expect(parameters.principalId.value).toBe('${AZURE_PRINCIPAL_ID}');
    expect(parameters.opsAlertEmail.value).toBe('${OPS_ALERT_EMAIL}');
    expect(parameters.slaTimeZone.value).toMatch(/^\$\{SLA_TIME_ZONE/);
    expect(parameters.slaHolidays.value).toMatch(/^\$\{SLA_HOLIDAYS/);
    for (const name of Object.keys(parameters)) expect(template.parameters, name).toHaveProperty(name);
  });
});
