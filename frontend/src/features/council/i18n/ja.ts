/** The council dashboard's messages (key prefix "council."), loaded with its chunk. */
const ja = {
  title: "議員ダッシュボード",
  intro: "取り組みごとの提案数です。参加の推移や地区別のグラフは、今後追加します。",
  chartsLater: "グラフ（参加の推移、地区・年代・受付方法ごとの内訳）は準備中です。",
  total: "提案の合計",
};

export default ja;
