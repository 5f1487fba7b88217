/** Proposals of a process: search, district and tag filters, sorts, keyset "more" paging. */
import { useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { endpoints, type ProposalFilters } from "../../../shared/api/endpoints";
import { useDistricts } from "../../../shared/api/queries";
import type { Sort } from "../../../shared/api/types";
import { MoreButton, useCursorPages } from "../../../shared/components/CursorPages";
import { ErrorMessage, Loading } from "../../../shared/components/Feedback";
import { FilterSelect } from "../../../shared/components/FilterSelect";
import { ProposalCard } from "./ProposalCard";

const SORTS: Sort[] = ["newest", "most_agreed", "most_discussed"];

function filtersFrom(params: URLSearchParams): ProposalFilters {
  const sort = params.get("sort");
  return {
    q: params.get("q") ?? undefined,
    district: params.get("district") ?? undefined,
    tag: params.get("tag") ?? undefined,
    sort: SORTS.includes(sort as Sort) ? (sort as Sort) : "newest",
  };
}

/** The heading's count: the process's total, or while the list is filtered "N of total". */
export function ProposalCount({ processId, total }: { processId: number; total: number }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const { sort: _sort, ...filters } = filtersFrom(params);
  const filtered = Object.values(filters).some(Boolean);
  const found = useQuery({
    queryKey: ["proposalCount", processId, filters],
    queryFn: () => endpoints.proposalCount(processId, filters),
    enabled: filtered,
  });
  if (!filtered) return <span className="count">({total})</span>;
  if (!found.data) return null;
  return <span className="count">{t("process.proposalsFound", { count: found.data.count, total })}</span>;
}

interface Props {
  processId: number;
  /** set where the phase lets residents vote: each item gets the vote buttons */
  voting?: { signedIn: boolean; canVote: boolean };
}

export function ProposalList({ processId, voting }: Props) {
  const { t, i18n } = useTranslation();
  const districts = useDistricts();
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const [draft, setDraft] = useState(filters);

  const { pages, items } = useCursorPages(["proposals", processId, filters], (cursor) => endpoints.proposals(processId, filters, cursor));

  const apply = (next: ProposalFilters) => {
    const out = new URLSearchParams();
    for (const [key, value] of Object.entries(next)) if (value) out.set(key, String(value));
    if (out.get("sort") === "newest") out.delete("sort");
    setParams(out, { replace: true });
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    apply(draft);
  };
  const clear = () => {
    setDraft({ sort: "newest" });
    apply({});
  };

  const lang = i18n.language;

  return (
    <>
      <form className="filters" role="search" aria-labelledby="filters-title" onSubmit={onSubmit}>
        <h3 id="filters-title" className="filters__title">
          {t("list.filters")}
        </h3>
        <div className="filters__grid">
          <div className="field">
            <label htmlFor="filter-q" className="field__label">
              {t("list.search")}
            </label>
            <input
              id="filter-q"
              type="search"
              className="input"
              placeholder={t("list.searchHint")}
              value={draft.q ?? ""}
              onChange={(e) => setDraft({ ...draft, q: e.target.value })}
            />
          </div>
          <FilterSelect
            id="filter-district"
            label={t("list.district")}
            value={draft.district ?? ""}
            onChange={(value) => setDraft({ ...draft, district: value || undefined })}
            all={t("list.allDistricts")}
            choices={(districts.data ?? []).map((d) => ({ value: d.code, label: lang === "en" ? d.name_en : d.name_ja }))}
          />
          <div className="field">
            <label htmlFor="filter-tag" className="field__label">
              {t("list.tag")}
            </label>
            <input
              id="filter-tag"
              className="input"
              placeholder={t("list.tagHint")}
              value={draft.tag ?? ""}
              onChange={(e) => setDraft({ ...draft, tag: e.target.value })}
            />
          </div>
          <FilterSelect
            id="filter-sort"
            label={t("list.sort")}
            value={draft.sort ?? "newest"}
            onChange={(value) => {
              const next = { ...draft, sort: value as Sort };
              setDraft(next);
              apply({ ...filters, sort: next.sort });
            }}
            choices={SORTS.map((sort) => ({ value: sort, label: t(`sorts.${sort}`) }))}
          />
        </div>
        <div className="button-row">
          <button type="submit" className="button button--primary">
            {t("list.apply")}
          </button>
          <button type="button" className="button button--secondary" onClick={clear}>
            {t("list.clear")}
          </button>
        </div>
      </form>

      {pages.isPending && <Loading />}
      {pages.isError && <ErrorMessage error={pages.error} onRetry={() => void pages.refetch()} />}
      {pages.data && items.length === 0 && <p className="empty">{t("list.empty")}</p>}
      {items.length > 0 && (
        <ul className="card-list" aria-busy={pages.isFetching}>
          {items.map((proposal) => (
            <ProposalCard key={proposal.id} proposal={proposal} voting={voting} />
          ))}
        </ul>
      )}
      <p role="status" className="list-status">
        {pages.data && items.length > 0 && (pages.hasNextPage ? t("list.shown", { count: items.length }) : t("list.end"))}
      </p>
      <MoreButton pages={pages} />
    </>
  );
}
