/** The council's dashboard and the exports. */
import { lazy } from "react";
import { READERS, type FeatureRoute } from "../../shared/routing";

const CouncilDashboard = lazy(() => import("./pages/CouncilDashboard"));
const ExportPage = lazy(() => import("./pages/ExportPage"));

export const routes: FeatureRoute[] = [
  { path: "council", element: <CouncilDashboard />, roles: READERS },
  { path: "council/exports", element: <ExportPage />, roles: READERS },
];
