/** 通報と自動検知の確認の文言（名前空間 "moderation"、t("moderation:…")）。en.ts はこの形に合わせる。 */
const ja = {
  title: "通報の確認",
  intro: "住民からの通報を確認し、必要なら理由を添えて非表示にします。操作はすべて記録されます。",
  status: "表示する通報",
  open: "未対応",
  resolved: "対応済み",
  empty: "該当する通報はありません。",
  target: "対象",
  targetTypes: {
    proposal: "提案",
    comment: "コメント",
  },
  reason: "通報の理由",
  note: "通報者のメモ",
  reportedAt: "通報日時",
  excerpt: "内容の抜粋",
  actionReason: "非表示・再表示の理由",
  actionReasonHint: "投稿した人に表示されます。500文字まで。",
  hide: "非表示にする",
  restore: "再表示する",
  resolve: "対応済みにする",
  hidden: "非表示にしました。",
  restored: "再表示しました。",
  resolvedDone: "対応済みにしました。",
  view: "対象を見る",
  reportLabel: "通報 {{id}}",
};

export default ja;
