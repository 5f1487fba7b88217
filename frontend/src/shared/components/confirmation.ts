/**
 * Confirmations that outlive a change of page (「提案を投稿しました。」): carried in the router's
 * location state and shown by Layout in its one polite status region, which is on the page from
 * the start, so screen readers announce the text when it arrives.
 */
import { useLocation, useNavigate } from "react-router";

export function confirmationIn(state: unknown): string | undefined {
  const value = (state as { confirmation?: unknown } | null)?.confirmation;
  return typeof value === "string" ? value : undefined;
}

/** Go to `to` (default: stay on this page) and confirm what was done there; `more` travels in
 * the same location state (a photo that could not be uploaded, say). */
export function useConfirmation() {
  const navigate = useNavigate();
  const here = useLocation();
  return (confirmation: string, to?: string, more?: Record<string, unknown>) =>
    navigate(to ?? `${here.pathname}${here.search}`, {
      state: { ...more, confirmation },
      replace: to === undefined,
    });
}
