/** The residents' own screens: processes, proposals, voting. The first four are in the initial bundle. */
import { lazy } from "react";
import type { FeatureRoute } from "../../shared/routing";
import { Home } from "./pages/Home";
import { NewProposalPage } from "./pages/NewProposalPage";
import { ProcessPage } from "./pages/ProcessPage";
import { ProposalPage } from "./pages/ProposalPage";

const VoteCardsPage = lazy(() => import("./pages/VoteCardsPage"));
const EditProposalPage = lazy(() => import("./pages/EditProposalPage"));

export const routes: FeatureRoute[] = [
  { path: "", element: <Home /> },
  { path: "processes/:processId", element: <ProcessPage /> },
  { path: "processes/:processId/new", element: <NewProposalPage /> },
  { path: "processes/:processId/vote", element: <VoteCardsPage /> },
  { path: "proposals/:proposalId", element: <ProposalPage /> },
  { path: "proposals/:proposalId/edit", element: <EditProposalPage /> },
];
