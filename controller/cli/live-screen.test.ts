import { screenAfter } from './fake-terminal-screen.js';
import { liveScreen } from './live-screen.js';

function screenOf(columns: number) {
  let out = '';
  const screen = liveScreen({ isTty: true, columns, rows: 40, write: (text) => void (out += text), error: () => undefined });
  return { screen, shown: () => screenAfter(out), written: () => out };
}

describe('liveScreen', () => {
  it('draws the whole frame, unwrapped, on a terminal that says it has 0 rows and 0 columns', () => {
    let out = '';
    const screen = liveScreen({ isTty: true, columns: 0, rows: 0, write: (text) => void (out += text), error: () => undefined });
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i} ${'x'.repeat(100)}`);
    screen.show(`${lines.join('\n')}\n`);
    screen.show(`${lines.join('\n').replace('line 29', 'LINE 29')}\n`);
    expect(screenAfter(out)).toEqual([...lines.slice(0, 29), lines[29]!.replace('line 29', 'LINE 29')]);
  });

  // The footer is the same within one second: lines added or removed above an unchanged end (log-update 7.2.0 left it in place).
  it('shows only the last frame when lines are added and removed above an unchanged end', () => {
    const { screen, shown } = screenOf(80);
    screen.show('Canary shop/web\n  Phase: Progressing\nUpdated 09:00:01\n');
    screen.show('Canary shop/web\n  Phase: Succeeded\nHistory\n  1 promoted\n  0 rolled back\nUpdated 09:00:01\n');
    expect(shown()).toEqual(['Canary shop/web', '  Phase: Succeeded', 'History', '  1 promoted', '  0 rolled back', 'Updated 09:00:01']);
    screen.show('Canary shop/web\n  Phase: Failed\nUpdated 09:00:01\n');
    expect(shown()).toEqual(['Canary shop/web', '  Phase: Failed', 'Updated 09:00:01']);
  });

  it('rewrites only what changed in a frame of the same height', () => {
    const { screen, shown, written } = screenOf(80);
    screen.show('Canary shop/web\n  Phase: Progressing\nUpdated 09:00:01\n');
    const first = written().length;
    screen.show('Canary shop/web\n  Phase: Progressing\nUpdated 09:00:02\n');
    expect(written().slice(first)).not.toContain('Canary shop/web');
    expect(shown()).toEqual(['Canary shop/web', '  Phase: Progressing', 'Updated 09:00:02']);
  });

  it('wraps a line longer than the terminal and still redraws in place when the wrapping changes', () => {
    const { screen, shown } = screenOf(20);
    screen.show('Canary shop/web\nReason: short\nUpdated 1\n');
    screen.show(`Canary shop/web\nReason: ${'x'.repeat(30)}\nUpdated 1\n`);
    expect(shown()).toEqual(['Canary shop/web', `Reason: ${'x'.repeat(12)}`, 'x'.repeat(18), 'Updated 1']);
  });
});
