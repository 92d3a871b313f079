/**
 * The headless peer's log: one line per event on stdout, `HH:MM:SS.mmm [scope] text`, so a
 * person watching the terminal (or a test reading the child's output) can tell what happened
 * where. Problems go to stderr. The clock and the sink are given, for tests.
 */
export interface Logger {
  info(text: string): void;
  warn(text: string): void;
  error(text: string): void;
  /** A logger for one part of the peer: `[peer:store]`, `[peer:net]`, … */
  scope(name: string): Logger;
}

export interface LogSink {
  out(line: string): void;
  err(line: string): void;
}

export const consoleSink: LogSink = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export function createLogger(scope: string, sink: LogSink = consoleSink, now: () => Date = () => new Date()): Logger {
  const stamp = () => now().toISOString().slice(11, 23);
  return {
    info: (text) => sink.out(`${stamp()} [${scope}] ${text}`),
    warn: (text) => sink.err(`${stamp()} [${scope}] warning: ${text}`),
    error: (text) => sink.err(`${stamp()} [${scope}] error: ${text}`),
    scope: (name) => createLogger(`${scope}:${name}`, sink, now),
  };
}
