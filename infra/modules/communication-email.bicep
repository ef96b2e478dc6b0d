metadata name = 'Communication Services with Email'
metadata description = '''An Email Communication Service with an Azure-managed domain, optionally a customer-managed domain, and a
Communication Services resource linked to them. An Azure-managed domain sends at most 5 emails a minute and 10 an hour per
subscription; production needs a verified custom domain.'''

@description('Required. Name of the Communication Services resource.')
param name string

@description('Required. Name of the Email Communication Service.')
param emailServiceName string

@description('Optional. Tags of the resources.')
param tags object = {}

@description('Optional. Where the data is stored at rest.')
@allowed([
  'Africa'
  'Asia Pacific'
  'Australia'
  'Brazil'
  'Canada'
  'Europe'
  'France'
  'Germany'
  'India'
  'Japan'
  'Korea'
  'Norway'
  'Switzerland'
  'UAE'
  'UK'
  'United States'
])
param dataLocation string = 'United States'

@description('Optional. A domain you own (e.g. notify.contoso.com) to create as a customer-managed email domain. Its DNS records must be added and verified before it is linked.')
param customDomainName string = ''

@description('Optional. Link the custom domain and send from it; set only after its domain and SPF/DKIM records are verified.')
param linkCustomDomain bool = false

@description('Optional. Local part of the sender address.')
param senderLocalPart string = 'DoNotReply'

@description('Required. Resource ID of the Log Analytics workspace that receives the email logs.')
param workspaceResourceId string

var useCustomDomain = !empty(customDomainName) && linkCustomDomain

resource emailService 'Microsoft.Communication/emailServices@2023-04-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

resource managedDomain 'Microsoft.Communication/emailServices/domains@2023-04-01' = {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource customDomain 'Microsoft.Communication/emailServices/domains@2023-04-01' = if (!empty(customDomainName)) {
  parent: emailService
  name: empty(customDomainName) ? 'unused' : customDomainName
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'CustomerManaged'
    userEngagementTracking: 'Disabled'
  }
}

// 2025-05-01 is the first GA API with disableLocalAuth. The app sends with ACS_ENDPOINT and its managed identity, never
// with an access key, so the keys are turned off: whoever can list them (listKeys) cannot send with them.
resource communicationService 'Microsoft.Communication/communicationServices@2025-05-01' = {
  name: name
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: useCustomDomain ? [managedDomain.id, customDomain.id] : [managedDomain.id]
    disableLocalAuth: true
  }
}

// What ACS itself knows about each email, in the workspace beside the app's telemetry (tables ACSEmailSendMailOperational,
// ACSEmailStatusUpdateOperational, ACSEmailUserEngagementOperational): accepted sends, and per recipient delivered,
// bounced, suppressed or quarantined, with the SMTP status; the app's own record ends where ACS accepted the email.
// The rows name recipients' addresses: they stay as long as the workspace keeps data. Engagement (opens, clicks) stays
// empty while the domains' userEngagementTracking is Disabled.
var emailLogCategories = [
  'EmailSendMailOperational'
  'EmailStatusUpdateOperational'
  'EmailUserEngagementOperational'
]

resource emailLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'email-logs'
  scope: communicationService
  properties: {
    workspaceId: workspaceResourceId
    logs: [
      for category in emailLogCategories: {
        category: category
        enabled: true
      }
    ]
  }
}

@description('The resource ID of the Communication Services resource.')
output resourceId string = communicationService.id

@description('The name of the Communication Services resource.')
output name string = communicationService.name

@description('The endpoint for EmailClient with Entra ID (https://<host name>).')
output endpoint string = 'https://${communicationService.properties.hostName}'

@description('The sender address: on the custom domain once it is linked, else on the Azure-managed domain.')
output senderAddress string = '${senderLocalPart}@${useCustomDomain ? customDomain!.properties.mailFromSenderDomain : managedDomain.properties.mailFromSenderDomain}'

@description('The DNS records (domain, SPF, DKIM, DKIM2, DMARC) to add for the custom domain; empty without one.')
output customDomainVerificationRecords object = empty(customDomainName) ? {} : customDomain!.properties.verificationRecords

@description('The resource group the resources were deployed into.')
output resourceGroupName string = resourceGroup().name
