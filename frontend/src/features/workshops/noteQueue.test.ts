import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, NetworkError } from "../../shared/api/client";
import type { NoteOut } from "./api";
import { NoteQueue, STORAGE_KEY, newNoteId, retryDelay, type SendNotes } from "./noteQueue";

/** A server that stores each note id once, and can be switched off. */
function fakeServer() {
  const stored = new Map<string, NoteOut>();
  const server = { up: true, stored, calls: 0 };
  const send: SendNotes = async (_workshopId, notes) => {
    server.calls += 1;
    if (!server.up) throw new NetworkError();
    return {
      saved: notes.map((n) => {
        const again = stored.has(n.id);
        stored.set(n.id, n);
        return { id: n.id, table: n.table, proposal_id: 1, reference_number: `P1-2026-${n.id.slice(0, 5)}`, already_saved: again };
      }),
    };
  };
  return { server, send };
}

describe("the workshop outbox", () => {
  beforeEach(() => {
    localStorage.clear();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it("keeps a note on the device before sending and marks it sent with its number", async () => {
    const { server, send } = fakeServer();
    const queue = new NoteQueue(7, send);
    const note = queue.add("3班", "駐輪場が足りない");
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!)[0]).toMatchObject({ id: note.id, state: "pending" });
    await vi.runAllTimersAsync();
    expect(queue.snapshot().notes[0]).toMatchObject({ state: "sent", reference: expect.stringMatching(/^P1-/) });
    expect(server.stored.size).toBe(1);
  });

  it("keeps notes typed while the server is down, survives a reload and sends each once when it is back", async () => {
    const { server, send } = fakeServer();
    server.up = false;
    const queue = new NoteQueue(7, send);
    queue.add("1班", "ベンチがほしい");
    queue.add("2班", "街灯を増やして");
    await vi.advanceTimersByTimeAsync(0);
    expect(queue.snapshot().trouble).toEqual({ kind: "offline" });
    expect(queue.pendingCount()).toBe(2);
    queue.stop();
    // the page is reloaded: a new queue reads what the old one kept
    const reloaded = new NoteQueue(7, send);
    expect(reloaded.snapshot().notes.map((n) => n.text)).toEqual(["ベンチがほしい", "街灯を増やして"]);
    server.up = true;
    reloaded.retryNow();
    await vi.runAllTimersAsync();
    expect(reloaded.pendingCount()).toBe(0);
    expect(server.stored.size).toBe(2);
    expect(reloaded.snapshot().trouble).toBeNull();
  });

  it("retries by itself with growing pauses, at most 15 seconds apart", async () => {
    const { server, send } = fakeServer();
    server.up = false;
    const queue = new NoteQueue(7, send);
    queue.add("1班", "意見");
    await vi.advanceTimersByTimeAsync(0);
    expect(server.calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.calls).toBe(2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(server.calls).toBe(3);
    expect([0, 1, 2, 3, 4, 10].map(retryDelay)).toEqual([1000, 2000, 4000, 8000, 15000, 15000]);
    queue.stop();
  });

  it("waits for the facilitator after a refused batch, and keeps other workshops' notes", async () => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify([{ id: "x", workshopId: 9, table: "A", text: "別の会", typedAt: "", state: "pending" }]));
    let calls = 0;
    const refuse: SendNotes = async () => {
      calls += 1;
      throw new ApiError(409, { status: 409, type: "x/phase-closed", detail: "closed" });
    };
    const queue = new NoteQueue(7, refuse);
    queue.add("1班", "意見");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toBe(1);
    expect(queue.snapshot().trouble?.kind).toBe("refused");
    const kept = JSON.parse(localStorage.getItem(STORAGE_KEY)!) as { workshopId: number }[];
    expect(kept.map((n) => n.workshopId).sort()).toEqual([7, 9]);
  });

  it("makes version 4 UUIDs", () => {
    expect(newNoteId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
