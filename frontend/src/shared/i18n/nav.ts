/** The few words the always-loaded header needs from the planning features (namespace "planNav"). */
import i18n from ".";

if (!i18n.hasResourceBundle("ja", "planNav")) {
  i18n.addResourceBundle("ja", "planNav", { planning: "計画づくり", themes: "テーマ", draft: "計画の素案", approvals: "決裁待ち", processes: "プロセス" });
  i18n.addResourceBundle("en", "planNav", { planning: "Planning", themes: "Themes", draft: "Draft plan", approvals: "Awaiting approval", processes: "Processes" });
}
