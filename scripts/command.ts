/**
 * How every command ends: `main`'s number is the exit code; an error prints one line (never a
 * stack, which may quote data) after `failure` and exits 1.
 */
export function runCommand(main: () => Promise<number>, failure: string): void {
  main().then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`${failure}: ${error.message.split('\n')[0]}\n`);
      process.exit(1);
    },
  );
}
