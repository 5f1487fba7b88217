/** English, in the shape of ja.ts. */
import type { Translation } from "../../../shared/i18n/translation";
import type ja from "./ja";

const en: Translation<typeof ja> = {
  title: "Council dashboard",
  intro: "The number of proposals in each process. Charts of participation over time and by district will follow.",
  chartsLater: "Charts (participation over time; by district, age band and channel) are coming soon.",
  total: "Total proposals",
};

export default en;
