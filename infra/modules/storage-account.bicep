metadata name = 'Storage account'
metadata description = 'A StorageV2 account that only accepts Entra ID (no shared key), HTTPS and TLS 1.2, with no public blob access; creates the given blob containers, tables and queues; optionally scans blobs for malware on upload (Defender for Storage).'

@description('Required. Name of the storage account (3-24 lower-case letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Optional. Location of the storage account.')
param location string = resourceGroup().location

@description('Optional. Tags of the storage account.')
param tags object = {}

@description('Optional. Storage account SKU.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
])
param skuName string = 'Standard_LRS'

@description('Optional. Private blob containers to create.')
param blobContainerNames string[] = []

@description('Optional. Tables to create.')
param tableNames string[] = []

@description('Optional. Queues to create.')
param queueNames string[] = []

@description('Optional. Scan every blob for malware as it is written (Defender for Storage, on-upload malware scanning), which tags each blob with its verdict.')
param malwareScanningOnUpload bool = false

@description('Optional. The most GB the malware scanner scans in a month (a cost guard; -1: no cap). Blobs written beyond it are not scanned.')
@minValue(-1)
param malwareScanningCapGBPerMonth int = 100

resource storageAccount 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    // Entra ID only: the host, the app and the deployment all use the managed identity.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    dnsEndpointType: 'Standard'
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: storageAccount
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = [
  for containerName in blobContainerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2024-01-01' = {
  parent: storageAccount
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2024-01-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2024-01-01' = {
  parent: storageAccount
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = [
  for queueName in queueNames: {
    parent: queueService
    name: queueName
  }
]

// Defender for Storage on this account alone, whatever the subscription's plan says: malware scanning on upload writes
// the index tag "Malware Scanning scan result" on each blob ("No threats found" or "Malicious"), which the app reads
// before it hands a file out. Sensitive data discovery is not needed for that and stays off.
resource defenderForStorage 'Microsoft.Security/defenderForStorageSettings@2025-01-01' = if (malwareScanningOnUpload) {
  name: 'current'
  scope: storageAccount
  properties: {
    isEnabled: true
    overrideSubscriptionLevelSettings: true
    malwareScanning: {
      onUpload: {
        isEnabled: true
        capGBPerMonth: malwareScanningCapGBPerMonth
      }
    }
    sensitiveDataDiscovery: {
      isEnabled: false
    }
  }
}

@description('The resource ID of the storage account.')
output resourceId string = storageAccount.id

@description('The name of the storage account.')
output name string = storageAccount.name

@description('The primary blob endpoint (ends with a slash).')
output primaryBlobEndpoint string = storageAccount.properties.primaryEndpoints.blob

@description('The primary queue endpoint (ends with a slash).')
output primaryQueueEndpoint string = storageAccount.properties.primaryEndpoints.queue

@description('The primary table endpoint (ends with a slash).')
output primaryTableEndpoint string = storageAccount.properties.primaryEndpoints.table

@description('The resource group the storage account was deployed into.')
output resourceGroupName string = resourceGroup().name

@description('The location the storage account was deployed into.')
output location string = storageAccount.location
