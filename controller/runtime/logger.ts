import { pino, type Logger } from 'pino';

/** The root logger; components take a child. Secret-bearing fields are redacted as a second line of defence. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { app: 'songbird' },
    redact: { paths: ['token', '*.token', 'webhookUrl', '*.webhookUrl', 'headers.authorization', '*.headers.authorization'], censor: '[redacted]' },
  });
}
