targetScope = 'subscription'

metadata name = 'Security-event intake'
metadata description = '''Everything the intake service runs on, in one resource group: a Flex Consumption function app (API, queue
and timer functions) running as a user-assigned identity, its storage (Entra ID only), Communication Services Email, Log
Analytics and Application Insights with alerts to the operators' mailbox, and a Static Web App for the web form.'''

// ---------------------------------------------------------------------------------------------------------------------
// Parameters (azd fills them from infra/main.parameters.json and the environment)
// ---------------------------------------------------------------------------------------------------------------------

@minLength(1)
@maxLength(64)
@description('Name of the azd environment (AZURE_ENV_NAME); names the resource group and seeds the resource token.')
param environmentName string

@minLength(1)
@description('Region of the resource group and of everything in it but the Static Web App (AZURE_LOCATION). It must offer Flex Consumption.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Region of the Static Web App, which exists in a few regions only; it serves static files from a global edge anyway.')
@allowed([
  'centralus'
  'eastasia'
  'eastus2'
  'westeurope'
  'westus2'
])
param staticWebAppLocation string = 'westeurope'

@description('Object ID of the principal running azd (AZURE_PRINCIPAL_ID). Used only when grantDeployerDataAccess is true.')
param principalId string = ''

@description('Type of that principal.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Give principalId the app\'s data roles too (storage data, telemetry, email), to run the app locally against Azure. Off for production.')
param grantDeployerDataAccess bool = false

@description('Mailbox that receives the SlaBreached, NotificationFailed, InformationRequestUnanswered, MalwareDetected and missed-sweep alerts, and the app\'s own operator emails (OPS_NOTIFY_EMAIL: every new ticket and what reporters do).')
@minLength(3)
param opsAlertEmail string

@description('IANA time zone of the support calendar (SLA_TIME_ZONE). Flex Consumption runs in UTC; the app does the calendar itself.')
param slaTimeZone string = 'UTC'

@description('ISO weekday numbers of business days (SLA_WORKDAYS).')
param slaWorkdays string = '1,2,3,4,5'

@description('Public-holiday calendar, a date-holidays code such as US or DE-BY; empty for none (SLA_HOLIDAYS).')
param slaHolidays string = ''

@description('Extra closed dates, comma-separated YYYY-MM-DD (SLA_EXTRA_HOLIDAYS).')
param slaExtraHolidays string = ''

@description('Six-field NCRONTAB schedule of the SLA sweep, in UTC (SLA_SWEEP_SCHEDULE).')
param slaSweepSchedule string = '0 */5 * * * *'

@description('Submissions one client address may make in any minute (SUBMISSION_LIMIT_PER_CLIENT_MINUTE): 100 to 1000, or 0 for no limit (load tests only).')
@minValue(0)
@maxValue(1000)
param submissionLimitPerClientMinute int = 120

@description('Emails to one recipient address in any hour, whatever the number of tickets (EMAIL_HOURLY_LIMIT_PER_RECIPIENT).')
@minValue(1)
@maxValue(100)
param emailHourlyLimitPerRecipient int = 10

@description('Alert when the sweep has not completed a run for this long (ISO 8601 duration); keep it several sweep intervals long.')
param slaSweepMissedAfter string = 'PT30M'

@description('Where Communication Services stores data at rest.')
param emailDataLocation string = 'United States'

@description('Optional domain you own for sending email (e.g. notify.contoso.com). The Azure-managed domain allows 5 emails a minute and 10 an hour.')
param customEmailDomain string = ''

@description('Send from customEmailDomain; set to true only after its DNS records (output EMAIL_DOMAIN_VERIFICATION_RECORDS) are verified.')
param linkCustomEmailDomain bool = false

// Defender for Storage bills the account's plan and each GB scanned; the cap bounds the second. Evidence files are at most
// 50 MiB a ticket, so 100 GB is about 2,000 tickets with every file at its limit.
@description('The most GB of evidence files Defender for Storage scans for malware in a month (-1: no cap). Files beyond it stay pending and are not handed out.')
@minValue(-1)
param malwareScanningCapGBPerMonth int = 100

@description('Keep one instance of the notification queue function always ready (faster first email after idle; billed while idle).')
param queueAlwaysReady bool = false

