/** 職員ダッシュボードの文言（名前空間 "dashboard"、t("dashboard:…")）。en.ts はこの形に合わせる。 */
const ja = {
  title: "職員ダッシュボード",
  importPast: "過去の意見募集を取り込む",
  intro: "取り組みの段階の切り替え、通報の確認、代理入力ができます。",
  changePhase: "段階を変える",
  newPhase: "「{{title}}」の新しい段階",
  openReports: "未対応の通報",
  activity: "活動の状況",
  unanswered: "市の考え方をまだ返していない提案",
  toResponses: "計画づくり（市の考え方）へ",
  recentRuns: "最近の意見の分析",
  noRuns: "まだ分析していません。",
  newPerDay: "新しい提案（この14日間、新しい日から）",
  day: "日付",
  newProposals: "新しい提案",
  count: "{{count}} 件",
  links: "よく使う機能",
};

export default ja;
