metadata name = 'Email sender role definition'
metadata description = '''A custom role that lets a principal send email through a Communication Services resource with Entra ID:
the three actions of Microsoft's documented least-privilege email role, and no keys, no deletion. No built-in role with
only this exists; the broad alternative would be "Communication and Email Service Owner".'''

@description('Required. Display name of the role; unique within the tenant.')
param roleName string

var roleDefinitionName = guid(resourceGroup().id, 'email-sender')

resource roleDefinition 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: roleDefinitionName
  properties: {
    roleName: roleName
    description: 'Send email through Azure Communication Services with Microsoft Entra ID.'
    type: 'CustomRole'
    // Microsoft's least-privilege role for sending with an Entra identity ("Use a custom role to limit permissions granted
    // to the Microsoft Entra Application", Communication Services email docs) has exactly these three; without
    // EmailServices/write a send may be refused. CommunicationServices/Write is a control-plane permission on the one
    // resource the role is assigned on: Microsoft documents nothing narrower.
    permissions: [
      {
        actions: [
          'Microsoft.Communication/CommunicationServices/Read'
          'Microsoft.Communication/CommunicationServices/Write'
          'Microsoft.Communication/EmailServices/write'
        ]
      }
    ]
    assignableScopes: [
      resourceGroup().id
    ]
  }
}

@description('The resource ID of the role definition, for role assignments.')
output resourceId string = roleDefinition.id

@description('The name (GUID) of the role definition.')
output name string = roleDefinition.name
