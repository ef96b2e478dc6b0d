metadata name = 'Role assignments of the intake app'
metadata description = '''Grants one principal exactly the data-plane roles the Functions host and the app use, each scoped to the
one resource it is about: blob (host leases, timers, deployment package), queue and table data on the storage account,
metrics publishing on Application Insights (Entra-authenticated telemetry), and email sending on Communication Services.'''

@description('Required. Object ID of the principal to grant the roles to.')
param principalId string

@description('Optional. Type of that principal.')
@allowed([
  'ServicePrincipal'
  'User'
  'Group'
])
param principalType string = 'ServicePrincipal'

@description('Required. Name of the storage account.')
param storageAccountName string

@description('Required. Name of the Application Insights component.')
param applicationInsightsName string

@description('Required. Name of the Communication Services resource.')
param communicationServiceName string

@description('Required. Resource ID of the role definition that allows sending email (see email-sender-role-definition.bicep).')
param emailSenderRoleDefinitionId string

resource storageAccount 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource communicationService 'Microsoft.Communication/communicationServices@2023-04-01' existing = {
  name: communicationServiceName
}

// Storage Blob Data Owner: the host's leases (timer singleton, queue scaling) and the deployment package.
resource blobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, principalId, 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
    principalId: principalId
    principalType: principalType
    description: 'Storage Blob Data Owner: Functions host leases and the deployment package'
  }
}

// Storage Queue Data Contributor: the notification queue, its trigger and the poison queue.
resource queueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, principalId, '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
    principalId: principalId
    principalType: principalType
    description: 'Storage Queue Data Contributor: notification queue and its poison queue'
  }
}

// Storage Table Data Contributor: tickets, their index and idempotency records.
resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, principalId, '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
    principalId: principalId
    principalType: principalType
    description: 'Storage Table Data Contributor: tickets, ticket index, idempotency records'
  }
}

// Monitoring Metrics Publisher: the only way to send telemetry to a component with local auth disabled.
resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, principalId, '3913510d-42f4-4e42-8a64-420c390055eb')
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '3913510d-42f4-4e42-8a64-420c390055eb')
    principalId: principalId
    principalType: principalType
    description: 'Monitoring Metrics Publisher: Entra-authenticated Application Insights ingestion'
  }
}

resource emailSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(communicationService.id, principalId, 'email-sender')
  scope: communicationService
  properties: {
    roleDefinitionId: emailSenderRoleDefinitionId
    principalId: principalId
    principalType: principalType
    description: 'Send email through Communication Services'
  }
}

@description('The resource IDs of the role assignments.')
output resourceIds string[] = [
  blobDataOwner.id
  queueDataContributor.id
  tableDataContributor.id
  metricsPublisher.id
  emailSender.id
]
