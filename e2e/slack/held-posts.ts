// A test fault of the Slack stand-in: a POST that is received and then held
// with no answer, as a webhook that hangs would, until the test lets it
// through or the client goes away. Nothing held is recorded as a message, so a
// test can place a crash exactly between "the controller sent it" and "Slack
// accepted it".
import type http from 'node:http';

/** What arrived and is being held. */
export interface HeldRequest {
  /** e.g. /services/T0/B0/<secret> */
  readonly path: string;
  /** The raw body, as sent. */
  readonly body: string;
  readonly receivedAt: Date;
}

/** How a held POST ended: answered after `release()`, or its connection closed first (nothing answered, nothing recorded). */
export type HeldEnd = { readonly kind: 'released'; readonly at: Date } | { readonly kind: 'closed'; readonly at: Date };

/** One armed hold (see SlackStandIn.holdNext). */
export interface HeldPost {
  /** Resolves when a matching POST arrived and is being held. */
  readonly received: Promise<HeldRequest>;
  /** Resolves when it ended: released by the test, or its connection closed (a killed client, stop()) before an answer. */
  readonly ended: Promise<HeldEnd>;
  /**
   * Lets the held POST through: the stand-in answers it as it would have
   * (recorded when accepted). Throws when nothing is held yet or it already
   * ended; disarms the hold when nothing arrived yet.
   */
  release(): void;
}

interface Armed {
  readonly matching: RegExp | undefined;
  readonly hold: HeldPost;
  taken: boolean;
  released: boolean;
  onReceived(request: HeldRequest): void;
  onEnded(end: HeldEnd): void;
  proceed?: () => void;
}

export interface HeldPosts {
  /** Arms a hold for the next POST whose raw body matches (any POST when `matching` is omitted). */
  arm(matching?: RegExp): HeldPost;
  /**
   * Holds this POST when an armed hold matches it: `proceed` answers it
   * later, on release. Returns false when no hold takes it (answer it now).
   */
  take(path: string, body: string, res: http.ServerResponse, proceed: () => void): boolean;
}

export function createHeldPosts(): HeldPosts {
  const armed: Armed[] = [];

  function arm(matching?: RegExp): HeldPost {
    let onReceived: (request: HeldRequest) => void = () => undefined;
    let onEnded: (end: HeldEnd) => void = () => undefined;
    const received = new Promise<HeldRequest>((resolve) => (onReceived = resolve));
    const ended = new Promise<HeldEnd>((resolve) => (onEnded = resolve));
    const entry: Armed = {
      matching,
      taken: false,
      released: false,
      onReceived,
      onEnded,
      hold: {
        received,
        ended,
        release() {
          if (!entry.taken) {
            armed.splice(armed.indexOf(entry), 1);
            throw new Error('Slack stand-in: nothing is held yet; the hold is disarmed');
          }
          if (entry.released || !entry.proceed) throw new Error('Slack stand-in: the held POST already ended');
          entry.released = true;
          const proceed = entry.proceed;
          entry.proceed = undefined;
          entry.onEnded({ kind: 'released', at: new Date() });
          proceed();
        },
      },
    };
    armed.push(entry);
    return entry.hold;
  }

  function take(path: string, body: string, res: http.ServerResponse, proceed: () => void): boolean {
    const entry = armed.find((a) => !a.taken && (a.matching === undefined || a.matching.test(body)));
    if (!entry) return false;
    entry.taken = true;
    armed.splice(armed.indexOf(entry), 1);
    entry.proceed = proceed;
    res.once('close', () => {
      if (entry.released) return;
      entry.proceed = undefined;
      entry.onEnded({ kind: 'closed', at: new Date() });
    });
    entry.onReceived({ path, body, receivedAt: new Date() });
    return true;
  }

  return { arm, take };
}
