import { changeLine, fitToScreen, rowsOf, screenSize, watchFrame } from './watch-screen.js';
import { watchVerdict } from './watch-verdict.js';
import { NOW, PROGRESSING, SUCCEEDED, viewFor } from './fake-canary-views.js';

describe('watch screen', () => {
  it('draws a frame of the status report and a footer', () => {
    const frame = watchFrame(viewFor('web', PROGRESSING), NOW);
    expect(frame.startsWith('Canary shop/web\n  Phase:')).toBe(true);
    expect(frame).toContain('Updated 09:00:00 UTC · exits when the rollout succeeds (0) or fails (1)');
  });

  it('says above the phase which revision the watch waits for, aligned with the other rows', () => {
    const view = viewFor('web', SUCCEEDED);
    const frame = watchFrame(view, NOW, watchVerdict(view.status, 'b1b1b1b1b1'));
    expect(frame.split('\n').slice(0, 3)).toEqual([
      'Canary shop/web',
      '  Watching:      waiting for the rollout of revision b1b1b1b1b1 to start (the Canary is Succeeded)',
      '  Phase:         Succeeded for 20m · rollout 4',
    ]);
  });

  it('counts the rows a frame takes, long lines wrapping at the terminal width', () => {
    expect(rowsOf('a\nb\n', 80)).toBe(2);
    expect(rowsOf(`${'x'.repeat(81)}\n\n`, 80)).toBe(3);
    expect(rowsOf('✔ é\n', 3)).toBe(1);
    expect(rowsOf('\x1b[31mred\x1b[0m\n', 3)).toBe(1);
  });

  it('takes a size the terminal does not tell or tells as 0 as unlimited, and cuts nothing then', () => {
    expect(screenSize({ columns: 0, rows: 0 })).toEqual({ columns: Infinity, rows: Infinity });
    expect(screenSize({})).toEqual({ columns: Infinity, rows: Infinity });
    expect(screenSize({ columns: 120, rows: 40 })).toEqual({ columns: 120, rows: 40 });
    const frame = `${Array.from({ length: 30 }, (_, i) => `line ${i} ${'x'.repeat(200)}`).join('\n')}\n`;
    const { columns, rows } = screenSize({ columns: 0, rows: 0 });
    expect(fitToScreen(frame, columns, Math.max(2, rows - 1))).toBe(frame);
  });

  it('keeps a frame that fits the screen as it is', () => {
    expect(fitToScreen('a\nb\n', 80, 2)).toBe('a\nb\n');
  });

  it('cuts a frame taller than the screen, saying how many lines it left out, so a redraw never scrolls', () => {
    const frame = watchFrame(viewFor('web', PROGRESSING), NOW);
    const fitted = fitToScreen(frame, 80, 10);
    expect(rowsOf(fitted, 80)).toBeLessThanOrEqual(10);
    expect(fitted.split('\n').slice(0, 2)).toEqual(['Canary shop/web', '  Phase:         Progressing for 2m10s · rollout 4']);
    expect(fitted).toMatch(/\n… \d+ more lines \(make the terminal taller, or use status\)\n$/);
    const kept = fitted.split('\n').length - 2;
    expect(fitted).toContain(`… ${frame.split('\n').length - 1 - kept} more lines`);
  });

  it('prints one line per state for logs, without a timestamp so repeats compare equal', () => {
    expect(changeLine(viewFor('web', PROGRESSING))).toBe(
      'shop/web · Progressing · stage weight-25 (3/4) · primary/canary 75/25 · internal → canary · failing latency · customers 1,204 requests (3 errors) · internal 214 requests (31 errors)',
    );
    expect(changeLine(viewFor('web', SUCCEEDED))).toBe('shop/web · Succeeded · stage - · primary/canary 100/0 · internal → primary · failing none · not measured yet');
  });
});