// Flex Consumption refuses a maximum below 40 ("the lowest maximum scale"); 1000 is the highest it supports.
@description('Upper bound of function app instances (a cost guard): 40 to 1000.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

// Node.js 20 reached end of life on 2026-04-30; Microsoft's Flex Consumption quickstarts run 22. Add '24' here once
// `az functionapp list-flexconsumption-runtimes --location <region> --runtime node` lists it (and move AZURE_NODE_MAJOR in
// tools/local-host/src/nodeVersionNotice.ts, engines and @types/node in package.json, and .ci/node with it).
@description('Node.js version of the function app.')
@allowed([
  '22'
])
param nodeVersion string = '22'

@description('Client ID of an existing Entra ID app registration that defines the Tickets.Triage app role. Empty: no App Service Authentication; operators then use OPS_API_KEY (opsApiKey).')
param operatorAuthClientId string = ''

// OPS_API_KEY is a parameter, not a setting added by hand, because the app-settings resource replaces the whole set on
// each `azd provision`: a key set in the portal would be gone after the next one. @secure() keeps the value out of the
// deployment history, the compiled template and every output. azd fills it from OPS_API_KEY in the environment: set it
// with `azd env set-secret OPS_API_KEY`, and azd keeps the value in a Key Vault, the .env holding only an akvs://
// reference that azd reads at provision time. The value may instead be an App Service Key Vault reference,
// @Microsoft.KeyVault(SecretUri=https://<vault>.vault.azure.net/secrets/<name>): then the app setting holds only that
// reference, the platform resolves it with the app's user-assigned identity (keyVaultReferenceIdentity, which needs
// "Key Vault Secrets User" on the vault), and a new secret version reaches the app without a provision. The template
// creates no Key Vault of its own: with Entra ID sign-in for operators (operatorAuthClientId) no key is needed at all.
@secure()
@description('Operators\' bearer key (OPS_API_KEY): at least 16 characters of letters, digits and -._~+/; or a Key Vault reference @Microsoft.KeyVault(SecretUri=...). Empty: no key.')
param opsApiKey string = ''

@description('Tenant of that app registration.')
param operatorAuthTenantId string = tenant().tenantId

// ---------------------------------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------------------------------

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

// What the app's code refers to by name: tables, queues and functions. Keep in step with src/ (one place to change).
var app = {
  tables: [
    'tickets'
    'ticketindex'
    'ticketdue'
    'ticketsearch'
    'idempotency'
    'emailpace'
    'sentemails'
    'submissionlimits'
    'recipientlimits'
    'consolesessions'
    'signinlimits'
  ]
  notificationQueue: 'ticket-notifications'
  notificationPoisonQueue: 'ticket-notifications-poison'
  deliveryReportQueue: 'email-delivery-reports'
  deliveryReportPoisonQueue: 'email-delivery-reports-poison'
  notificationFunction: 'sendNotification'
  sweepFunction: 'slaSweep'
  deploymentContainer: 'app-package'
  evidenceContainer: 'evidence-files'
}

// Names are known before deployment (not taken from module outputs), so what-if can predict every resource.
var names = {
  resourceGroup: '${abbrs.resourcesResourceGroups}${environmentName}'
  identity: '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
  storageAccount: '${abbrs.storageStorageAccounts}${resourceToken}'
  logAnalytics: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
  appInsights: '${abbrs.insightsComponents}${resourceToken}'
  communicationService: '${abbrs.communicationServices}${resourceToken}'
  emailService: '${abbrs.communicationEmailServices}${resourceToken}'
  emailEvents: '${abbrs.eventGridSystemTopics}acs-${resourceToken}'
  staticWebApp: '${abbrs.webStaticSites}${resourceToken}'
  plan: '${abbrs.webServerFarms}${resourceToken}'
  functionApp: '${abbrs.webSitesFunctions}api-${resourceToken}'
  actionGroup: '${abbrs.insightsActionGroups}ops-${resourceToken}'
}

// ---------------------------------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------------------------------

resource rg 'Microsoft.Resources/resourceGroups@2024-11-01' = {
  name: names.resourceGroup
  location: location
  tags: tags
}

module identity 'modules/user-assigned-identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module storage 'modules/storage-account.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: names.storageAccount
    location: location
    tags: tags
    blobContainerNames: [
      app.deploymentContainer
      app.evidenceContainer
    ]
    tableNames: app.tables
    queueNames: [
      app.notificationQueue
      app.notificationPoisonQueue
      app.deliveryReportQueue
      app.deliveryReportPoisonQueue
    ]
    malwareScanningOnUpload: true
    malwareScanningCapGBPerMonth: malwareScanningCapGBPerMonth
  }
}

