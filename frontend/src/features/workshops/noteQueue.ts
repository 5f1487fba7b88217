/**
 * The workshop screen's outbox (送信待ちの付箋): every note is written to `localStorage` the
 * moment it is typed, before any request, and sent in batches of up to 100. Each note carries a
 * UUID made here, so a batch resent after a lost answer is stored once by the server
 * (backend/workshops/services.py). A failed send is retried with back-off (1, 2, 4… up to
 * 15 seconds: a facilitator sees the notes leave within seconds of the network coming back,
 * while a dead server gets at most four requests a minute from each laptop) and at once on the
 * browser's `online` event. Nothing is removed when sent: the list stays the record of the
 * meeting on this device, each note marked 「送信済み」 with its 受付番号.
 */
import { ApiError, NetworkError } from "../../shared/api/client";
import type { NoteOut, NotesSaved } from "./api";

export const STORAGE_KEY = "kyoso.workshop.notes";
export const BATCH_SIZE = 100;
export const MAX_NOTE_LENGTH = 1000;
const MAX_DELAY_MS = 15_000;

export interface QueuedNote {
  id: string;
  workshopId: number;
  table: string;
  text: string;
  typedAt: string;
  state: "pending" | "sent";
  reference?: string | null;
}

/** Why the last send failed: the network (or a server that is down), the session, or the request. */
export type SendTrouble = { kind: "offline" } | { kind: "signed-out" } | { kind: "refused"; error: unknown };

export interface QueueState {
  notes: QueuedNote[];
  sending: boolean;
  trouble: SendTrouble | null;
}

export type SendNotes = (workshopId: number, notes: NoteOut[]) => Promise<NotesSaved>;

/** The delay before retry number `attempt` (0, 1, 2…): 1 s doubling up to 15 s. */
export function retryDelay(attempt: number): number {
  return Math.min(1000 * 2 ** attempt, MAX_DELAY_MS);
}

/** A random (version 4) UUID, also on a plain-http intranet where `crypto.randomUUID` is absent. */
export function newNoteId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function readStored(storage: Storage): QueuedNote[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(STORAGE_KEY) ?? "[]");
    return Array.isArray(parsed) ? (parsed as QueuedNote[]) : [];
  } catch {
    return [];
  }
}

/** Whether a failure means "try again later" (no answer, or the server is not up yet). */
function isTransient(error: unknown): boolean {
  if (error instanceof NetworkError) return true;
  return error instanceof ApiError && (error.status >= 500 || error.status === 408 || error.status === 429);
}

export class NoteQueue {
  private state: QueueState;
  private listeners = new Set<() => void>();
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly workshopId: number,
    private readonly send: SendNotes,
    private readonly storage: Storage = window.localStorage,
  ) {
    const notes = readStored(storage).filter((n) => n.workshopId === workshopId);
    this.state = { notes, sending: false, trouble: null };
  }

  snapshot = (): QueueState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  pendingCount(): number {
    return this.state.notes.filter((n) => n.state === "pending").length;
  }

  private update(change: Partial<QueueState>): void {
    this.state = { ...this.state, ...change };
    if (change.notes) {
      // other workshops' notes on this device stay as they are
      const others = readStored(this.storage).filter((n) => n.workshopId !== this.workshopId);
      this.storage.setItem(STORAGE_KEY, JSON.stringify([...others, ...this.state.notes]));
    }
    this.listeners.forEach((listener) => listener());
  }

  /** Keep a typed note (on this device first), then try to send. */
  add(table: string, text: string, now: Date = new Date()): QueuedNote {
    const note: QueuedNote = {
      id: newNoteId(),
      workshopId: this.workshopId,
      table,
      text,
      typedAt: now.toISOString(),
      state: "pending",
    };
    this.update({ notes: [...this.state.notes, note] });
    void this.flush();
    return note;
  }

  /** Send what waits, batch by batch, until nothing does or a send fails. */
  async flush(): Promise<void> {
    if (this.state.sending) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    for (;;) {
      const batch = this.state.notes.filter((n) => n.state === "pending").slice(0, BATCH_SIZE);
      if (batch.length === 0) {
        this.update({ sending: false, trouble: null });
        return;
      }
      this.update({ sending: true });
      try {
        const { saved } = await this.send(
          this.workshopId,
          batch.map(({ id, table, text }) => ({ id, table, text })),
        );
        const numbers = new Map(saved.map((s) => [s.id, s.reference_number]));
        this.attempt = 0;
        this.update({
          notes: this.state.notes.map((n) =>
            numbers.has(n.id) ? { ...n, state: "sent", reference: numbers.get(n.id) } : n,
          ),
          trouble: null,
        });
      } catch (error) {
        this.failed(error);
        return;
      }
    }
  }

  private failed(error: unknown): void {
    const trouble: SendTrouble = isTransient(error)
      ? { kind: "offline" }
      : error instanceof ApiError && (error.status === 401 || error.status === 403)
        ? { kind: "signed-out" }
        : { kind: "refused", error };
    this.update({ sending: false, trouble });
    // a refused batch waits for the facilitator (「今すぐ送信」): resending it unchanged would
    // be refused again; a lost connection or session is retried by itself
    if (trouble.kind !== "refused") {
      this.timer = setTimeout(() => void this.flush(), retryDelay(this.attempt));
      this.attempt += 1;
    }
  }

  /** Send now, e.g. on the browser's `online` event or the 「今すぐ送信」 button. */
  retryNow(): void {
    this.attempt = 0;
    void this.flush();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
