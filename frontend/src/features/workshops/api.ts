/** Typed calls of the workshop routes (backend/workshops/controllers.py). */
import { get, post } from "../../shared/api/client";

export interface Workshop {
  id: number;
  process_id: number;
  title: string;
  held_on: string;
  place: string;
  tables: string[];
  note_count: number;
}

export interface WorkshopInput {
  title: string;
  held_on: string;
  place: string;
  tables: string[];
}

export interface NoteOut {
  id: string;
  table: string;
  text: string;
}

export interface SavedNote {
  id: string;
  table: string;
  proposal_id: number;
  reference_number: string | null;
  already_saved: boolean;
}

export const workshopApi = {
  list: (processId: number) => get<Workshop[]>(`/processes/${processId}/workshops`),
  create: (processId: number, body: WorkshopInput) => post<Workshop>(`/processes/${processId}/workshops`, body),
  sendNotes: (workshopId: number, notes: NoteOut[]) =>
    post<{ saved: SavedNote[] }>(`/workshops/${workshopId}/notes`, { notes }),
};
