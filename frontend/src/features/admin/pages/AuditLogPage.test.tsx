import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { jsonResponse, renderWithProviders } from "../../../test/utils";
import AuditLogPage from "./AuditLogPage";

const EVENT = {
  id: 7,
  actor_id: 1,
  actor_name: "管理 太郎",
  actor_role: "admin",
  action: "user.role_changed",
  action_label: "利用者の役割を変更",
  action_label_en: "Changed a user's role",
  target_type: "user",
  target_label: "利用者",
  target_id: "3",
  summary: "役割：住民 → 職員",
  summary_en: "Role: Resident → Planner",
  details: { before: { role: "resident" }, after: { role: "planner" } },
  created_at: "2026-12-01T15:30:00Z",
};
const CATALOGUE = {
  actions: [{ value: "user.role_changed", label_ja: "利用者の役割を変更", label_en: "Changed a user's role" }],
  target_types: [{ value: "user", label_ja: "利用者", label_en: "User" }],
};

function server() {
  return vi.fn(async (url: string) => {
    if (url === "/api/v1/admin/audit-events/catalogue") return jsonResponse(CATALOGUE);
    if (url.startsWith("/api/v1/admin/audit-events?")) return jsonResponse({ items: [EVENT], total: 1, next_cursor: null });
    if (url.startsWith("/api/v1/admin/users?")) return jsonResponse({ items: [], total: 0, offset: 0, limit: 100 });
    return jsonResponse(null, 404);
  });
}

describe("AuditLogPage", () => {
  beforeEach(() => {
    document.cookie = "csrftoken=t";
  });
  afterEach(() => vi.unstubAllGlobals());

  it("shows who did what in words, not ids and JSON", async () => {
    vi.stubGlobal("fetch", server());
    renderWithProviders(<AuditLogPage />);
    const row = await screen.findByRole("row", { name: /利用者の役割を変更/ });
    expect(within(row).getByText("管理 太郎")).toBeInTheDocument();
    expect(within(row).getByText("役割：住民 → 職員")).toBeInTheDocument();
    expect(row).not.toHaveTextContent("{");
    expect(screen.getByText("1 件の記録があります。")).toHaveAttribute("role", "status");
  });

  it("filters by action and date, and the CSV link carries the same filters", async () => {
    const fetchMock = server();
    vi.stubGlobal("fetch", fetchMock);
    renderWithProviders(<AuditLogPage />);
    await screen.findByRole("option", { name: "利用者の役割を変更" });
    await userEvent.selectOptions(screen.getByLabelText("操作の種類"), "user.role_changed");
    await userEvent.type(screen.getByLabelText("開始日"), "2026-12-01");
    await userEvent.click(screen.getByRole("button", { name: "この条件で表示" }));
    const expected = "/api/v1/admin/audit-events?action=user.role_changed&date_from=2026-12-01";
    expect(fetchMock.mock.calls.map(([url]) => url)).toContain(`${expected}&limit=50`);
    expect(screen.getByRole("link", { name: "CSVで保存" })).toHaveAttribute(
      "href",
      "/api/v1/admin/audit-events/export?action=user.role_changed&date_from=2026-12-01",
    );
  });
});
