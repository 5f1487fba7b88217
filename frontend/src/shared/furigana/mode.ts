/**
 * ふりがな mode (readings over kanji, and the やさしい日本語 variant of a few UI strings): off by
 * default, remembered in localStorage, read by every component through one small store.
 */
import { useSyncExternalStore } from "react";

const STORAGE_KEY = "kyoso.furigana";
const listeners = new Set<() => void>();

function stored(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === "on";
  } catch {
    return false; // storage may be unavailable (private mode)
  }
}

let on = stored();

export function setFurigana(value: boolean): void {
  on = value;
  try {
    if (value) localStorage.setItem(STORAGE_KEY, "on");
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // the mode still applies to this visit
  }
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useFurigana(): boolean {
  return useSyncExternalStore(subscribe, () => on, () => false);
}
