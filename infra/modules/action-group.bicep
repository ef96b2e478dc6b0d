metadata name = 'Action group'
metadata description = 'An action group that emails the given receivers (common alert schema).'

@description('Required. Name of the action group.')
param name string

@description('Required. Short name shown in emails and SMS, at most 12 characters.')
@maxLength(12)
param groupShortName string

@description('Optional. Tags of the action group.')
param tags object = {}

@description('Required. Email addresses to notify.')
@minLength(1)
param emailAddresses string[]

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: name
  location: 'Global'
  tags: tags
  properties: {
    groupShortName: groupShortName
    enabled: true
    emailReceivers: [
      for (address, i) in emailAddresses: {
        name: 'email-${i}'
        emailAddress: address
        useCommonAlertSchema: true
      }
    ]
  }
}

@description('The resource ID of the action group.')
output resourceId string = actionGroup.id

@description('The name of the action group.')
output name string = actionGroup.name
