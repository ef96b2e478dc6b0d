metadata name = 'Application Insights component'
metadata description = 'A workspace-based Application Insights component with local (instrumentation key) authentication disabled, so only Entra-authenticated telemetry is accepted.'

@description('Required. Name of the component.')
param name string

@description('Optional. Location of the component.')
param location string = resourceGroup().location

@description('Optional. Tags of the component.')
param tags object = {}

@description('Required. Resource ID of the Log Analytics workspace that stores the telemetry.')
param workspaceResourceId string

resource component 'Microsoft.Insights/components@2020-02-02' = {
  name: name
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspaceResourceId
    DisableLocalAuth: true
    IngestionMode: 'LogAnalytics'
    publicNetworkAccessForIngestion: 'Enabled'
    publicNetworkAccessForQuery: 'Enabled'
  }
}

@description('The resource ID of the component.')
output resourceId string = component.id

@description('The name of the component.')
output name string = component.name

@description('The resource group the component was deployed into.')
output resourceGroupName string = resourceGroup().name

@description('The location the component was deployed into.')
output location string = component.location
