/** The theme board for planners; the published themes for residents. */
import { lazy } from "react";
import { STAFF, type FeatureRoute } from "../../shared/routing";

const ThemeBoardPage = lazy(() => import("./pages/ThemeBoardPage"));
const PublicThemesPage = lazy(() => import("./pages/PublicThemesPage"));

export const routes: FeatureRoute[] = [
  { path: "planner/plan/:processId/runs/:runId/themes", element: <ThemeBoardPage />, roles: STAFF },
  { path: "processes/:processId/themes", element: <PublicThemesPage /> },
];