module logAnalytics 'modules/log-analytics-workspace.bicep' = {
  name: 'log-analytics'
  scope: rg
  params: {
    name: names.logAnalytics
    location: location
    tags: tags
  }
}

module appInsights 'modules/application-insights.bicep' = {
  name: 'app-insights'
  scope: rg
  params: {
    name: names.appInsights
    location: location
    tags: tags
    workspaceResourceId: logAnalytics.outputs.resourceId
  }
}

module email 'modules/communication-email.bicep' = {
  name: 'communication-email'
  scope: rg
  params: {
    name: names.communicationService
    emailServiceName: names.emailService
    tags: tags
    dataLocation: emailDataLocation
    customDomainName: customEmailDomain
    linkCustomDomain: linkCustomEmailDomain
    workspaceResourceId: logAnalytics.outputs.resourceId
  }
}

// What ACS learns after it accepted an email (delivered, bounced, ...) reaches recordDeliveryReport through this queue.
module emailDeliveryReports 'modules/email-delivery-reports.bicep' = {
  name: 'email-delivery-reports'
  scope: rg
  // The topic's source and the queue are referred to by name: wait for the resources themselves.
  dependsOn: [
    storage
    email
  ]
  params: {
    name: names.emailEvents
    tags: tags
    communicationServiceName: names.communicationService
    storageAccountName: names.storageAccount
    queueName: app.deliveryReportQueue
  }
}

module emailSenderRole 'modules/email-sender-role-definition.bicep' = {
  name: 'email-sender-role'
  scope: rg
  params: {
    roleName: 'Email Sender (${rg.name}, ${resourceToken})'
  }
}

module web 'modules/static-web-app.bicep' = {
  name: 'web'
  scope: rg
  params: {
    name: names.staticWebApp
    location: staticWebAppLocation
    tags: union(tags, { 'azd-service-name': 'web' })
  }
}

module plan 'modules/flex-consumption-plan.bicep' = {
  name: 'plan'
  scope: rg
  params: {
    name: names.plan
    location: location
    tags: tags
  }
}

var webOrigin = 'https://${web.outputs.defaultHostname}'

module api 'modules/flex-function-app.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: names.functionApp
    location: location
    tags: union(tags, { 'azd-service-name': 'api' })
    serverFarmResourceId: plan.outputs.resourceId
    userAssignedIdentityResourceId: identity.outputs.resourceId
    deploymentContainerUrl: '${storage.outputs.primaryBlobEndpoint}${app.deploymentContainer}'
    runtimeName: 'node'
    runtimeVersion: nodeVersion
    maximumInstanceCount: maximumInstanceCount
    alwaysReady: queueAlwaysReady
      ? [
          {
            name: 'function:${app.notificationFunction}'
            instanceCount: 1
          }
        ]
      : []
    corsAllowedOrigins: [
      webOrigin
    ]
    authClientId: operatorAuthClientId
    authTenantId: operatorAuthTenantId
  }
}

// The host and the app reach storage, telemetry and email with the identity: no key or connection string anywhere.
module apiSettings 'modules/function-app-settings.bicep' = {
  name: 'api-settings'
  scope: rg
  // Settings last: the host starts with its roles in place (they take a few minutes to apply, but no longer fail at once).
  dependsOn: [
    appInsights
    appRoles
  ]
  params: {
    appName: names.functionApp
    applicationInsightsName: names.appInsights
    properties: {
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identity.outputs.clientId
      AzureWebJobsStorage__blobServiceUri: storage.outputs.primaryBlobEndpoint
      AzureWebJobsStorage__queueServiceUri: storage.outputs.primaryQueueEndpoint
      AzureWebJobsStorage__tableServiceUri: storage.outputs.primaryTableEndpoint
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identity.outputs.clientId}'
      AZURE_CLIENT_ID: identity.outputs.clientId
      ACS_ENDPOINT: email.outputs.endpoint
      EMAIL_SENDER: email.outputs.senderAddress
      SLA_TIME_ZONE: slaTimeZone
      SLA_WORKDAYS: slaWorkdays
      SLA_HOLIDAYS: slaHolidays
      SLA_EXTRA_HOLIDAYS: slaExtraHolidays
      SLA_SWEEP_SCHEDULE: slaSweepSchedule
      SUBMISSION_LIMIT_PER_CLIENT_MINUTE: string(submissionLimitPerClientMinute)
      EMAIL_HOURLY_LIMIT_PER_RECIPIENT: string(emailHourlyLimitPerRecipient)
      // The operators hear of every new ticket and every reporter step at once, in the alerts' mailbox.
      OPS_NOTIFY_EMAIL: opsAlertEmail
      // Evidence files reach Blob Storage through the function (POST /api/tickets/{n}/attachments, one file a request), so
      // the host must take one file and its multipart envelope: 10 MiB + 64 KiB (src/http/evidenceRequests.ts,
      // MAX_UPLOAD_REQUEST_BYTES). Every other route refuses a body over 64 KiB itself, once the host has read it.
      FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: '10551296'
      // Defender for Storage scans the evidence container (above): files are pending until its verdict.
      EVIDENCE_MALWARE_SCANNING: 'defender'
      // Links in emails go to the API itself (/api/tickets/{n}?token=...); the form lives on WEB_ORIGIN.
      PUBLIC_BASE_URL: 'https://${api.outputs.defaultHostname}'
      WEB_ORIGIN: webOrigin
    }
    // A secure object: what is passed stays out of the deployment history.
    secretProperties: empty(opsApiKey)
      ? {}
      : {
          OPS_API_KEY: opsApiKey
        }
    // Set in the same deployment as authsettingsV2 and only with it: the app trusts x-ms-client-principal only
    // when WEBSITE_AUTH_ENABLED (injected by the platform) or this setting says the platform put it there.
    authProperties: empty(operatorAuthClientId)
      ? {}
      : {
          APP_SERVICE_AUTH_ENABLED: 'true'
        }
  }
}

