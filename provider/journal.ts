// A write-ahead journal of creates, so that what a killed run made can still be told apart from what others made.
//
// Before each create request (Dialpad's POST of a server-made id, or PUT of a caller-chosen hook id) the provider
// appends one line, synchronously, to a file of its own: the vendor and collection, a fingerprint of what it sends
// (a SHA-256 over the compared properties, secrets left out) and the highest id it knew at send time. When the
// answer comes it appends the id. A SIGKILL after the line is written loses nothing: the line is in the kernel's
// hands before the request leaves. `npx pulumi-dialpad-cinnox recover` reads these lines for a stack's pending
// creates and takes, for each, only an object with an id above that mark, matching what was sent, that no
// resource holds: the same rule as the in-process recovery after a lost answer (dialpad/lifecycle.ts createOnce).
//
// No secret and no credential is written: the fingerprint leaves out every property named `secret`, the base URL
// is hashed with the collection's path, and a URL is only part of the hash input.
import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Where the journal lives: PULUMI_DIALPAD_CINNOX_JOURNAL, else `<PULUMI_HOME or ~/.pulumi>/pulumi-dialpad-cinnox/journal`. */
export function journalDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PULUMI_DIALPAD_CINNOX_JOURNAL) return path.resolve(env.PULUMI_DIALPAD_CINNOX_JOURNAL);
  const home = env.PULUMI_HOME ? path.resolve(env.PULUMI_HOME) : path.join(os.homedir(), ".pulumi");
  return path.join(home, "pulumi-dialpad-cinnox", "journal");
}

/** Files older than this are removed when a provider process writes its first line. */
export const JOURNAL_KEEP_MS = 30 * 24 * 3600_000;

/** Which collection of which account: a hash of the base URL and the path (a company id would be in the base URL's scope). */
export function collectionKey(baseUrl: string, apiPath: string): string {
  return createHash("sha256").update(`${baseUrl.replace(/\/+$/, "")}\u0000${apiPath}`).digest("hex").slice(0, 32);
}

const canonical = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(canonical);
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
  }
  return v;
};

/**
 * What was sent, as a hash: the compared properties (input names, as checked), absent values as null, every
 * property named `secret` left out. The recovery computes the same from a pending create's inputs.
 */
export function fingerprint(sent: Record<string, unknown>, compared: readonly string[]): string {
  const picked: Record<string, unknown> = {};
  for (const k of [...compared].filter((c) => c !== "secret").sort()) picked[k] = sent[k] ?? null;
  return createHash("sha256").update(JSON.stringify(canonical(picked))).digest("hex");
}

/**
 * The secret properties of what was sent, as a salted hash (a fresh random salt per line): enough to tell an
 * object with another secret apart, nothing that gives the secret back.
 */
export function secretPrint(sent: Record<string, unknown>, compared: readonly string[], salt: string): string {
  const secrets = compared.filter((c) => c === "secret").map((k) => sent[k] ?? null);
  return createHash("sha256").update(salt).update(JSON.stringify(secrets)).digest("hex");
}

export interface SendLine {
  op: "send";
  /** Unique per create request. */
  key: string;
  at: string;
  pid: number;
  /** collectionKey(baseUrl, path). */
  collection: string;
  fp: string;
  /** Salt and salted hash of the secret properties (secretPrint). */
  salt?: string;
  sfp?: string;
  /** The highest server-made id known when the request was sent ("0" when none); a chosen hook id for PUTs. */
  highest: string;
  /** For a caller-chosen id (legacy PUT): the id, absent from the vendor when the request was sent. */
  chosenId?: string;
}

export interface AnswerLine {
  op: "answer";
  key: string;
  id: string;
}

/** Written by `recover` once it imported (id) or cleared (no id) the pending create a send line stands for. */
export interface ResolvedLine {
  op: "resolved";
  key: string;
  id?: string;
}

export type JournalLine = SendLine | AnswerLine | ResolvedLine;

let file: string | undefined;

/** Appends lines for `recover` (resolved pending creates), in a file of its own. */
export function journalResolve(lines: ResolvedLine[]): void {
  for (const l of lines) append(l);
}

