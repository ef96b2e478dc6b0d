metadata name = 'Flex Consumption plan'
metadata description = 'A Linux Flex Consumption (FC1) plan; it holds exactly one function app and costs nothing while the app is scaled to zero.'

@description('Required. Name of the plan.')
param name string

@description('Optional. Location of the plan.')
param location string = resourceGroup().location

@description('Optional. Tags of the plan.')
param tags object = {}

@description('Optional. Spread instances over availability zones (only in regions that support it for Flex Consumption).')
param zoneRedundant bool = false

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
    zoneRedundant: zoneRedundant
  }
}

@description('The resource ID of the plan.')
output resourceId string = plan.id

@description('The name of the plan.')
output name string = plan.name

@description('The resource group the plan was deployed into.')
output resourceGroupName string = resourceGroup().name

@description('The location the plan was deployed into.')
output location string = plan.location
