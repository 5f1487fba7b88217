import { lazy, Suspense } from "react";
import { useQueries } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { endpoints } from "../../../shared/api/endpoints";
import { useProcesses } from "../../../shared/api/queries";
import { useMe } from "../../../shared/auth/session";
import { ErrorMessage, Loading } from "../../../shared/components/Feedback";
import { ProposalCard } from "../../proposals/components/ProposalCard";
import { processTitle } from "../../../shared/components/format";
import { usePageTitle } from "../../../shared/layout/usePageTitle";

// Where each of my proposals went (theme, plan items, the city's response): a lazy chunk.
const MyOutcomes = lazy(() => import("../../responses/components/MyOutcomes"));

export function MyPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const processes = useProcesses();
  usePageTitle(t("my.title"));
  const list = processes.data ?? [];
  const mine = useQueries({
    queries: list.map((p) => ({
      queryKey: ["proposals", p.id, { mine: true }],
      queryFn: () => endpoints.proposals(p.id, { mine: true }, undefined, 50),
      enabled: !!me.data,
    })),
  });

  if (me.isPending) return <Loading />;
  if (!me.data)
    return (
      <>
        <h1>{t("my.title")}</h1>
        <p>
          <Link to="/signin" state={{ from: "/me" }}>
            {t("my.signIn")}
          </Link>
        </p>
      </>
    );

  const loading = processes.isPending || mine.some((q) => q.isPending);
  const failed = processes.error ?? mine.find((q) => q.isError)?.error;
  const groups = list
    .map((process, index) => ({ process, items: mine[index]?.data?.items ?? [] }))
    .filter((group) => group.items.length > 0);

  return (
    <>
      <h1>{t("my.title")}</h1>
      <p>
        {t("nav.signedInAs", { name: me.data.display_name, role: t(`roles.${me.data.role}`) })}{" "}
        <Link to="/profile">{t("my.profileLink")}</Link>
      </p>
      <h2>{t("my.proposals")}</h2>
      {loading && <Loading />}
      {failed && <ErrorMessage error={failed} />}
      {!loading && !failed && groups.length === 0 && <p>{t("my.none")}</p>}
      {groups.map(({ process, items }) => (
        <section key={process.id} aria-labelledby={`mine-${process.id}`}>
          <h3 id={`mine-${process.id}`}>
            <Link to={`/processes/${process.id}`}>{processTitle(process, i18n.language)}</Link>
          </h3>
          <ul className="card-list">
            {items.map((proposal) => (
              <ProposalCard key={proposal.id} proposal={proposal} headingLevel={3} />
            ))}
          </ul>
        </section>
      ))}
      {!loading && !failed && (
        <Suspense fallback={null}>
          <MyOutcomes proposals={groups.flatMap((group) => group.items)} />
        </Suspense>
      )}
    </>
  );
}
