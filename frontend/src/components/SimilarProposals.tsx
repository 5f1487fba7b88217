/**
 * The "similar proposals" hint beside the new-proposal form. Its API
 * (GET /processes/{id}/similar?text=…) is planned: until it answers 200 this renders nothing;
 * a 404 is ignored. Calls are debounced so typing does not flood the server.
 */
import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { endpoints } from "../api/endpoints";

const DEBOUNCE_MS = 600;
const MIN_LENGTH = 8;

export function useDebounced<T>(value: T, delay = DEBOUNCE_MS): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return debounced;
}

export function SimilarProposals({ processId, text }: { processId: number; text: string }) {
  const { t } = useTranslation();
  const query = useDebounced(text.trim());
  const similar = useQuery({
    queryKey: ["similar", processId, query],
    queryFn: ({ signal }) => endpoints.similar(processId, query, signal),
    enabled: [...query].length >= MIN_LENGTH,
    staleTime: 60_000,
    retry: false,
  });
  const items = similar.data ?? null;
  // Slot: nothing is shown until the API exists and finds something.
  if (!items || items.length === 0) return <div className="similar-slot" data-testid="similar-slot" />;
  return (
    <aside className="similar panel" aria-labelledby="similar-title" data-testid="similar-slot">
      <h2 id="similar-title">{t("newProposal.similarTitle")}</h2>
      <p className="small">{t("newProposal.similarHint")}</p>
      <ul className="similar__list" aria-live="polite">
        {items.slice(0, 5).map((proposal) => (
          <li key={proposal.id}>
            <Link to={`/proposals/${proposal.id}`} target="_blank" rel="noopener">
              {proposal.title}
            </Link>{" "}
            <span className="small">{t("vote.tally", { ...proposal.tally })}</span>
          </li>
        ))}
      </ul>
    </aside>
  );
}
