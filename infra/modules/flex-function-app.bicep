metadata name = 'Function app on Flex Consumption'
metadata description = '''A Linux function app on a Flex Consumption plan, running as a user-assigned managed identity that also
reads its deployment package from a blob container. Optionally configures App Service Authentication with Microsoft Entra ID
for bearer tokens and the console's browser sign-in, leaving anonymous requests to the app. App settings are a separate child (see function-app-settings.bicep),
so that they can use this app's own host name.'''

@description('Required. Name of the function app.')
param name string

@description('Optional. Location of the function app.')
param location string = resourceGroup().location

@description('Optional. Tags of the function app.')
param tags object = {}

@description('Required. Resource ID of the Flex Consumption plan.')
param serverFarmResourceId string

@description('Required. Resource ID of the user-assigned identity the app runs as.')
param userAssignedIdentityResourceId string

@description('Required. URL of the blob container that holds the deployment package (https://<account>.blob.<suffix>/<container>).')
param deploymentContainerUrl string

@description('Optional. Language runtime.')
@allowed([
  'node'
])
param runtimeName string = 'node'

@description('Optional. Language runtime version.')
@allowed([
  '22'
])
param runtimeVersion string = '22'

@description('Optional. Memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Optional. Upper bound of instances (cost guard). Flex Consumption accepts 40 to 1000.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Optional. Always-ready instances, e.g. [{ name: \'function:sendNotification\', instanceCount: 1 }]. They are billed while idle.')
param alwaysReady object[] = []

@description('Optional. Origins allowed by the platform\'s CORS handling; exact origins, no wildcard.')
param corsAllowedOrigins string[] = []

@description('Optional. Client ID of an existing Entra ID app registration whose access tokens (the API) and ID tokens (the console\'s browser sign-in, redirect URI https://<host>/.auth/login/aad/callback) the platform validates. Empty: App Service Authentication stays off.')
param authClientId string = ''

@description('Optional. Tenant of that app registration.')
param authTenantId string = tenant().tenantId

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${userAssignedIdentityResourceId}': {}
    }
  }
  properties: {
    serverFarmId: serverFarmResourceId
    httpsOnly: true
    // Key Vault references in app settings (e.g. OPS_API_KEY) resolve with the system-assigned identity unless this
    // names another one; the app has only its user-assigned identity.
    keyVaultReferenceIdentity: userAssignedIdentityResourceId
    // Flex Consumption takes runtime, scale and deployment source from here, not from app settings
    // (FUNCTIONS_WORKER_RUNTIME, WEBSITE_RUN_FROM_PACKAGE and the like are refused on this plan).
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: userAssignedIdentityResourceId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        alwaysReady: alwaysReady
      }
      runtime: {
        name: runtimeName
        version: runtimeVersion
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      cors: {
        allowedOrigins: corsAllowedOrigins
        supportCredentials: false
      }
    }
  }
}

// Deployments (azd, the Functions tooling) authenticate with Entra ID; no publishing password is needed.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

// Operators sign in with Entra ID in two ways, both through App Service Authentication, which validates the sign-in and
// passes the principal (with its app roles) to the app in x-ms-client-principal, after removing any such header a
// client sent:
// - the API: an Entra ID access token as the bearer (automation, az);
// - the console in a browser: the app sends a browser without a principal to /.auth/login/aad (post_login_redirect_uri,
//   a path of this host, which the platform always allows), the platform signs the operator in with Entra ID (an ID
//   token posted to /.auth/login/aad/callback: the app registration needs that redirect URI and ID tokens) and keeps
//   the sign-in in its own session cookie; the console then starts a session of its own bound to that principal.
// Anonymous requests still reach the app: the public submit endpoint and the reporter's status link need no sign-in,
// and the app checks Tickets.Triage itself (its 403 page for an account without the role).
resource authSettings 'Microsoft.Web/sites/config@2024-11-01' = if (!empty(authClientId)) {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
      // The provider /.auth/login and a login the app asks for go to (the only one configured).
      redirectToProvider: 'azureActiveDirectory'
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: authClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${authTenantId}/v2.0'
        }
        validation: {
          // An access token for the API (api://<client id>), or the ID token of a browser sign-in (the client id itself).
          allowedAudiences: [
            'api://${authClientId}'
            authClientId
          ]
        }
      }
    }
    login: {
      // After signing in or out the platform goes back only to this host's own paths: no external URL is allowed, so
      // its login cannot be made into an open redirect.
      allowedExternalRedirectUrls: []
      preserveUrlFragmentsForLogins: false
      // The platform's own sign-in cookie; the console's session (12 hours at most) ends on its own terms.
      cookieExpiration: {
        convention: 'FixedTime'
        timeToExpiration: '12:00:00'
      }
      nonce: {
        validateNonce: true
        nonceExpirationInterval: '00:05:00'
      }
      tokenStore: {
        enabled: false
      }
    }
  }
}

@description('The resource ID of the function app.')
output resourceId string = site.id

@description('The name of the function app.')
output name string = site.name

@description('The default host name of the function app (no scheme).')
output defaultHostname string = site.properties.defaultHostName

@description('Whether App Service Authentication was configured.')
output authEnabled bool = !empty(authClientId)

@description('The resource group the function app was deployed into.')
output resourceGroupName string = resourceGroup().name

@description('The location the function app was deployed into.')
output location string = site.location
