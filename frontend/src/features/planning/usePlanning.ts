/** Queries shared by the planning screens. */
import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router";
import { planning } from "../../shared/api/planEndpoints";
import type { Run } from "../../shared/api/planTypes";

export const isActive = (run: Pick<Run, "status">) => run.status === "queued" || run.status === "running";

/** Poll every second while something is running; stop as soon as nothing is. */
export const POLL_MS = 1000;

export function useRuns(processId: number) {
  return useQuery({
    queryKey: ["analysis-runs", processId],
    queryFn: () => planning.runs(processId),
    enabled: Number.isFinite(processId),
    refetchInterval: (query) => (query.state.data?.some(isActive) ? POLL_MS : false),
  });
}

/** The newest run that finished, which the themes and opinions tabs open by default. */
export function latestSucceeded(runs: Run[] | undefined): Run | undefined {
  return [...(runs ?? [])].filter((r) => r.status === "succeeded").sort((a, b) => b.id - a.id)[0];
}

export function usePlanningParams() {
  const params = useParams();
  return {
    processId: Number(params.processId),
    runId: params.runId ? Number(params.runId) : undefined,
    draftId: params.draftId ? Number(params.draftId) : undefined,
  };
}
