// The console's own styles, on top of the shared stylesheet (src/web/styles.ts): a wider page, the
// navigation in the masthead, the queue's entries as cards that read the same at 390 px as on a
// desk, the filters, the action forms. Embedded in a second <style> element, which the console's
// Content-Security-Policy allows by its hash (CONSOLE_PAGE_HEADERS); no inline script, no style
// attribute. Marks carry words, never colour alone.

import { pageHeadersWithStyles } from '../securityHeaders';

export const CONSOLE_STYLESHEET = `.wrap { max-width: 64rem; }
.console-nav { display: flex; flex-wrap: wrap; gap: 0.5rem 1.25rem; align-items: center; margin: 0; }
.console-nav ul { display: flex; flex-wrap: wrap; gap: 0.5rem 1.25rem; list-style: none; margin: 0; padding: 0; }
.console-nav a { color: #fff; font-weight: 600; }
.console-nav a:hover { color: #fff; }
.console-nav a[aria-current="page"] { text-decoration-thickness: 3px; }
.console-operator { margin: 0; }
.sign-out { margin: 0; }
.sign-out button { padding: 0.3rem 0.9rem; background: transparent; color: #fff; border-color: #fff; }
.sign-out button:hover { background: #fff; color: var(--accent-dark); }
select, input[type="search"] {
  display: block; width: 100%; font: inherit; color: inherit; background: #fff; min-height: 44px;
  border: 2px solid var(--muted); border-radius: var(--radius); padding: 0.45rem 0.6rem;
}
select[aria-invalid="true"] { border-color: var(--error); border-width: 3px; }
.console-tools { display: grid; gap: 1rem; margin: 0 0 1.5rem; }
@media (min-width: 48rem) { .console-tools { grid-template-columns: 2fr 1fr; } }
.console-tools form { background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem; margin: 0; }
.console-tools h2 { font-size: 1.1rem; margin: 0 0 0.75rem; }
.filter-fields { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: 0.75rem 1rem; }
.filter-fields .field, .find .field { margin: 0; }
.console-tools .actions { margin: 1rem 0 0; display: flex; flex-wrap: wrap; gap: 0.75rem 1.25rem; align-items: center; }
.queue { list-style: none; padding: 0; margin: 0 0 2rem; }
.queue-item { border: 1px solid var(--line); border-left: 6px solid var(--accent); border-radius: var(--radius); padding: 0.75rem 1rem; margin: 0 0 0.75rem; background: #fff; }
.queue-item.breach { border-left-width: 10px; border-left-color: var(--error); background: var(--error-bg); }
.queue-item h2, .queue-item h3 { font-size: 1.1rem; margin: 0 0 0.35rem; }
.queue-item h2 a { overflow-wrap: anywhere; }
.queue-facts { display: flex; flex-wrap: wrap; gap: 0.25rem 1.5rem; margin: 0; }
.queue-facts > div { display: flex; flex-wrap: wrap; gap: 0 0.4rem; }
.queue-facts dt { color: var(--muted); }
.queue-facts dt::after { content: ":"; }
.queue-facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.marks { margin: 0 0 0.35rem; }
.mark { display: inline-block; font-weight: 700; font-size: 0.9rem; padding: 0 0.55rem; border: 2px solid currentColor; border-radius: 1rem; margin: 0 0.4rem 0.25rem 0; }
.mark.breach { color: var(--error); background: #fff; }
.mark.breach::before { content: "⚠ "; }
.mark.active { color: #fff; background: var(--error); border-color: var(--error); }
.mark.new { color: var(--ok); }
.mark.new::before { content: "★ "; }
.mark.changed { color: var(--accent); }
.overdue { color: var(--error); font-weight: 700; }
.paging { display: flex; flex-wrap: wrap; gap: 1rem 2rem; margin: 0 0 2rem; }
.console-section { margin: 0 0 2.5rem; }
.console-section > h2 { margin: 0 0 1rem; }
.report-text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
.action-forms { display: grid; gap: 1rem; }
@media (min-width: 56rem) { .action-forms { grid-template-columns: 1fr 1fr; } }
.action-form { border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem; margin: 0; background: var(--panel); }
.action-form h3 { margin: 0 0 0.75rem; font-size: 1.15rem; }
.action-form .field { margin: 0 0 1rem; }
.action-form .actions { margin: 0.5rem 0 0; }
.action-form textarea { min-height: 6rem; }
.message.internal { border-left-style: dashed; border-left-color: var(--warn); background: var(--warn-bg); }
.record { display: grid; gap: 1rem; margin: 0 0 2rem; }
@media (min-width: 48rem) { .record { grid-template-columns: 1fr 1fr; } }
.record-window { border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem; background: var(--panel); }
.record-window h2 { margin: 0 0 0.25rem; }
.record-window .facts { margin: 0.75rem 0 0; }
.figure { font-size: 1.6rem; font-weight: 700; }
`;

/** The headers of a console page: PAGE_HEADERS, with the console's stylesheet allowed beside the shared one. */
export const CONSOLE_PAGE_HEADERS: Record<string, string> = pageHeadersWithStyles([CONSOLE_STYLESHEET]);