module appRoles 'modules/role-assignments.bicep' = {
  name: 'role-assignments-api'
  scope: rg
  // The assignments' scopes are referred to by name: wait for the resources themselves.
  dependsOn: [
    storage
    appInsights
    email
  ]
  params: {
    // The identity's principal ID exists only once it is created; it has to name the assignments all the same, because an
    // assignment cannot move to another principal (a re-created identity gets new assignments instead of an error).
    #disable-next-line what-if-short-circuiting
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
    storageAccountName: names.storageAccount
    applicationInsightsName: names.appInsights
    communicationServiceName: names.communicationService
    emailSenderRoleDefinitionId: emailSenderRole.outputs.resourceId
  }
}

module deployerRoles 'modules/role-assignments.bicep' = if (grantDeployerDataAccess && !empty(principalId)) {
  name: 'role-assignments-deployer'
  scope: rg
  // The assignments' scopes are referred to by name: wait for the resources themselves.
  dependsOn: [
    storage
    appInsights
    email
  ]
  params: {
    principalId: principalId
    principalType: principalType
    storageAccountName: names.storageAccount
    applicationInsightsName: names.appInsights
    communicationServiceName: names.communicationService
    emailSenderRoleDefinitionId: emailSenderRole.outputs.resourceId
  }
}

module opsActionGroup 'modules/action-group.bicep' = {
  name: 'ops-action-group'
  scope: rg
  params: {
    name: names.actionGroup
    groupShortName: 'secintake'
    tags: tags
    emailAddresses: [
      opsAlertEmail
    ]
  }
}

// The app writes one JSON line per event, e.g. {"alert":"SlaBreached","confirmationNumber":"SE-...",...}; in the workspace
// it is a row of AppTraces. Splitting by confirmation number makes one alert (one email) per ticket.
//
// Each such row must be counted by exactly one evaluation, however late it was ingested. A window the length of the
// evaluation frequency (5 and 5 minutes) misses a row that arrives after the evaluation that covers its TimeGenerated.
// So, as Microsoft's pattern for ingestion delay has it (learn.microsoft.com/azure/sentinel/ingestion-delay), the
// window is long and the rows are picked by ingestion_time(), the time the workspace stored them:
//   - every 5 minutes (eventAlertEvery) a rule counts the rows ingested in the 5 minutes that ended 5 minutes ago,
//     (now - 10m, now - 5m]. Consecutive evaluations' slices meet end to end, so each row is in exactly one of them
//     (give or take how far an evaluation starts late: seconds). The 5 minutes of lag let a row stored just before
//     an evaluation become visible to its query; a row is alerted on 5 to 10 minutes after it was ingested.
//   - the window (eventAlertWindow, 30 minutes, on TimeGenerated) only has to contain the row: it covers a row that
//     took up to 20 minutes (30 - 10) from the app to the workspace; Microsoft gives 20 s to 3 minutes as typical.
// test/infra/template.test.ts checks these relations.
var eventAlertEvery = 'PT5M'
var eventAlertWindow = 'PT30M'
var ingestedInSlice = '| where ingestion_time() > ago(10m) and ingestion_time() <= ago(5m)'
var confirmationNumberColumn = '''
| extend ConfirmationNumber = tostring(parse_json(Message).confirmationNumber)
| extend ConfirmationNumber = iff(isempty(ConfirmationNumber), extract(@'(SE-[A-Z0-9-]+)', 1, Message), ConfirmationNumber)
| project TimeGenerated, ConfirmationNumber, Message'''

