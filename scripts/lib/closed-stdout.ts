import { escapeControls } from '../reporters/scrub.js';

/**
 * A command whose reader went away (`npm run -s examples:stats -- --list | head`) ends quietly
 * with the exit code it has so far: a closed pipe is the reader's choice, not an error of the
 * command (no EPIPE stack trace). Every CLI entry point calls this first.
 */
export function endQuietlyWhenStdoutCloses(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

/**
 * A command's entry point: stdout may close early (above), the exit code is `main`'s, and a failure
 * is one line on stderr, `name: message` (its first line, control characters escaped), exit 2:
 * bad input is named in the message, never with a stack trace.
 */
export function runCommand(name: string, main: () => Promise<number>): void {
  endQuietlyWhenStdoutCloses();
  main().then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`${name}: ${escapeControls(err instanceof Error ? err.message.split('\n')[0] : String(err))}\n`);
      process.exitCode = 2;
    },
  );
}
