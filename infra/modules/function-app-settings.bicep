metadata name = 'Function app settings'
metadata description = 'Sets a function app\'s application settings (the whole set: settings not listed here are removed) and adds the Application Insights connection string of the given component.'

@description('Required. Name of the existing function app.')
param appName string

@description('Required. Name of the existing Application Insights component; its connection string is added as APPLICATIONINSIGHTS_CONNECTION_STRING.')
param applicationInsightsName string

@description('Required. The application settings, name to value. Must not contain secrets: they would be visible in the deployment history.')
param properties object

@description('Optional. Settings that exist only in some configurations (e.g. with App Service Authentication); merged into properties.')
param authProperties object = {}

@secure()
@description('Optional. Settings whose values are secrets, or Key Vault references to them (@Microsoft.KeyVault(...)); merged into properties. A secure object: the values stay out of the deployment history.')
param secretProperties object = {}

resource site 'Microsoft.Web/sites@2024-11-01' existing = {
  name: appName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  // With local authentication disabled on the component, the connection string only locates it:
  // telemetry is accepted only with an Entra token (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).
  properties: union(properties, authProperties, secretProperties, {
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  })
}

@description('The resource ID of the settings resource.')
output resourceId string = appSettings.id

@description('The name of the settings resource.')
output name string = appSettings.name
