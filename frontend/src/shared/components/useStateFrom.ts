/**
 * State that starts as `source` and starts over whenever `source` changes: a form over data that
 * loads or reloads. Adjusted while rendering (React's "you might not need an effect" pattern), so
 * there is no extra render with the stale value and no effect that sets state.
 */
import { useState, type Dispatch, type SetStateAction } from "react";

export function useStateFrom<T>(source: T): [T, Dispatch<SetStateAction<T>>] {
  const [state, setState] = useState(source);
  const [seen, setSeen] = useState(source);
  if (!Object.is(seen, source)) {
    setSeen(source);
    setState(source);
  }
  return [state, setState];
}
