metadata name = 'Email sender role definition'
metadata description = '''A custom role that lets a principal send email through a Communication Services resource with Entra ID
and nothing more: no keys, no deletion. No built-in role with only this exists; the broad alternative would be
"Communication and Email Service Owner".'''

@description('Required. Display name of the role; unique within the tenant.')
param roleName string

var roleDefinitionName = guid(resourceGroup().id, 'email-sender')

resource roleDefinition 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: roleDefinitionName
  properties: {
    roleName: roleName
    description: 'Send email through Azure Communication Services with Microsoft Entra ID.'
    type: 'CustomRole'
    permissions: [
      {
        actions: [
          'Microsoft.Communication/CommunicationServices/Read'
          'Microsoft.Communication/CommunicationServices/Write'
        ]
        notActions: []
        dataActions: []
        notDataActions: []
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
