/** 計画づくり: the index of processes, analysis runs and opinion groups. */
import { lazy } from "react";
import { STAFF, type FeatureRoute } from "../../shared/routing";

const PlanningIndex = lazy(() => import("./pages/PlanningIndex"));
const AnalysisRunsPage = lazy(() => import("./pages/AnalysisRunsPage"));
const OpinionsPage = lazy(() => import("./pages/OpinionsPage"));

export const routes: FeatureRoute[] = [
  { path: "planner/plan", element: <PlanningIndex />, roles: STAFF },
  { path: "planner/plan/:processId/runs", element: <AnalysisRunsPage />, roles: STAFF },
  { path: "planner/plan/:processId/runs/:runId/opinions", element: <OpinionsPage />, roles: STAFF },
];
