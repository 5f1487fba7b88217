/** 職員の複数の機能で使う文言（分析の状態、取り組みの表の見出しなど）の文言（名前空間 "shared"、t("shared:…")）。en.ts はこの形に合わせる。 */
const ja = {
  nav: {
    runs: "1. 意見の分析",
  },
  common: {
    fixErrors: "入力内容に {{count}} 件の問題があります。各項目のメッセージを確認してください。",
  },
  runs: {
    runTitle: "第 {{id}} 回の分析",
    status: {
      queued: "順番待ち",
      running: "分析中",
      succeeded: "完了",
      failed: "失敗",
      cancelled: "取り消し",
    },
    progressLabel: "進み具合 {{percent}}%",
    technical: "技術的な詳細（システム担当者向け）",
  },
  board: {
    chooseTheme: "テーマを選んでください",
    proposalNumber: "提案 {{id}}",
  },
  responses: {
    summary: "意見の概要",
    response: "市の考え方",
    status: "反映状況",
  },
  approval: {
    cancel: "やめる",
  },
  planner: {
    processes: "取り組み",
    process: "取り組み名",
    phase: "いまの段階",
    proposals: "提案数",
  },
};

export default ja;
