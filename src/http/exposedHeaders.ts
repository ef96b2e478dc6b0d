// The form is served from another origin (Static Web Apps) and calls the API cross-origin. A browser
// lets its script read only the CORS-safelisted response headers and those the answer lists in
// Access-Control-Expose-Headers, and the platform's CORS policy exposes none (the Functions host
// builds it with origins, methods and headers only: azure-functions-host CorsOptionsSetup.cs). So
// the app lists the ones the page needs: Location (201) and Retry-After (409, 429, 503).

/** Response headers that make `Location` and `Retry-After` readable by a page on another origin. */
export const EXPOSED_HEADERS: Readonly<Record<string, string>> = { 'Access-Control-Expose-Headers': 'Location, Retry-After' };
