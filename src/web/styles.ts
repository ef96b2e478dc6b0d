// The one stylesheet of the form, the confirmation, the status and the problem pages. The form is
// static and links it as /styles.css (scripts/build-web.mjs writes it there); the server-rendered
// pages embed it in a <style> element allowed by its hash in the Content-Security-Policy, because in
// Azure they come from the Functions app, which does not serve the static site's files.
//
// Calm and readable for people under stress: one column, large type, plain sections, strong focus.
// Colours checked for at least 4.5:1 against their background (most are above 7:1).

export const STYLESHEET = `:root {
  --text: #1a1d21;
  --muted: #4a5058;          /* 7.9:1 on white */
  --bg: #ffffff;
  --panel: #f4f6f8;
  --line: #c9ced4;
  --accent: #0b4f8a;         /* 8.6:1 on white */
  --accent-dark: #083a66;
  --error: #a4161a;          /* 7.6:1 on white */
  --error-bg: #fdf1f1;
  --warn: #7a4b00;           /* 7.2:1 on its background */
  --warn-bg: #fff6e0;
  --ok: #1c6b34;             /* 6.6:1 on white */
  --focus: #ffbf00;
  --radius: 6px;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 112.5%;         /* 18px from the default 16px; scales with the user's setting */
  line-height: 1.55;
  color: var(--text);
  background: var(--bg);
}

*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; } /* also where a class sets display */
body { margin: 0; overflow-wrap: break-word; }
.wrap { max-width: 42rem; margin: 0 auto; padding: 0 1rem; }
main { padding-bottom: 4rem; }
main:focus { outline: none; }

h1 { font-size: 2rem; line-height: 1.2; margin: 2rem 0 1rem; }
h2 { font-size: 1.35rem; line-height: 1.3; margin: 0; }
p { margin: 0 0 1rem; }
a { color: var(--accent); text-underline-offset: 0.15em; }
a:hover { color: var(--accent-dark); text-decoration-thickness: 2px; }
.mono, .number, input.mono { font-family: ui-monospace, SFMono-Regular, Consolas, "Liberation Mono", monospace; }
.lead { font-size: 1.15rem; }
.hint { color: var(--muted); font-size: 0.95rem; margin: 0 0 0.5rem; overflow-wrap: anywhere; }

/* Focus is always visible, also for mouse users after an error moved it. */
:focus-visible, .error-summary:focus, #confirm-title:focus {
  outline: 3px solid var(--focus);
  outline-offset: 2px;
  box-shadow: 0 0 0 6px var(--text);
}
input:focus-visible, textarea:focus-visible { box-shadow: 0 0 0 5px var(--text); }

.skip-link { position: absolute; left: -999px; top: 0; background: var(--bg); padding: 0.5rem 1rem; z-index: 10; }
.skip-link:focus { left: 1rem; }

.masthead { background: var(--accent-dark); color: #fff; }
.masthead-inner { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; justify-content: space-between; padding-top: 0.75rem; padding-bottom: 0.75rem; }
.site-name { margin: 0; font-weight: 600; }
.lang-switch a { color: #fff; font-weight: 600; padding: 0.25rem 0.5rem; border: 2px solid #fff; border-radius: var(--radius); text-decoration: none; display: inline-block; }
.lang-switch a:hover { background: #fff; color: var(--accent-dark); }

/* Sections of the form */
fieldset { border: 0; margin: 0; padding: 0; min-width: 0; }
.section { background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius); padding: 1.25rem 1rem 0.5rem; margin: 0 0 1.5rem; }
.section > legend { float: left; width: 100%; padding: 0; margin: 0 0 1rem; }
.section > legend + * { clear: left; }
.field { margin: 0 0 1.5rem; }
.field > label, .choices > legend { display: block; font-weight: 600; margin: 0 0 0.25rem; }
.choices > legend { padding: 0; }
input[type="text"], input[type="email"], input[type="password"], textarea {
  display: block; width: 100%; font: inherit; color: inherit; background: #fff;
  border: 2px solid var(--muted); border-radius: var(--radius); padding: 0.55rem 0.7rem;
}
textarea { min-height: 8rem; resize: vertical; }
input[aria-invalid="true"], textarea[aria-invalid="true"] { border-color: var(--error); border-width: 3px; }

.choice { display: grid; grid-template-columns: auto 1fr; gap: 0 0.75rem; align-items: start; margin: 0.5rem 0 0.75rem; }
.choice input, .check input { width: 1.5rem; height: 1.5rem; margin: 0.15rem 0 0; accent-color: var(--accent); }
.choice label { font-weight: 600; }
.choice .hint { grid-column: 2; }
.check { display: grid; grid-template-columns: auto 1fr; gap: 0 0.75rem; align-items: start; }
.check .field-error { grid-column: 1 / -1; }
.check label { font-weight: 600; }

.field-error { color: var(--error); font-weight: 600; margin: 0.25rem 0 0.5rem; }
.field-error::before { content: "⚠ "; }
.error-summary { border: 3px solid var(--error); background: var(--error-bg); border-radius: var(--radius); padding: 1rem; margin: 0 0 1.5rem; }
.error-summary h2 { font-size: 1.15rem; margin: 0 0 0.5rem; }
.error-summary ul { margin: 0; padding-left: 1.25rem; }
.error-summary a { color: var(--error); font-weight: 600; }

.cvss-live { display: block; margin: 0.5rem 0; padding: 0.5rem 0.75rem; border-radius: var(--radius); border: 2px solid var(--line); background: #fff; }
.cvss-live.valid { border-color: var(--ok); }
.cvss-live.invalid { border-color: var(--error); color: var(--error); }
.badge { display: inline-block; font-weight: 700; padding: 0 0.5rem; border-radius: 1rem; color: #fff; background: var(--muted); }
.badge.sev-none { background: #4a5058; }
.badge.sev-low { background: #1c6b34; }
.badge.sev-medium { background: #7a4b00; }
.badge.sev-high { background: #a63d00; }
.badge.sev-critical { background: #a4161a; }

.actions { margin: 2rem 0; }
button, .button-link {
  font: inherit; font-weight: 700; border-radius: var(--radius); padding: 0.75rem 1.5rem; cursor: pointer;
  border: 2px solid var(--accent); display: inline-block; text-decoration: none; min-height: 44px;
}
button.primary, .button-link { background: var(--accent); color: #fff; }
button.primary:hover, .button-link:hover { background: var(--accent-dark); color: #fff; }
button.secondary { background: #fff; color: var(--accent); }
button.secondary:hover { background: var(--panel); }
button:disabled { opacity: 0.7; cursor: progress; }
.progress { margin: 0.75rem 0 0; font-weight: 600; }
.progress.busy::before {
  content: ""; display: inline-block; width: 1em; height: 1em; margin-right: 0.5em; vertical-align: -0.15em;
  border: 3px solid var(--line); border-top-color: var(--accent); border-radius: 50%; animation: spin 0.9s linear infinite;
}
.progress.failed { color: var(--error); }
@keyframes spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .progress.busy::before { animation: none; } }

/* Confirmation */
.confirmation h1 { color: var(--ok); }
.number-box { border: 3px solid var(--accent); border-radius: var(--radius); padding: 1rem; margin: 0 0 1.5rem; background: var(--panel); }
.number-label { margin: 0; font-weight: 600; color: var(--muted); }
.number { font-size: clamp(1.6rem, 7vw, 2.6rem); font-weight: 700; letter-spacing: 0.06em; margin: 0.25rem 0 0.75rem; overflow-wrap: anywhere; user-select: all; }
.copy-status { margin: 0.5rem 0 0; min-height: 1.5em; color: var(--ok); font-weight: 600; }
.quote { font-weight: 600; font-size: 1.1rem; }
.deadline { font-size: 1.1rem; }

/* Status page */
.confirmation + .status { margin-top: 3rem; padding-top: 1.5rem; border-top: 3px solid var(--line); }
.status h2 { margin-bottom: 1rem; }
.steps { list-style: none; display: flex; flex-wrap: wrap; gap: 0.5rem; padding: 0; margin: 0 0 1.25rem; }
.step { padding: 0.35rem 0.8rem; border-radius: 1rem; border: 2px solid var(--line); color: var(--muted); }
.step.done { border-color: var(--ok); color: var(--ok); }
.step.done::before { content: "✓ "; }
.step.current { background: var(--accent); border-color: var(--accent); color: #fff; font-weight: 700; }
.notice { border-left: 6px solid var(--warn); background: var(--warn-bg); color: var(--warn); padding: 0.75rem 1rem; font-weight: 600; border-radius: var(--radius); }
.facts { margin: 0 0 2rem; border-top: 1px solid var(--line); }
.facts > div { display: grid; grid-template-columns: minmax(9rem, 1fr) 2fr; gap: 0.25rem 1rem; padding: 0.6rem 0; border-bottom: 1px solid var(--line); }
.facts dt { font-weight: 600; color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.timeline-list { list-style: none; padding: 0 0 0 1.25rem; margin: 1rem 0 2rem; border-left: 3px solid var(--line); }
.event { position: relative; margin: 0 0 1.25rem; }
.event::before { content: ""; position: absolute; left: -1.85rem; top: 0.35rem; width: 0.9rem; height: 0.9rem; border-radius: 50%; background: var(--accent); }
.event.warning::before { background: var(--warn); }
.event time { color: var(--muted); font-size: 0.95rem; }
.event-text { margin: 0; font-weight: 600; }
.note { margin: 0.25rem 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.note-label { font-weight: 600; }
.problem-list li { margin: 0 0 0.5rem; }

/* The customer notice drafted together: its texts as written, and a comparison that marks changes by
   strike-through and underline (with words for screen readers), never by colour alone. */
.visually-hidden { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.customer-notice { margin: 0 0 2rem; }
.customer-notice h3 { font-size: 1.1rem; margin: 1.5rem 0 0.5rem; }
.notice-text { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius); padding: 0.75rem 1rem; margin: 0 0 1rem; }
.comparison del { text-decoration: line-through; text-decoration-thickness: 2px; color: var(--error); background: var(--error-bg); }
.comparison ins { text-decoration: underline; text-decoration-thickness: 2px; text-underline-offset: 0.2em; color: var(--ok); background: #eef7f0; font-weight: 600; }
.notice.ok { border-left-color: var(--ok); background: #eef7f0; color: var(--ok); }
.notice-state.agreed { color: var(--ok); font-weight: 600; }
.comparison del + ins, .comparison ins + del { margin-left: 0.3em; }
.notice-versions { list-style: none; padding-left: 0; }
.notice-versions summary { cursor: pointer; padding: 0.25rem 0; }
.customer-notice .actions { margin: 0 0 1rem; }

/* The thread: the question asked, the messages, the reply form */
.question { border: 3px solid var(--accent); border-radius: var(--radius); padding: 1rem; margin: 0 0 2rem; background: var(--panel); }
.question h2 { margin-top: 0; }
.message-list { list-style: none; padding: 0; margin: 1rem 0 2rem; }
.message { border: 1px solid var(--line); border-left: 6px solid var(--accent); border-radius: var(--radius); padding: 0.75rem 1rem; margin: 0 0 1rem; background: #fff; }
.message.from-reporter { border-left-color: var(--muted); }
.message-meta { margin: 0 0 0.5rem; color: var(--muted); font-size: 0.95rem; }
.message-author { font-weight: 700; color: var(--text); }
.message-tag { font-weight: 700; }
.message-body { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.reply-status { min-height: 1.5em; font-weight: 600; color: var(--ok); }
.reply-status.failed { color: var(--error); }

@media (max-width: 30rem) {
  h1 { font-size: 1.6rem; }
  .facts > div { grid-template-columns: 1fr; }
  button, .button-link { width: 100%; text-align: center; }
}
`;
