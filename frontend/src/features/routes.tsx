/**
 * Routes of the planning, theme, draft, response and council screens. Every screen is a lazy
 * chunk (with its strings and styles), so none of it is in the residents' initial JavaScript.
 * App.tsx calls planningRoutes() inside its <Routes>, passing its role wrappers.
 */
import { lazy, Suspense, type ReactNode } from "react";
import { Route } from "react-router";
import { Loading } from "../shared/components/Feedback";

const PlanningIndex = lazy(() => import("./planning/pages/PlanningIndex"));
const AnalysisRunsPage = lazy(() => import("./planning/pages/AnalysisRunsPage"));
const OpinionsPage = lazy(() => import("./planning/pages/OpinionsPage"));
const ThemeBoardPage = lazy(() => import("./themes/pages/ThemeBoardPage"));
const DraftsPage = lazy(() => import("./drafts/pages/DraftsPage"));
const DraftEditorPage = lazy(() => import("./drafts/pages/DraftEditorPage"));
const ResponsesPage = lazy(() => import("./responses/pages/ResponsesPage"));
const ExportPage = lazy(() => import("./council/pages/ExportPage"));
const PublicThemesPage = lazy(() => import("./themes/pages/PublicThemesPage"));
const PublicDraftPage = lazy(() => import("./drafts/pages/PublicDraftPage"));
const ApprovalsPage = lazy(() => import("./approvals/pages/ApprovalsPage"));
const ProcessesPage = lazy(() => import("./processes/pages/ProcessesPage"));
const ProcessFormPage = lazy(() => import("./processes/pages/ProcessFormPage"));
const DistrictsPage = lazy(() => import("./processes/pages/DistrictsPage"));
const ImportPage = lazy(() => import("./offline/pages/ImportPage"));
const OfflineVotesPage = lazy(() => import("./offline/pages/OfflineVotesPage"));

type Wrap = (page: ReactNode) => ReactNode;
const open: Wrap = (page) => <Suspense fallback={<Loading />}>{page}</Suspense>;

export function planningRoutes(staff: Wrap, readers: Wrap) {
  return (
    <>
      <Route path="planner/plan" element={staff(<PlanningIndex />)} />
      <Route path="planner/plan/:processId/runs" element={staff(<AnalysisRunsPage />)} />
      <Route path="planner/plan/:processId/runs/:runId/themes" element={staff(<ThemeBoardPage />)} />
      <Route path="planner/plan/:processId/runs/:runId/opinions" element={staff(<OpinionsPage />)} />
      <Route path="planner/plan/:processId/drafts" element={staff(<DraftsPage />)} />
      <Route path="planner/plan/:processId/drafts/:draftId" element={staff(<DraftEditorPage />)} />
      <Route path="planner/plan/:processId/responses" element={staff(<ResponsesPage />)} />
      <Route path="planner/approvals" element={staff(<ApprovalsPage />)} />
      <Route path="planner/processes" element={staff(<ProcessesPage />)} />
      <Route path="planner/processes/new" element={staff(<ProcessFormPage />)} />
      <Route path="planner/processes/:processId/edit" element={staff(<ProcessFormPage />)} />
      <Route path="planner/districts" element={staff(<DistrictsPage />)} />
      <Route path="planner/import" element={staff(<ImportPage />)} />
      <Route path="planner/offline-votes" element={staff(<OfflineVotesPage />)} />
      <Route path="council/exports" element={readers(<ExportPage />)} />
      <Route path="processes/:processId/themes" element={open(<PublicThemesPage />)} />
      <Route path="processes/:processId/draft" element={open(<PublicDraftPage />)} />
    </>
  );
}
