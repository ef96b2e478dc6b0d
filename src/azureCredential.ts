// The app's Azure identity (the managed identity in Azure) for the Storage and ACS clients, with
// @azure/identity loaded on the first token request rather than at start: the package and the MSAL
// library under it are among the costliest modules of a cold start, and an app that signs in with
// connection strings (Azurite, a local run) never needs them. A token request is async anyway, so
// loading the library there costs the first request nothing a synchronous construction would not.

import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';

export interface AzureCredentialOptions {
  /** a user-assigned identity's client id: ManagedIdentityCredential for it; absent: DefaultAzureCredential */
  clientId?: string;
}

/** A TokenCredential that builds the real one (as `options` says) from @azure/identity when first asked for a token. */
export function azureCredential(options: AzureCredentialOptions = {}): TokenCredential {
  let credential: Promise<TokenCredential> | undefined;
  const real = (): Promise<TokenCredential> =>
    (credential ??= import('@azure/identity').then(({ DefaultAzureCredential, ManagedIdentityCredential }) =>
      options.clientId ? new ManagedIdentityCredential({ clientId: options.clientId }) : new DefaultAzureCredential(),
    ));
  return {
    async getToken(scopes: string | string[], getTokenOptions?: GetTokenOptions): Promise<AccessToken | null> {
      return (await real()).getToken(scopes, getTokenOptions);
    },
  };
}
