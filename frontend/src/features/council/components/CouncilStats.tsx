/** The council dashboard's figures for one process: totals, participation charts, theme sizes. */
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError } from "../../../shared/api/client";
import { useDistricts } from "../../../shared/api/queries";
import { AGE_BANDS, type Process } from "../../../shared/api/types";
import type { Cell } from "../../../shared/api/planTypes";
import { ErrorMessage, Loading } from "../../../shared/components/Feedback";
import { districtName, locale, processTitle } from "../../../shared/components/format";
import { planning } from "../../../shared/api/planEndpoints";
import "../i18n";
import "../../planning/plan.css";
import { BarChart, TimeChart } from "./Charts";
import { ChannelTable } from "./ChannelTable";
import { TableRegion } from "../../../shared/components/TableRegion";

/** Age bands youngest first, "not given" last (the API sorts them as text). */
function byAgeOrder(cells: Cell[]): Cell[] {
  const rank = (key: string) => {
    const i = (AGE_BANDS as readonly string[]).indexOf(key);
    return i === -1 ? AGE_BANDS.length : i;
  };
  return [...cells].sort((a, b) => rank(a.key) - rank(b.key));
}

function ThemeSizes({ processId }: { processId: number }) {
  const { t } = useTranslation();
  const themes = useQuery({ queryKey: ["public-themes", processId], queryFn: () => planning.publicThemes(processId) });
  const list = themes.data?.themes ?? [];
  if (themes.isPending) return <Loading />;
  if ((themes.error instanceof ApiError && themes.error.status === 404) || list.length === 0)
    return <p className="empty">{t("council:noThemes")}</p>;
  if (themes.isError) return <ErrorMessage error={themes.error} />;
  const max = Math.max(1, ...list.map((th) => th.size));
  return (
    <TableRegion label={t("council:themes")}>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("council:theme")}</th>
            <th scope="col">{t("council:proposals")}</th>
            <th scope="col">{t("council:support")}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((th) => {
            const votes = th.support.agree + th.support.disagree + th.support.pass;
            const share = votes ? Math.round((th.support.agree / votes) * 100) : 0;
            return (
              <tr key={th.key}>
                <th scope="row">{th.title}</th>
                <td>
                  <span className="bar" aria-hidden="true" style={{ inlineSize: `${(th.size / max) * 8}rem` }} />
                  {th.size}
                </td>
                <td>
                  <span className="support-bar" aria-hidden="true">
                    <span style={{ inlineSize: `${share}%` }} />
                  </span>
                  {t("council:agreeShare", { percent: share, votes })}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableRegion>
  );
}

export default function CouncilStats({ processes }: { processes: Process[] }) {
  const { t, i18n } = useTranslation();
  const districts = useDistricts();
  const initial = [...processes].sort((a, b) => b.proposal_count - a.proposal_count)[0]?.id;
  const [processId, setProcessId] = useState<number | undefined>(initial);
  const stats = useQuery({ queryKey: ["stats", processId], queryFn: () => planning.stats(processId!), enabled: !!processId });
  const lang = i18n.language;
  const formatDay = (day: string) => new Intl.DateTimeFormat(locale(lang), { month: "short", day: "numeric" }).format(new Date(`${day}T00:00:00`));
  const s = stats.data;
  if (!processId) return null;
  return (
    <section aria-labelledby="council-stats" className="council-stats">
      <h2 id="council-stats">{t("council:statsTitle")}</h2>
      <div className="inline-form">
        <label htmlFor="council-process" className="field__label">
          {t("council:process")}
        </label>
        <select id="council-process" className="select select--small" value={processId} onChange={(e) => setProcessId(Number(e.target.value))}>
          {processes.map((p) => (
            <option key={p.id} value={p.id}>
              {processTitle(p, lang)}
            </option>
          ))}
        </select>
        <Link to={`/council/exports?process=${processId}`} className="button button--small button--secondary">
          {t("council:toExports")}
        </Link>
      </div>
      {stats.isPending && <Loading />}
      {stats.isError && <ErrorMessage error={stats.error} onRetry={() => void stats.refetch()} />}
      {s && (
        <>
          <div className="stat-row">
            {(["participants", "proposals", "votes", "comments"] as const).map((k) => (
              <div className="stat" key={k}>
                <p className="stat__label">{t(`council:totals.${k}`)}</p>
                <p className="stat__value">{s[k].toLocaleString(locale(lang))}</p>
              </div>
            ))}
          </div>
          <p className="small">{t("council:withheldNote")}</p>
          <h3>{t("council:overTime")}</h3>
          <div className="chart-grid">
            {(["proposals", "votes", "comments"] as const).map((series) => (
              <TimeChart key={series} title={t(`council:perDay.${series}`)} days={s.over_time} series={series} formatDay={formatDay} />
            ))}
          </div>
          <h3>{t("council:breakdowns")}</h3>
          <div className="chart-grid">
            <BarChart title={t("council:byDistrict")} cells={s.by_district} label={(key) => (key === "unknown" ? t("council:unknown") : districtName(key, districts.data, lang))} />
            <BarChart title={t("council:byAge")} cells={byAgeOrder(s.by_age_band)} label={(key) => (key === "unknown" ? t("council:unknown") : t(`ageBands.${key}`))} />
            <BarChart title={t("council:byChannel")} cells={s.by_channel} label={(key) => t(`channels.${key}`)} />
            {s.by_verification && s.by_verification.length > 0 && (
              <BarChart title={t("council:byVerification")} cells={s.by_verification} label={(key) => t(`council:verificationLevels.${key}`)} />
            )}
          </div>
          <ChannelTable cells={s.by_channel} caption={t("council:channelsSideBySide")} />
          <h3>{t("council:themes")}</h3>
          <ThemeSizes processId={processId} />
        </>
      )}
    </section>
  );
}
