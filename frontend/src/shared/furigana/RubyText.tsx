/**
 * Ruby rendering (lazy chunk): readings come from POST /api/v1/readings (MeCab + UniDic on the
 * server). Texts asked for in the same tick travel in one request, within the route's limits;
 * TanStack Query keeps each text's answer for the visit. Until it arrives, or if it fails, the
 * text shows plain. Screen readers get the plain text once: they read the kanji themselves.
 */
import { Fragment } from "react";
import { useQuery } from "@tanstack/react-query";
import { post } from "../api/client";
import type { Schemas } from "../api/openapi";

export type RubySegment = Schemas["RubySegment"];

// the route's limits (backend/readings/schemas.py)
const MAX_TEXTS = 100;
const MAX_TOTAL_CHARS = 20_000;
const MAX_TEXT_CHARS = 4_000;

interface Wanted {
  text: string;
  resolve: (segments: RubySegment[]) => void;
  reject: (error: unknown) => void;
}

let queue: Wanted[] = [];

function send(batch: Wanted[]): void {
  post<Schemas["ReadingsOut"]>("/readings", { texts: batch.map((w) => w.text) }).then(
    (answer) => batch.forEach((w, i) => w.resolve(answer.texts[i] ?? [{ text: w.text, reading: null }])),
    (error) => batch.forEach((w) => w.reject(error)),
  );
}

function flush(): void {
  const wanted = queue;
  queue = [];
  let batch: Wanted[] = [];
  let chars = 0;
  for (const w of wanted) {
    if (batch.length === MAX_TEXTS || chars + w.text.length > MAX_TOTAL_CHARS) {
      send(batch);
      batch = [];
      chars = 0;
    }
    batch.push(w);
    chars += w.text.length;
  }
  if (batch.length) send(batch);
}

export function loadReadings(text: string): Promise<RubySegment[]> {
  if (text.length > MAX_TEXT_CHARS) return Promise.resolve([{ text, reading: null }]);
  return new Promise((resolve, reject) => {
    if (queue.length === 0) setTimeout(flush, 0);
    queue.push({ text, resolve, reject });
  });
}

export default function RubyText({ text }: { text: string }) {
  const readings = useQuery({
    queryKey: ["readings", text],
    queryFn: () => loadReadings(text),
    staleTime: Infinity,
    retry: false,
  });
  if (!readings.data) return <>{text}</>;
  // Browsers put spaces around each <ruby> in the accessible name (「キッチンカーが 出 せる」), so
  // assistive technology gets the plain text and the ruby is for the eyes only.
  return (
    <>
      <span className="visually-hidden">{text}</span>
      <span aria-hidden="true">
        {readings.data.map((segment, i) =>
          segment.reading ? (
            <ruby key={i}>
              {segment.text}
              <rt>{segment.reading}</rt>
            </ruby>
          ) : (
            <Fragment key={i}>{segment.text}</Fragment>
          ),
        )}
      </span>
    </>
  );
}
