import { patchFor } from './rollout-requests.js';
import { FAILED, PROGRESSING, SUCCEEDED, viewFor } from './fake-canary-views.js';

describe('patchFor (pause, resume, promote, abort, retry)', () => {
  it('pauses and resumes with songbird.dev/paused in any phase', () => {
    const pause = patchFor('pause', viewFor('web', SUCCEEDED));
    const resume = patchFor('resume', viewFor('web', PROGRESSING));
    expect(pause.ok && pause.value.annotations).toEqual({ 'songbird.dev/paused': 'true' });
    expect(resume.ok && resume.value.annotations).toEqual({ 'songbird.dev/paused': null });
  });

  it.each([
    ['promote', 'songbird.dev/promote', 'promotion of revision 7c9f4d8b6 of shop/web.v2 requested (songbird.dev/promote=7c9f4d8b6#4)'],
    ['abort', 'songbird.dev/abort', 'abort (rollback) of revision 7c9f4d8b6 of shop/web.v2 requested (songbird.dev/abort=7c9f4d8b6#4)'],
  ] as const)('%s names the running rollout <revision>#<number> while Progressing, so it never acts on a retry of it', (request, key, done) => {
    const patch = patchFor(request, viewFor('web.v2', PROGRESSING));
    expect(patch).toEqual({ ok: true, value: { annotations: { [key]: '7c9f4d8b6#4' }, done } });
  });

  it.each(['promote', 'abort'] as const)('%s names the bare revision when the status has no rollout number (written before rolloutNumber existed)', (request) => {
    const { rolloutNumber: _, ...older } = PROGRESSING;
    const patch = patchFor(request, viewFor('web', older));
    expect(patch.ok && patch.value.annotations).toEqual({ [`songbird.dev/${request}`]: '7c9f4d8b6' });
  });

  it.each(['promote', 'abort'] as const)('refuses %s when no rollout runs, naming the phase', (request) => {
    const patch = patchFor(request, viewFor('web', SUCCEEDED));
    expect(patch.ok).toBe(false);
    expect(!patch.ok && patch.error.message).toBe(`${request}: Canary shop/web has no rollout in progress (phase Succeeded); ${request} applies while it is Waiting or Progressing`);
  });

  it('retries a Failed rollout by naming the failed rollout <revision>#<number> in songbird.dev/retry, and removes the abort and promote that named it', () => {
    const patch = patchFor('retry', viewFor('web', FAILED));
    const annotations = { 'songbird.dev/retry': '7c9f4d8b6#4', 'songbird.dev/abort': null, 'songbird.dev/promote': null };
    expect(patch).toEqual({ ok: true, value: { annotations, done: 'retry of revision 7c9f4d8b6 of shop/web requested (songbird.dev/retry=7c9f4d8b6#4)' } });
  });

  it('names the bare failed revision when the status has no rollout number (written before rolloutNumber existed)', () => {
    const { rolloutNumber: _, ...older } = FAILED;
    const patch = patchFor('retry', viewFor('web', older));
    expect(patch.ok && patch.value.annotations).toMatchObject({ 'songbird.dev/retry': '7c9f4d8b6' });
  });

  it('refuses retry unless the Canary is Failed', () => {
    const patch = patchFor('retry', viewFor('web', PROGRESSING));
    expect(!patch.ok && patch.error.message).toBe('retry: Canary shop/web is not Failed (phase Progressing); retry runs a rolled-back revision again');
  });
});
