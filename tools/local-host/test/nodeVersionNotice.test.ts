import { describe, expect, it } from 'vitest';
import { AZURE_NODE_MAJOR, nodeVersionNotice } from '../src/nodeVersionNotice';

describe('nodeVersionNotice', () => {
  it('says in one line that Azure runs Node.js 22 when the local Node.js is 20', () => {
    const notice = nodeVersionNotice('20.19.0');
    expect(notice).toBe('  Node.js 20.19.0 here; Azure runs Node.js 22 (infra/main.bicep nodeVersion): run the tests on 22 before you deploy.');
    expect(notice).not.toContain('\n');
  });

  it('says nothing on the major version Azure runs, whatever the minor', () => {
    expect(AZURE_NODE_MAJOR).toBe(22);
    expect(nodeVersionNotice('22.0.0')).toBeUndefined();
    expect(nodeVersionNotice('22.23.5')).toBeUndefined();
  });

  it('speaks up on a newer major too: Azure does not run that one either', () => {
    expect(nodeVersionNotice('24.1.0')).toContain('Azure runs Node.js 22');
  });
});
