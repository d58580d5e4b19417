// Notes for the person running Pulumi that are neither errors nor results (a read that cannot see the vendor, a
// delete that sends nothing): the dynamic-provider server passes the provider's stderr to the engine's output.
// A module of its own so that tests can capture them.
export const notices = { write: (line: string): void => void process.stderr.write(`${line}\n`) };
