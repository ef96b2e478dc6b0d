metadata name = 'Email delivery reports'
metadata description = '''An Event Grid system topic on the Communication Services resource and one subscription that delivers its
EmailDeliveryReportReceived events (only those) to a storage queue, with the topic's own identity: the storage account takes
no shared key, so Event Grid writes as a principal that may only send messages to that one queue.'''

@description('Required. Name of the system topic.')
param name string

@description('Optional. Tags of the system topic.')
param tags object = {}

@description('Required. Name of the Communication Services resource whose events are delivered.')
param communicationServiceName string

@description('Required. Name of the storage account that holds the queue.')
param storageAccountName string

@description('Required. Name of the (existing) queue the events are written to.')
param queueName string

@description('Optional. How long a delivered event waits in the queue (seconds); the storage default is 7 days.')
@minValue(60)
@maxValue(604800)
param queueMessageTimeToLiveInSeconds int = 604800

var deliveryReportEventType = 'Microsoft.Communication.EmailDeliveryReportReceived'
// Storage Queue Data Message Sender: add messages, nothing else (no read, no delete).
var queueMessageSenderRoleId = 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'

resource communicationService 'Microsoft.Communication/communicationServices@2023-04-01' existing = {
  name: communicationServiceName
}

resource storageAccount 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName

  resource queueService 'queueServices' existing = {
    name: 'default'

    resource queue 'queues' existing = {
      name: queueName
    }
  }
}

// Communication Services is a global resource, so its system topic is global too.
resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: 'global'
  tags: tags
  // System-assigned: the identity Event Grid can also use should the account ever get firewall rules.
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: communicationService.id
    topicType: 'Microsoft.Communication.CommunicationServices'
  }
}

resource queueMessageSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount::queueService::queue.id, systemTopic.id, queueMessageSenderRoleId)
  scope: storageAccount::queueService::queue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', queueMessageSenderRoleId)
    principalId: systemTopic.identity.principalId
    principalType: 'ServicePrincipal'
    description: 'Storage Queue Data Message Sender: Event Grid writes email delivery reports to this queue'
  }
}

resource deliveryReports 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: systemTopic
  name: 'email-delivery-reports'
  // Event Grid delivers as the identity from the first event on: its role comes first.
  dependsOn: [
    queueMessageSender
  ]
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        deliveryReportEventType
      ]
    }
    deliveryWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      destination: {
        endpointType: 'StorageQueue'
        properties: {
          resourceId: storageAccount.id
          queueName: queueName
          queueMessageTimeToLiveInSeconds: queueMessageTimeToLiveInSeconds
        }
      }
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

@description('The resource ID of the system topic.')
output resourceId string = systemTopic.id

@description('The name of the system topic.')
output name string = systemTopic.name

@description('The principal ID of the system topic\'s identity (the one that writes to the queue).')
output principalId string = systemTopic.identity.principalId

@description('The resource group the system topic was deployed into.')
output resourceGroupName string = resourceGroup().name
