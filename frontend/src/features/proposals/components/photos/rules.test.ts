import { describe, expect, it } from "vitest";
import { altProblem, fileProblem, MAX_PHOTO_BYTES } from "./rules";

const file = (size: number, type: string) => new File([new Uint8Array(size)], "photo", { type });

describe("photo rules", () => {
  it("refuses files over 10 MB and types that are not JPEG, PNG or WebP", () => {
    expect(fileProblem(file(1000, "image/jpeg"))).toBeUndefined();
    expect(fileProblem(file(MAX_PHOTO_BYTES + 1, "image/jpeg"))).toBe("photos.tooLarge");
    expect(fileProblem(file(1000, "image/gif"))).toBe("photos.wrongType");
    expect(fileProblem(file(1000, ""))).toBeUndefined(); // unknown type: the server decides
  });

  it("asks for a description of 1 to 200 characters", () => {
    expect(altProblem("  ")).toBe("photos.altRequired");
    expect(altProblem("欠けた階段")).toBeUndefined();
    expect(altProblem("あ".repeat(200))).toBeUndefined();
    expect(altProblem("あ".repeat(201))).toBe("photos.altTooLong");
  });
});
