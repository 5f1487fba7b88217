/**
 * Typing a workshop's notes, keyboard only: Enter keeps the note (on this device first) and
 * clears the box, Shift+Enter starts a new line, Alt+1…9 or the select picks the table. The
 * status line says whether notes are reaching the server (a polite live region); each note shows
 * 「送信待ち」 or 「送信済み」 with its 受付番号. Sending is `noteQueue.ts`'s job.
 */
import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { problemMessage } from "../../../shared/api/client";
import { LiveMessage } from "../../../shared/components/Feedback";
import { Field } from "../../../shared/components/Field";
import { workshopApi, type Workshop } from "../api";
import { MAX_NOTE_LENGTH, NoteQueue, type QueueState } from "../noteQueue";
import "../i18n";

function useNoteQueue(workshopId: number): [NoteQueue, QueueState] {
  const queue = useMemo(() => new NoteQueue(workshopId, workshopApi.sendNotes), [workshopId]);
  useEffect(() => {
    const online = () => queue.retryNow();
    window.addEventListener("online", online);
    queue.retryNow(); // what a reload or an earlier visit left waiting
    return () => {
      window.removeEventListener("online", online);
      queue.stop();
    };
  }, [queue]);
  return [queue, useSyncExternalStore(queue.subscribe, queue.snapshot)];
}

function useBrowserOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener("online", on);
    window.addEventListener("offline", off);
    return () => {
      window.removeEventListener("online", on);
      window.removeEventListener("offline", off);
    };
  }, []);
  return online;
}

export function NoteEntry({ workshop, onLeave }: { workshop: Workshop; onLeave: () => void }) {
  const { t, i18n } = useTranslation();
  const [queue, state] = useNoteQueue(workshop.id);
  const browserOnline = useBrowserOnline();
  const [table, setTable] = useState(workshop.tables[0]);
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string>();
  const [message, setMessage] = useState<string>();
  const box = useRef<HTMLTextAreaElement>(null);
  const pending = state.notes.filter((n) => n.state === "pending").length;

  useEffect(() => box.current?.focus(), []);
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const digit = /^Digit([1-9])$/.exec(event.code);
      if (!event.altKey || !digit) return;
      const next = workshop.tables[Number(digit[1]) - 1];
      if (next === undefined) return;
      event.preventDefault();
      setTable(next);
      setMessage(t("workshops:switched", { table: next }));
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [workshop.tables, t]);

  const keep = () => {
    const note = text.trim();
    if (!note) {
      setProblem(t("workshops:empty"));
      return;
    }
    if (note.length > MAX_NOTE_LENGTH) {
      setProblem(t("workshops:tooLong", { max: MAX_NOTE_LENGTH, count: note.length }));
      return;
    }
    queue.add(table, note);
    setText("");
    setProblem(undefined);
    setMessage(t("workshops:saved", { table }));
    box.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter that confirms a kana-kanji conversion (IME) is not a save
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    keep();
  };

  const offline = !browserOnline || state.trouble?.kind === "offline";
  const status =
    state.trouble?.kind === "signed-out"
      ? t("workshops:signedOut", { count: pending })
      : state.trouble?.kind === "refused"
        ? t("workshops:refused", { problem: problemMessage(state.trouble.error, t, i18n.language) })
        : offline
          ? pending > 0
            ? t("workshops:offline", { count: pending })
            : t("workshops:offlineNone")
          : state.sending
            ? t("workshops:sending")
            : pending > 0
              ? t("workshops:waiting", { count: pending })
              : t("workshops:online");
  const calm = !offline && !state.trouble;

  return (
    <div className="workshop">
      <p>
        <strong>{workshop.title}</strong>（{t("workshops:summary", { date: workshop.held_on, place: workshop.place || "—" })}）{" "}
        <button type="button" className="button button--secondary" onClick={onLeave}>
          {t("workshops:back")}
        </button>
      </p>
      <div
        id="workshop-status"
        role="status"
        aria-live="polite"
        data-connection={offline ? "offline" : "online"}
        className={`notice ${calm ? "notice--info" : "notice--warning"}`}
      >
        {status}{" "}
        {pending > 0 && !state.sending && (
          <button type="button" className="button button--secondary" onClick={() => queue.retryNow()}>
            {t("workshops:retry")}
          </button>
        )}
      </div>
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          keep();
        }}
      >
        <Field id="workshop-table" label={t("workshops:table")} hint={t("workshops:tableHint")} required>
          {(props) => (
            <select {...props} className="select" value={table} onChange={(e) => setTable(e.target.value)}>
              {workshop.tables.map((name, i) => (
                <option key={name} value={name}>
                  {i < 9 ? `${name}（Alt+${i + 1}）` : name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="workshop-note" label={t("workshops:note")} hint={t("workshops:noteHint")} error={problem} required>
          {(props) => (
            <textarea
              {...props}
              ref={box}
              className="textarea"
              rows={3}
              value={text}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={onKeyDown}
            />
          )}
        </Field>
        <div className="button-row">
          <button type="submit" className="button button--primary">
            {t("workshops:save")}
          </button>
        </div>
      </form>
      <LiveMessage message={message} tone="info" />
      <h2>{t("workshops:notesTitle")}</h2>
      {workshop.tables.map((name) => {
        const notes = state.notes.filter((n) => n.table === name).reverse();
        return (
          <section key={name} aria-labelledby={`workshop-table-${name}`} className="workshop__table">
            <h3 id={`workshop-table-${name}`}>{t("workshops:tableNotes", { table: name, count: notes.length })}</h3>
            {notes.length === 0 ? (
              <p>{t("workshops:noNotes")}</p>
            ) : (
              <ul className="workshop__notes">
                {notes.map((n) => (
                  <li key={n.id} data-state={n.state}>
                    <span className="workshop__text">{n.text}</span>{" "}
                    <span className={n.state === "sent" ? "badge" : "badge badge--warning"}>
                      {n.state === "sent" ? t("workshops:sent") : t("workshops:pending")}
                    </span>
                    {n.reference && <span> {t("workshops:reference", { number: n.reference })}</span>}
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
