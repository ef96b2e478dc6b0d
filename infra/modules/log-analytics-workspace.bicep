metadata name = 'Log Analytics workspace'
metadata description = 'A pay-as-you-go (PerGB2018) Log Analytics workspace that accepts Entra-authenticated ingestion only.'

@description('Required. Name of the workspace.')
param name string

@description('Optional. Location of the workspace.')
param location string = resourceGroup().location

@description('Optional. Tags of the workspace.')
param tags object = {}

@description('Optional. Days of retention (30 are included in the ingestion price).')
@minValue(30)
@maxValue(730)
param dataRetention int = 30

@description('Optional. Daily ingestion cap in GB; -1 for none. A cap also stops the alerts\' data once reached.')
param dailyQuotaGb int = -1

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: dataRetention
    workspaceCapping: {
      dailyQuotaGb: dailyQuotaGb
    }
    features: {
      disableLocalAuth: true
    }
  }
}

@description('The resource ID of the workspace.')
output resourceId string = workspace.id

@description('The name of the workspace.')
output name string = workspace.name

@description('The resource group the workspace was deployed into.')
output resourceGroupName string = resourceGroup().name

@description('The location the workspace was deployed into.')
output location string = workspace.location
