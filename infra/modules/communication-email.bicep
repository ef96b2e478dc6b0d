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

resource communicationService 'Microsoft.Communication/communicationServices@2023-04-01' = {
  name: name
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: useCustomDomain ? [managedDomain.id, customDomain.id] : [managedDomain.id]
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
