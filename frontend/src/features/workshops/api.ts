/** Typed calls of the workshop routes (backend/workshops/controllers.py). */
import { get, post } from "../../shared/api/client";
import type { Schemas } from "../../shared/api/openapi";

export type Workshop = Schemas["WorkshopOut"];
export type WorkshopInput = Schemas["WorkshopCreate"];
export type NoteOut = Schemas["NoteIn"];
export type SavedNote = Schemas["SavedNote"];
export type NotesSaved = Schemas["NoteBatchResult"];

export const workshopApi = {
  list: (processId: number) => get<Workshop[]>(`/processes/${processId}/workshops`),
  create: (processId: number, body: WorkshopInput) => post<Workshop>(`/processes/${processId}/workshops`, body),
  sendNotes: (workshopId: number, notes: NoteOut[]) =>
    post<NotesSaved>(`/workshops/${workshopId}/notes`, { notes }),
};
