// The form's control ids, apart from the page renderer (formPage.ts): the browser script needs them
// at start, and importing them from the renderer would bring the schema's limits, and with them
// zod, into the script the form loads first.

/** The DOM id of the control for a field's JSON path (`reporter.email` -> `f-reporter-email`). */
export function controlId(path: string): string {
  return `f-${path.replace(/\./g, '-')}`;
}
