metadata name = 'User-assigned managed identity'
metadata description = 'A user-assigned managed identity (outputs follow Azure Verified Modules: resourceId, name, principalId, clientId).'

@description('Required. Name of the identity.')
param name string

@description('Optional. Location of the identity.')
param location string = resourceGroup().location

@description('Optional. Tags of the identity.')
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('The resource ID of the identity.')
output resourceId string = identity.id

@description('The name of the identity.')
output name string = identity.name

@description('The principal (object) ID of the identity, for role assignments.')
output principalId string = identity.properties.principalId

@description('The client (application) ID of the identity, for DefaultAzureCredential and the Functions host.')
output clientId string = identity.properties.clientId

@description('The resource group the identity was deployed into.')
output resourceGroupName string = resourceGroup().name

@description('The location the identity was deployed into.')
output location string = identity.location
