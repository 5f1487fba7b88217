/** Admin: the audit log — who did what, in words; filters, keyset pages and the CSV file. */
import "../i18n";
import { useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { endpoints } from "../../../shared/api/endpoints";
import type { AuditFilters, CatalogueLabel } from "../../../shared/api/types";
import { MoreButton, useCursorPages } from "../../../shared/components/CursorPages";
import { ErrorMessage, Loading } from "../../../shared/components/Feedback";
import { FilterSelect } from "../../../shared/components/FilterSelect";
import { formatDateTimeJst } from "../../../shared/components/format";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { TableRegion } from "../../../shared/components/TableRegion";

const choice = (item: CatalogueLabel, language: string) => ({
  value: item.value,
  label: language === "en" ? item.label_en : item.label_ja,
});

export default function AuditLogPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  usePageTitle(t("admin:auditTitle"));
  const [draft, setDraft] = useState<AuditFilters>({});
  const [filters, setFilters] = useState<AuditFilters>({});
  const catalogue = useQuery({ queryKey: ["audit-catalogue"], queryFn: endpoints.auditCatalogue, staleTime: Infinity });
  // who can act: staff, and residents for their own account (leaving, choosing a password)
  const people = useQuery({ queryKey: ["users", "audit-actors"], queryFn: () => endpoints.users({ sort: "name" }, 100) });
  const { pages: events, items } = useCursorPages(["audit", filters], (cursor) => endpoints.auditEvents(filters, cursor));
  const total = events.data?.pages[0]?.total;
  const set = (key: keyof AuditFilters) => (value: string) =>
    setDraft((current) => ({ ...current, [key]: key === "actor_id" ? (value ? Number(value) : undefined) : value || undefined }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
  };
  return (
    <>
      <h1>{t("admin:auditTitle")}</h1>
      <p>{t("admin:auditIntro")}</p>
      <form onSubmit={submit} className="inline-form" role="search" aria-label={t("admin:auditFilters")}>
        <FilterSelect
          id="audit-actor"
          label={t("admin:filterActor")}
          value={draft.actor_id !== undefined ? String(draft.actor_id) : ""}
          onChange={set("actor_id")}
          all={t("admin:all")}
          choices={(people.data?.items ?? []).map((user) => ({
            value: String(user.id),
            label: `${user.display_name}（${t(`roles.${user.role}`)}）`,
          }))}
        />
        <FilterSelect
          id="audit-action"
          label={t("admin:filterAction")}
          value={draft.action ?? ""}
          onChange={set("action")}
          all={t("admin:all")}
          choices={(catalogue.data?.actions ?? []).map((item) => choice(item, i18n.language))}
        />
        <FilterSelect
          id="audit-target"
          label={t("admin:filterTarget")}
          value={draft.target_type ?? ""}
          onChange={set("target_type")}
          all={t("admin:all")}
          choices={(catalogue.data?.target_types ?? []).map((item) => choice(item, i18n.language))}
        />
        <div className="field">
          <label htmlFor="audit-from" className="field__label">
            {t("admin:dateFrom")}
          </label>
          <input id="audit-from" type="date" className="input" value={draft.date_from ?? ""} onChange={(e) => set("date_from")(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="audit-to" className="field__label">
            {t("admin:dateTo")}
          </label>
          <input id="audit-to" type="date" className="input" value={draft.date_to ?? ""} onChange={(e) => set("date_to")(e.target.value)} />
        </div>
        <button type="submit" className="button button--secondary">
          {t("list.apply")}
        </button>
      </form>
      <p className="field__hint">{t("admin:jstNote")}</p>
      <p>
        <a className="button button--secondary" href={endpoints.auditCsvUrl(filters)} download>
          {t("admin:saveCsv")}
        </a>
      </p>
      <p role="status" aria-live="polite">
        {total !== undefined ? t("admin:eventsCount", { count: total }) : ""}
      </p>
      {events.isPending && <Loading />}
      {events.isError && <ErrorMessage error={events.error} onRetry={() => void events.refetch()} />}
      {events.data && items.length === 0 && <p>{t("list.empty")}</p>}
      {items.length > 0 && (
        <TableRegion label={t("admin:auditTitle")}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("admin:when")}</th>
                <th scope="col">{t("admin:actor")}</th>
                <th scope="col">{t("admin:action")}</th>
                <th scope="col">{t("admin:target")}</th>
                <th scope="col">{t("admin:details")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((event) => (
                <tr key={event.id}>
                  <td>{formatDateTimeJst(event.created_at, i18n.language)}</td>
                  <td>
                    {event.actor_id === null ? t("admin:system") : event.actor_name}
                    {event.actor_role && <span>（{t(`roles.${event.actor_role}`)}）</span>}
                  </td>
                  <th scope="row">{en ? event.action_label_en : event.action_label}</th>
                  <td>
                    {event.target_label} {event.target_id}
                  </td>
                  <td className="break">{en ? event.summary_en : event.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <MoreButton pages={events} />
    </>
  );
}
