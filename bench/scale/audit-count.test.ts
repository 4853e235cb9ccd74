import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { auditLogSize, countAuditRequests, topRequests } from './audit-count.js';

const USER = 'system:serviceaccount:bench-scale-system:songbird';
const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
const event = (id: string, verb: string, resource: string, second: number, extra: object = {}) =>
  JSON.stringify({ kind: 'Event', level: 'Metadata', auditID: id, stage: 'ResponseComplete', verb, user: { username: USER }, objectRef: { resource }, requestReceivedTimestamp: at(second), ...extra });

function logFile(lines: string[]): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'audit-count-')), 'audit.log');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('countAuditRequests', () => {
  const fromMs = Date.parse(at(10));
  const toMs = Date.parse(at(20));

  it('counts one request per auditID when a watch is logged at start and at completion', async () => {
    const file = logFile([event('w', 'watch', 'canaries', 12, { stage: 'ResponseStarted' }), event('w', 'watch', 'canaries', 12), event('g', 'get', 'deployments', 15)]);
    const count = await countAuditRequests(file, { user: USER, fromOffset: 0, fromMs, toMs });
    expect(count.requests).toBe(2);
    expect(count.byVerbResource).toEqual({ 'watch canaries': 1, 'get deployments': 1 });
  });

  it('leaves out requests of other users and requests received outside the window', async () => {
    const file = logFile([
      event('early', 'get', 'deployments', 9),
      event('late', 'get', 'deployments', 20),
      event('other', 'get', 'deployments', 15, { user: { username: 'songbird-admin' } }),
      event('in', 'update', 'canaries', 11, { objectRef: { resource: 'canaries', subresource: 'status' }, responseStatus: { code: 409 } }),
    ]);
    const count = await countAuditRequests(file, { user: USER, fromOffset: 0, fromMs, toMs });
    expect(count).toEqual({ requests: 1, byVerbResource: { 'update canaries/status': 1 }, failed: 1 });
    expect(topRequests(count)).toBe('update canaries/status 1');
  });

  it('reads only what was written after the offset, even when it falls inside a line', async () => {
    const first = event('before', 'get', 'deployments', 12);
    const file = logFile([first, event('after', 'list', 'services', 13)]);
    const count = await countAuditRequests(file, { user: USER, fromOffset: 5, fromMs, toMs });
    expect(count.byVerbResource).toEqual({ 'list services': 1 });
    expect(auditLogSize(file)).toBeGreaterThan(first.length);
    expect(auditLogSize(path.join(path.dirname(file), 'absent.log'))).toBe(0);
  });
});