function append(line: JournalLine): void {
  try {
    if (!file) {
      const dir = journalDir();
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      prune(dir);
      file = path.join(dir, `${Date.now()}-${process.pid}-${randomBytes(4).toString("hex")}.jsonl`);
    }
    fs.appendFileSync(file, `${JSON.stringify(line)}\n`, { mode: 0o600 });
  } catch {
    // A journal that cannot be written must not fail the create: recovery then finds no line and decides nothing.
  }
}

function prune(dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    try {
      if (Date.now() - fs.statSync(p).mtimeMs > JOURNAL_KEEP_MS) fs.rmSync(p, { force: true });
    } catch {
      // Another process pruned it first.
    }
  }
}

/** Writes the line of a create about to be sent; the returned function records the id the vendor answered. */
export function journalSend(o: {
  baseUrl: string;
  path: string;
  sent: Record<string, unknown>;
  compared: readonly string[];
  highest: string;
  chosenId?: string;
}): (id: string) => void {
  const key = randomBytes(12).toString("hex");
  const collection = collectionKey(o.baseUrl, o.path);
  const fp = fingerprint(o.sent, o.compared);
  const salt = randomBytes(16).toString("hex");
  warnIfInterrupted(collection, fp, o.path);
  append({
    op: "send", key, at: new Date().toISOString(), pid: process.pid, collection,
    fp, salt, sfp: secretPrint(o.sent, o.compared, salt), highest: o.highest, ...(o.chosenId !== undefined ? { chosenId: o.chosenId } : {}),
  });
  return (id: string) => append({ op: "answer", key, id });
}

/** The command that resolves a killed run's pending operations (printed by the provider and `drift`). */
export const RECOVER_COMMAND = "pulumi cancel (only if the stack is still locked), then npx pulumi-dialpad-cinnox recover --yes, then pulumi up";

/** Where the hint goes: the provider's stderr, which the engine shows as a diagnostic of the run. */
export const journalNotices = { write: (line: string): void => void process.stderr.write(`${line}\n`) };

let earlier: JournalEntry[] | undefined;
const warned = new Set<string>();

/**
 * A create identical to one an earlier process sent and never learned the outcome of (the run was killed, and
 * `recover` has not resolved it): the object may exist already, and this create would make a second one. Said
 * once per process and collection, with the command that resolves it.
 */
function warnIfInterrupted(collection: string, fp: string, apiPath: string): void {
  try {
    earlier ??= readJournal();
    const hit = earlier.find((e) => e.collection === collection && e.fp === fp && e.pid !== process.pid && e.answeredId === undefined && !e.resolved);
    if (!hit || warned.has(collection)) return;
    warned.add(collection);
    journalNotices.write(
      `warning: an earlier run (process ${hit.pid}, ${hit.at}) sent this same create (POST/PUT ${apiPath}) and was stopped before it ` +
        "learned what it made, so that object may exist and this create can duplicate it. If Pulumi reported pending operations " +
        `from an interrupted update, resolve them first: ${RECOVER_COMMAND}.`,
    );
  } catch {
    // A hint only.
  }
}

/** One create request as the journal knows it: sent, and answered or not. */
export interface JournalEntry extends SendLine {
  answeredId?: string;
  /** `recover` resolved the pending create this line stands for. */
  resolved?: boolean;
}

/** Every create request in the journal (all files; a torn last line of a killed process is skipped). */
export function readJournal(dir: string = journalDir()): JournalEntry[] {
  if (!fs.existsSync(dir)) return [];
  const sends = new Map<string, JournalEntry>();
  const answers = new Map<string, string>();
  const resolved = new Set<string>();
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith(".jsonl")).sort()) {
    let text: string;
    try {
      text = fs.readFileSync(path.join(dir, name), "utf8");
    } catch {
      continue;
    }
    for (const raw of text.split("\n")) {
      if (raw.trim() === "") continue;
      let line: JournalLine;
      try {
        line = JSON.parse(raw) as JournalLine;
      } catch {
        continue;
      }
      if (line.op === "send" && typeof line.key === "string") sends.set(line.key, { ...line });
      else if (line.op === "answer" && typeof line.key === "string" && typeof line.id === "string") answers.set(line.key, line.id);
      else if (line.op === "resolved" && typeof line.key === "string") resolved.add(line.key);
    }
  }
  for (const [key, id] of answers) {
    const s = sends.get(key);
    if (s) s.answeredId = id;
  }
  for (const key of resolved) {
    const s = sends.get(key);
    if (s) s.resolved = true;
  }
  return [...sends.values()];
}
