import { describe, expect, it } from "vitest";
import { themeTitle } from "./themeTitle";

describe("themeTitle", () => {
  const theme = { title: "公共交通：路線バスと待合所", title_en: "Public transport" };
  it("shows the English title in the English UI", () => {
    expect(themeTitle(theme, "en")).toBe("Public transport");
  });
  it("shows the Japanese title in Japanese, and after a rename cleared the English one", () => {
    expect(themeTitle(theme, "ja")).toBe("公共交通：路線バスと待合所");
    expect(themeTitle({ ...theme, title_en: "" }, "en")).toBe("公共交通：路線バスと待合所");
  });
});
