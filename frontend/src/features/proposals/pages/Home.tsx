import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useProcesses } from "../../../shared/api/queries";
import type { Process } from "../../../shared/api/types";
import { ErrorMessage, Loading } from "../../../shared/components/Feedback";
import { processDescription, processTitle } from "../../../shared/components/format";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { Furi } from "../../../shared/furigana/Furi";
import { useMe } from "../../../shared/auth/session";
import { useSite, useSiteNames } from "../../../shared/site";

function ProcessCard({ process }: { process: Process }) {
  const { t, i18n } = useTranslation();
  const title = processTitle(process, i18n.language);
  return (
    <li className="card">
      <h3 className="card__title">
        <Link to={`/processes/${process.id}`}>{title}</Link>
      </h3>
      <p className="card__meta">
        <span className={`phase-tag phase-tag--${process.phase}`}>
          {t("home.phaseNow", { phase: t(`phases.${process.phase}`) })}
        </span>
        <span>{t("home.proposalCount", { count: process.proposal_count })}</span>
      </p>
      <p className="card__text">{processDescription(process, i18n.language)}</p>
    </li>
  );
}

export function Home() {
  const { t } = useTranslation();
  usePageTitle(undefined);
  const processes = useProcesses();
  const { city } = useSiteNames();
  const site = useSite();
  const { data: me } = useMe();
  const open = processes.data?.filter((p) => p.phase !== "closed") ?? [];
  const past = processes.data?.filter((p) => p.phase === "closed") ?? [];
  return (
    <>
      <section className="hero" aria-labelledby="home-title">
        <h1 id="home-title">
          <Furi text={city ? t("home.titleWithCity", { city }) : t("home.title")} />
        </h1>
        <p>{t("home.intro")}</p>
      </section>
      {site.data && !site.data.configured && (
        <div className="notice notice--info">
          <p>
            {t("app.notConfigured")}
            {me?.role === "admin" && (
              <>
                {" "}
                <Link to="/admin/site">{t("app.notConfiguredAdmin")}</Link>
              </>
            )}
          </p>
        </div>
      )}
      {processes.isPending && <Loading />}
      {processes.isError && <ErrorMessage error={processes.error} onRetry={() => void processes.refetch()} />}
      {processes.data && (
        <>
          <section aria-labelledby="open-title">
            <h2 id="open-title">
              <Furi text={t("home.open")} />
            </h2>
            {open.length === 0 ? (
              <p>{t("home.noOpen")}</p>
            ) : (
              <ul className="card-list">
                {open.map((p) => (
                  <ProcessCard key={p.id} process={p} />
                ))}
              </ul>
            )}
          </section>
          {past.length > 0 && (
            <section aria-labelledby="past-title">
              <h2 id="past-title">
                <Furi text={t("home.past")} />
              </h2>
              <ul className="card-list">
                {past.map((p) => (
                  <ProcessCard key={p.id} process={p} />
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </>
  );
}