module slaBreachedAlert 'modules/scheduled-query-rule.bicep' = {
  name: 'alert-sla-breached'
  scope: rg
  params: {
    name: '${abbrs.insightsScheduledQueryRules}sla-breached-${resourceToken}'
    location: location
    tags: tags
    alertDescription: 'A security event was not acknowledged within one business day (SlaBreached). Acknowledge it now.'
    severity: 1
    scopes: [
      logAnalytics.outputs.resourceId
    ]
    query: 'AppTraces\n${ingestedInSlice}\n| where Message has "SlaBreached"${confirmationNumberColumn}'
    evaluationFrequency: eventAlertEvery
    windowSize: eventAlertWindow
    dimensionColumns: [
      'ConfirmationNumber'
    ]
    actionGroupResourceIds: [
      opsActionGroup.outputs.resourceId
    ]
  }
}

module notificationFailedAlert 'modules/scheduled-query-rule.bicep' = {
  name: 'alert-notification-failed'
  scope: rg
  params: {
    name: '${abbrs.insightsScheduledQueryRules}notification-failed-${resourceToken}'
    location: location
    tags: tags
    alertDescription: 'An email to a reporter could not be sent (NotificationFailed); the ticket history has the details.'
    severity: 2
    scopes: [
      logAnalytics.outputs.resourceId
    ]
    query: 'AppTraces\n${ingestedInSlice}\n| where Message has "NotificationFailed"${confirmationNumberColumn}'
    evaluationFrequency: eventAlertEvery
    windowSize: eventAlertWindow
    dimensionColumns: [
      'ConfirmationNumber'
    ]
    actionGroupResourceIds: [
      opsActionGroup.outputs.resourceId
    ]
  }
}

// Emails wait for the ACS sending quota (per minute and per hour) so long that a confirmation will be later than
// 15 minutes (EmailBacklog), and later the wait is over (EmailBacklogCleared): one alert each way.
module emailBacklogAlert 'modules/scheduled-query-rule.bicep' = {
  name: 'alert-email-backlog'
  scope: rg
  params: {
    name: '${abbrs.insightsScheduledQueryRules}email-backlog-${resourceToken}'
    location: location
    tags: tags
    alertDescription: 'Emails to reporters wait for the ACS sending quota (EmailBacklog: a confirmation will be more than 15 minutes late; EmailBacklogCleared: the backlog is sent). Nothing is lost; raise the quota or use a custom domain if it recurs.'
    severity: 2
    scopes: [
      logAnalytics.outputs.resourceId
    ]
    query: 'AppTraces\n${ingestedInSlice}\n| where Message has "EmailBacklog" or Message has "EmailBacklogCleared"\n| extend Alert = tostring(parse_json(Message).alert)\n| project TimeGenerated, Alert, Message'
    evaluationFrequency: eventAlertEvery
    windowSize: eventAlertWindow
    dimensionColumns: [
      'Alert'
    ]
    actionGroupResourceIds: [
      opsActionGroup.outputs.resourceId
    ]
  }
}

// The per-recipient limit held an email back (EmailHeldBack, at most once an hour per address).
module emailHeldBackAlert 'modules/scheduled-query-rule.bicep' = {
  name: 'alert-email-held-back'
  scope: rg
  params: {
    name: '${abbrs.insightsScheduledQueryRules}email-held-back-${resourceToken}'
    location: location
    tags: tags
    alertDescription: 'Emails to one address reached the hourly limit and one was held back (EmailHeldBack): someone may be filing reports in another person\'s name. See the ticket.'
    severity: 3
    scopes: [
      logAnalytics.outputs.resourceId
    ]
    query: 'AppTraces\n${ingestedInSlice}\n| where Message has "EmailHeldBack"${confirmationNumberColumn}'
    evaluationFrequency: eventAlertEvery
    windowSize: eventAlertWindow
    dimensionColumns: [
      'ConfirmationNumber'
    ]
    actionGroupResourceIds: [
      opsActionGroup.outputs.resourceId
    ]
  }
}

