/** The text a reader sees: tags dropped, the entities we emit decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<\/?(?:time|span|strong|a)(?:\s[^>]*)?>/g, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
