/** Strategy drafts: the list and the editor for planners; the published draft for residents. */
import { lazy } from "react";
import { STAFF, type FeatureRoute } from "../../shared/routing";

const DraftsPage = lazy(() => import("./pages/DraftsPage"));
const DraftEditorPage = lazy(() => import("./pages/DraftEditorPage"));
const PublicDraftPage = lazy(() => import("./pages/PublicDraftPage"));

export const routes: FeatureRoute[] = [
  { path: "planner/plan/:processId/drafts", element: <DraftsPage />, roles: STAFF },
  { path: "planner/plan/:processId/drafts/:draftId", element: <DraftEditorPage />, roles: STAFF },
  { path: "processes/:processId/draft", element: <PublicDraftPage /> },
];