// An information request has waited five business days for the reporter's answer (InformationRequestUnanswered,
// once per request; the reporter was reminded after two).
module informationRequestUnansweredAlert 'modules/scheduled-query-rule.bicep' = {
  name: 'alert-information-request-unanswered'
  scope: rg
  params: {
    name: '${abbrs.insightsScheduledQueryRules}information-unanswered-${resourceToken}'
    location: location
    tags: tags
    alertDescription: 'A reporter has not answered an information request for five business days (InformationRequestUnanswered). Decide how to go on: write again, or continue without the answer.'
    severity: 3
    scopes: [
      logAnalytics.outputs.resourceId
    ]
    query: 'AppTraces\n${ingestedInSlice}\n| where Message has "InformationRequestUnanswered"${confirmationNumberColumn}'
    evaluationFrequency: eventAlertEvery
    windowSize: eventAlertWindow
    dimensionColumns: [
      'ConfirmationNumber'
    ]
    actionGroupResourceIds: [
      opsActionGroup.outputs.resourceId
    ]
  }
}

// Defender for Storage found malware in an evidence file (MalwareDetected, once per file); the app never hands it out.
module malwareDetectedAlert 'modules/scheduled-query-rule.bicep' = {
  name: 'alert-malware-detected'
  scope: rg
  params: {
    name: '${abbrs.insightsScheduledQueryRules}malware-detected-${resourceToken}'
    location: location
    tags: tags
    alertDescription: 'Defender for Storage found malware in an evidence file (MalwareDetected). The file is never handed out. Look at the ticket: who uploaded it, and whether the reporter or an operator account may be compromised.'
    severity: 1
    scopes: [
      logAnalytics.outputs.resourceId
    ]
    query: 'AppTraces\n${ingestedInSlice}\n| where Message has "MalwareDetected"${confirmationNumberColumn}'
    evaluationFrequency: eventAlertEvery
    windowSize: eventAlertWindow
    dimensionColumns: [
      'ConfirmationNumber'
    ]
    actionGroupResourceIds: [
      opsActionGroup.outputs.resourceId
    ]
  }
}

// Timers have stopped after deployments before; without the sweep no breach is ever raised. Each run of a function is
// a row of AppRequests: host.json must keep the category Host.Results at Information (at Error a successful run writes
// none, and this rule would fire for ever) and Request out of sampling. Only a successful run counts: a sweep that
// fails every time (a bad setting, storage refusing the app) leaves breaches unnoticed just the same. An absence has
// no row to count once, so this rule counts on TimeGenerated, over a window several sweeps long.
module sweepMissedAlert 'modules/scheduled-query-rule.bicep' = {
  name: 'alert-sweep-missed'
  scope: rg
  params: {
    name: '${abbrs.insightsScheduledQueryRules}sla-sweep-missed-${resourceToken}'
    location: location
    tags: tags
    alertDescription: 'The SLA sweep (${app.sweepFunction}) has not completed a run for ${slaSweepMissedAfter}, so SLA breaches go unnoticed. Check the function app: its failures (AppRequests where Success is false, AppExceptions) and the Error traces at its start.'
    severity: 1
    scopes: [
      logAnalytics.outputs.resourceId
    ]
    query: 'AppRequests\n| where OperationName == "${app.sweepFunction}" or Name == "${app.sweepFunction}"\n| where Success == true'
    operator: 'LessThan'
    threshold: 1
    windowSize: slaSweepMissedAfter
    evaluationFrequency: 'PT15M'
    autoMitigate: true
    actionGroupResourceIds: [
      opsActionGroup.outputs.resourceId
    ]
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Outputs (azd stores them in .azure/<env>/.env); none is a secret
// ---------------------------------------------------------------------------------------------------------------------

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = 'https://${api.outputs.defaultHostname}'
output SERVICE_WEB_NAME string = web.outputs.name
output SERVICE_WEB_URI string = webOrigin
@description('Origin of the API, read by scripts/build-web.mjs when azd packages the web service.')
output API_BASE string = 'https://${api.outputs.defaultHostname}'
output WEB_ORIGIN string = webOrigin
output ACS_ENDPOINT string = email.outputs.endpoint
output EMAIL_SENDER string = email.outputs.senderAddress
output EMAIL_DOMAIN_VERIFICATION_RECORDS object = email.outputs.customDomainVerificationRecords
output OPERATOR_AUTH_ENABLED bool = api.outputs.authEnabled
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.primaryBlobEndpoint
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.primaryQueueEndpoint
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.primaryTableEndpoint
