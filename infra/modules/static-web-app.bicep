metadata name = 'Static Web App'
metadata description = 'A Static Web App for a prebuilt static site that azd uploads (no repository link, no managed functions).'

@description('Required. Name of the Static Web App.')
param name string

@description('Optional. Location; Static Web Apps exist in a few regions only.')
param location string = resourceGroup().location

@description('Optional. Tags of the Static Web App.')
param tags object = {}

@description('Optional. SKU; Free has no SLA and no bring-your-own backend, which this site does not need.')
@allowed([
  'Free'
  'Standard'
])
param sku string = 'Free'

resource staticSite 'Microsoft.Web/staticSites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
    tier: sku
  }
  properties: {
    provider: 'Custom'
    allowConfigFileUpdates: true
    stagingEnvironmentPolicy: 'Disabled'
  }
}

@description('The resource ID of the Static Web App.')
output resourceId string = staticSite.id

@description('The name of the Static Web App.')
output name string = staticSite.name

@description('The default host name (no scheme).')
output defaultHostname string = staticSite.properties.defaultHostname

@description('The resource group the Static Web App was deployed into.')
output resourceGroupName string = resourceGroup().name

@description('The location the Static Web App was deployed into.')
output location string = staticSite.location
