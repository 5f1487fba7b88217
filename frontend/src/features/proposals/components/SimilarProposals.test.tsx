import { afterEach, describe, expect, it, vi } from "vitest";
import { screen } from "@testing-library/react";
import type { SimilarItem } from "../../../shared/api/types";
import { jsonResponse, renderWithProviders } from "../../../test/utils";
import { SimilarProposals } from "./SimilarProposals";

// the API's answer as it is sent (backend/analysis/similar.py SimilarItem)
const answer: SimilarItem[] = [{ id: 7, title: "路線バスの本数を増やしてほしい", score: 0.912, agree: 3 }];

describe("SimilarProposals", () => {
  afterEach(() => vi.unstubAllGlobals());

  it.each([
    ["ja", "賛成 3"],
    ["en", "Agree 3"],
  ])("shows each similar proposal with its agree count (%s)", async (language, agreeCount) => {
    const fetchMock = vi.fn().mockResolvedValue(jsonResponse(answer));
    vi.stubGlobal("fetch", fetchMock);
    renderWithProviders(<SimilarProposals processId={1} text="バスの本数を増やしてほしいです" />, { language });
    const link = await screen.findByRole("link", { name: "路線バスの本数を増やしてほしい" }, { timeout: 3000 });
    expect(link).toHaveAttribute("href", "/proposals/7");
    const line = link.closest("li")!;
    expect(line).toHaveTextContent(agreeCount);
    expect(line.textContent).not.toContain("{{"); // was 「賛成 {{agree}}・反対 {{disagree}}…」
    expect(String(fetchMock.mock.calls[0][0])).toContain("/api/v1/processes/1/similar?text=");
  });

  it("shows nothing when no proposal is relevant enough", async () => {
    const fetchMock = vi.fn().mockResolvedValue(jsonResponse([]));
    vi.stubGlobal("fetch", fetchMock);
    renderWithProviders(<SimilarProposals processId={1} text="町内会の回覧板を電子化してほしい" />);
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalled(), { timeout: 3000 });
    expect(screen.getByTestId("similar-slot")).toBeEmptyDOMElement();
  });
});
