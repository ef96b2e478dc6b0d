// What sending the report needs beyond the form's start script, loaded on the first submit
// (main.ts): the server's own validation (src/domain/submission.ts, with zod and the CVSS scorer
// behind it) and the CVSS words the confirmation shows the score in. Kept out of the start so the
// form is ready to type in on a slow connection before these arrive.

export { parseSubmission } from '../../src/domain/submission';
export { formToSubmissionInput } from '../../src/http/formFields';
export { cvssScoreText } from '../../src/web/cvssWords';
