/** The approvals (決裁) of a process, shared through the query cache, and the latest one per object. */
import { useQuery } from "@tanstack/react-query";
import { planning } from "../../shared/api/planEndpoints";
import type { Approval, ApprovalObject } from "../../shared/api/planTypes";

export const approvalsKey = (processId?: number) => ["approvals", processId ?? "all"] as const;

export function useProcessApprovals(processId: number) {
  return useQuery({ queryKey: approvalsKey(processId), queryFn: () => planning.approvals({ processId }) });
}

/** The newest submission for an object (for a phase change: of the process), if any. */
export function latestApproval(list: Approval[] | undefined, objectType: ApprovalObject, objectId: number, target?: string) {
  return (list ?? []).find(
    (a) => a.object_type === objectType && a.object_id === objectId && (target === undefined || a.target === target) && a.status !== "void",
  );
}
