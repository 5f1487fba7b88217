/** Admin: the audit log of staff actions, filterable by action, keyset paged. */
import { useState, type FormEvent } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { endpoints } from "../../api/endpoints";
import { ErrorMessage, Loading } from "../../components/Feedback";
import { formatDateTime } from "../../components/format";
import { usePageTitle } from "../../components/usePageTitle";

export default function AuditLogPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("admin.auditTitle"));
  const [draft, setDraft] = useState("");
  const [action, setAction] = useState("");
  const events = useInfiniteQuery({
    queryKey: ["audit", action],
    queryFn: ({ pageParam }) => endpoints.auditEvents(action || undefined, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAction(draft.trim());
  };
  return (
    <>
      <h1>{t("admin.auditTitle")}</h1>
      <p>{t("admin.auditIntro")}</p>
      <form onSubmit={submit} className="inline-form" role="search">
        <label htmlFor="audit-action" className="field__label">
          {t("admin.filterAction")}
        </label>
        <input
          id="audit-action"
          className="input"
          placeholder={t("admin.filterActionHint")}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit" className="button button--secondary">
          {t("list.apply")}
        </button>
      </form>
      {events.isPending && <Loading />}
      {events.isError && <ErrorMessage error={events.error} onRetry={() => void events.refetch()} />}
      {events.data && items.length === 0 && <p>{t("list.empty")}</p>}
      {items.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t("admin.auditTitle")}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("admin.when")}</th>
                <th scope="col">{t("admin.actor")}</th>
                <th scope="col">{t("admin.action")}</th>
                <th scope="col">{t("admin.target")}</th>
                <th scope="col">{t("admin.details")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((event) => (
                <tr key={event.id}>
                  <td>{formatDateTime(event.created_at, i18n.language)}</td>
                  <td>{event.actor_id ?? t("admin.system")}</td>
                  <td>
                    <code>{event.action}</code>
                  </td>
                  <td>
                    {event.target_type} {event.target_id}
                  </td>
                  <td className="break">
                    {Object.entries(event.details)
                      .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
                      .join("; ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {events.hasNextPage && (
        <div className="button-row button-row--center">
          <button
            type="button"
            className="button button--secondary"
            disabled={events.isFetchingNextPage}
            onClick={() => void events.fetchNextPage()}
          >
            {events.isFetchingNextPage ? t("list.loadingMore") : t("common.more")}
          </button>
        </div>
      )}
    </>
  );
}
