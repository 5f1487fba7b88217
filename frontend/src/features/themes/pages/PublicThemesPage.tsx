/** Residents: the themes the city found in everyone's proposals, once a planner publishes them. */
import { useMemo, useState } from "react";
import { useQueries, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { endpoints } from "../../../shared/api/endpoints";
import { useProcess } from "../../../shared/api/queries";
import { ApiError } from "../../../shared/api/client";
import { ErrorMessage, Loading } from "../../../shared/components/Feedback";
import { processTitle } from "../../../shared/components/format";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { planning } from "../../../shared/api/planEndpoints";
import type { Theme } from "../../../shared/api/planTypes";
import "../i18n";
import "../../planning/plan.css";
import { themeStyles, type ThemeStyle } from "../palette";
import { MarkerIcon } from "../components/ThemeMap";
import { themeTitle } from "../themeTitle";

function Representatives({ theme }: { theme: Theme }) {
  const { t } = useTranslation();
  const proposals = useQueries({
    queries: theme.representative_ids.slice(0, 3).map((id) => ({ queryKey: ["proposal", id], queryFn: () => endpoints.proposal(id) })),
  });
  return (
    <ul>
      {theme.representative_ids.slice(0, 3).map((id, i) => (
        <li key={id}>
          <Link to={`/proposals/${id}`}>{proposals[i]?.data?.title ?? t("shared:board.proposalNumber", { id })}</Link>
        </li>
      ))}
    </ul>
  );
}

function PublicTheme({ theme, style }: { theme: Theme; style: ThemeStyle }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const votes = theme.support.agree + theme.support.disagree + theme.support.pass;
  const agreeShare = votes ? Math.round((theme.support.agree / votes) * 100) : 0;
  return (
    <li className="card theme-card">
      <h2 className="card__title theme-card__title">
        <MarkerIcon style={style} />
        <span>{themeTitle(theme, i18n.language)}</span>
      </h2>
      <p className="card__meta">
        <span>{t("themes:board.size", { count: theme.size })}</span>
        <span>{t("themes:public.agreeShare", { percent: agreeShare })}</span>
      </p>
      {theme.summary && <p>{theme.summary}</p>}
      {theme.keywords.length > 0 && (
        <ul className="tags" aria-label={t("themes:board.keywords")}>
          {theme.keywords.slice(0, 6).map((k) => (
            <li key={k.word} className="tag">
              {k.word}
            </li>
          ))}
        </ul>
      )}
      {theme.representative_ids.length > 0 && (
        <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
          <summary>{t("themes:public.voices")}</summary>
          {open && <Representatives theme={theme} />}
        </details>
      )}
    </li>
  );
}

export default function PublicThemesPage() {
  const { t, i18n } = useTranslation();
  const processId = Number(useParams().processId);
  const process = useProcess(processId);
  const themes = useQuery({ queryKey: ["public-themes", processId], queryFn: () => planning.publicThemes(processId) });
  usePageTitle(t("themes:public.themesTitle"));
  const styles = useMemo(() => themeStyles(themes.data?.themes ?? []), [themes.data]);
  const notYet = (themes.error instanceof ApiError && themes.error.status === 404) || (themes.data && themes.data.themes.length === 0);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/">{t("nav.home")}</Link>
        {process.data && (
          <>
            {" / "}
            <Link to={`/processes/${processId}`}>{processTitle(process.data, i18n.language)}</Link>
          </>
        )}
      </p>
      <h1>{t("themes:public.themesTitle")}</h1>
      <p className="lead">{t("themes:public.themesIntro")}</p>
      {themes.isPending && <Loading />}
      {notYet ? (
        <p className="notice notice--info">{t("themes:public.themesNotYet")}</p>
      ) : (
        themes.isError && <ErrorMessage error={themes.error} onRetry={() => void themes.refetch()} />
      )}
      {themes.data && themes.data.themes.length > 0 && (
        <ul className="card-list">
          {themes.data.themes.map((th) => (
            <PublicTheme key={th.key} theme={th} style={styles.get(th.key)!} />
          ))}
        </ul>
      )}
      <p className="after-list">
        <Link to={`/processes/${processId}/draft`}>{t("themes:public.toDraft")}</Link>
      </p>
    </>
  );
}
