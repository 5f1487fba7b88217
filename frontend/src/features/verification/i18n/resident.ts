/**
 * The messages of 本人確認 on the profile page (VerificationCode.tsx registers them when it
 * loads, so the residents' first bundle does not carry them). Keys are used as `verification.…`.
 */
export const verificationJa = {
  title: "本人確認",
  current: "いまの段階：{{level}}",
  levels: {
    none: "確認なし",
    email: "メールアドレス確認済み",
    postcard: "郵送の確認コードで住所確認済み",
    counter: "窓口で確認済み",
  },
  intro: "意見募集によっては、投稿や投票に住所の確認が必要です。市から郵送されたはがきの確認コードを入力すると、住所の確認が済みます。",
  enterCode: "確認コードを入力",
  code: "確認コード",
  codeHint: "はがきに書かれた12文字（例：ABCD-EFGH-JKMN）。ハイフンは省略できます。",
  submit: "確認する",
  submitting: "確認しています…",
  done: "住所を確認しました。郵送の確認コードが必要な意見募集にも参加できます。",
  required: "確認コードを入力してください。",
  reasons: {
    length: "確認コードは12文字です。はがきのコードをもう一度ご確認ください。",
    unknown: "この確認コードは正しくありません。はがきの文字をもう一度ご確認ください（0・O・1・I・L は使われていません）。",
    used: "この確認コードはすでに使われています。お心当たりがない場合は、市の窓口にお問い合わせください。",
    expired: "この確認コードは有効期限が切れています。市の窓口に新しいはがきをご依頼ください。",
  },
  counterNote: "窓口で本人確認を受けた方は、ここでの入力は不要です。",
};
export const verificationEn: typeof verificationJa = {
  title: "Verification",
  current: "Your tier: {{level}}",
  levels: {
    none: "Not verified",
    email: "E-mail confirmed",
    postcard: "Address verified by postcard code",
    counter: "Verified in person at the counter",
  },
  intro: "Some processes need your address verified before you post or vote. Enter the code from the postcard the city mailed you.",
  enterCode: "Enter a verification code",
  code: "Verification code",
  codeHint: "The 12 letters and digits on the postcard (e.g. ABCD-EFGH-JKMN). Hyphens may be left out.",
  submit: "Verify",
  submitting: "Verifying…",
  done: "Your address is verified. You can now take part in processes that need a postcard code.",
  required: "Enter the verification code.",
  reasons: {
    length: "A verification code has 12 letters and digits. Check the code on the postcard.",
    unknown: "This verification code is not valid. Check the letters on the postcard (the code has no 0, O, 1, I or L).",
    used: "This verification code has already been used. If you did not use it, ask the city office.",
    expired: "This verification code has expired. Ask the city office for a new postcard.",
  },
  counterNote: "If you were verified at the counter, you need not enter a code.",
};
