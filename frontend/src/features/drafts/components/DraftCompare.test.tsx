import { describe, expect, it } from "vitest";
import { screen, within } from "@testing-library/react";
import { renderWithProviders } from "../../../test/utils";
import type { DraftComparison, LineageItem } from "../../../shared/api/planTypes";
import "../i18n";
import { CompareTable } from "./DraftCompare";
import { ThemeNames } from "./DraftSideViews";

const comparison: DraftComparison = {
  draft_id: 1,
  title: "総合計画 素案",
  from_version: 1,
  to_version: 2,
  rows: [
    {
      key: "g1-m1",
      label: "施策 1-1",
      change: "changed",
      new: [{ text: "通勤", changed: false }, { text: "と通学", changed: true }, { text: "の時間帯のバスを増やします。", changed: false }],
      old: [{ text: "通勤の時間帯のバスを増やします。", changed: false }],
    },
    { key: "g1-m1-a2", label: "主な取組 1-1-2", change: "added", new: [{ text: "乗り換えの案内", changed: true }], old: [] },
    { key: "g2", label: "基本目標 2", change: "removed", new: [], old: [{ text: "災害に強いまち", changed: true }] },
  ],
};

describe("the 新旧対照表", () => {
  it("puts the new version on the left and the old on the right, one row per changed item", () => {
    renderWithProviders(<CompareTable comparison={comparison} />);
    const table = screen.getByRole("table", { name: "新旧対照表（第 1 版 → 第 2 版）" });
    const headers = within(table).getAllByRole("columnheader").map((h) => h.textContent);
    expect(headers).toEqual(["項目", "新（第 2 版）", "旧（第 1 版）"]);
    const [, changed, added, removed] = within(table).getAllByRole("row");
    expect(within(changed).getByRole("rowheader")).toHaveTextContent("施策 1-1変更");
    const [newCell, oldCell] = within(changed).getAllByRole("cell"); // the item is the row header
    expect(newCell).toHaveTextContent("通勤［変更後：と通学］の時間帯のバスを増やします。");
    expect(newCell.querySelector("ins")).toHaveTextContent("と通学");
    expect(oldCell).toHaveTextContent("通勤の時間帯のバスを増やします。");
    expect(within(added).getAllByRole("cell")[1]).toHaveTextContent("（新設）");
    expect(within(removed).getAllByRole("cell")[0]).toHaveTextContent("（削除）");
    expect(removed.querySelector("del")).toHaveTextContent("災害に強いまち");
  });

  it("says so when two versions do not differ", () => {
    renderWithProviders(<CompareTable comparison={{ ...comparison, rows: [] }} />);
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
    expect(screen.getByText("変更点はありません。")).toBeInTheDocument();
  });
});

describe("the lineage", () => {
  const item: LineageItem = {
    key: "g1-m1", label: "1-1", level: "measure", title: "路線バスの充実", theme_keys: ["t7.14"], proposal_ids: [3], residents: 2,
    themes: [{ key: "t7.14", title: "通勤時間帯のバスの増便", title_en: "More buses at rush hour" }],
  };

  it("names the themes by their titles, not their keys", () => {
    renderWithProviders(<ThemeNames item={item} />);
    expect(screen.getByRole("listitem")).toHaveTextContent("通勤時間帯のバスの増便");
    expect(screen.queryByText(/t7\.14/)).not.toBeInTheDocument();
  });

  it("uses the English title in English", () => {
    renderWithProviders(<ThemeNames item={item} />, { language: "en" });
    expect(screen.getByRole("listitem")).toHaveTextContent("More buses at rush hour");
  });
});
