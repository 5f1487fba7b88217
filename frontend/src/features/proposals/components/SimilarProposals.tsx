/**
 * The "similar proposals" hint beside the new-proposal form (GET /processes/{id}/similar?text=…,
 * SimilarItem answers). The API shows only relevant proposals, so an empty answer renders an
 * empty slot. Calls are debounced so typing does not flood the server.
 */
import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { endpoints } from "../../../shared/api/endpoints";

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
  // Slot: nothing is shown until the API finds something relevant.
  if (!items || items.length === 0) return <div className="similar-slot" data-testid="similar-slot" />;
  return (
    <aside className="similar panel" aria-labelledby="similar-title" data-testid="similar-slot">
      <h2 id="similar-title">{t("newProposal.similarTitle")}</h2>
      <p className="small">{t("newProposal.similarHint")}</p>
      <ul className="similar__list" aria-live="polite">
        {items.slice(0, 5).map((item) => (
          <li key={item.id}>
            <Link to={`/proposals/${item.id}`} target="_blank" rel="noopener">
              {item.title}
            </Link>{" "}
            <span className="small">{t("newProposal.similarAgree", { agree: item.agree })}</span>
          </li>
        ))}
      </ul>
    </aside>
  );
}
