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
