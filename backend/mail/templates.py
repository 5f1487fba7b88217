"""The texts of Kyoso's e-mails, in Japanese and English (plain text).

Each kind has a subject and a body with ``{fields}``; notifications end with the footer that
says how to change or stop them. The recipient's language is the one in their profile.
"""

from __future__ import annotations

from typing import Literal

MailKind = Literal[
    "password_reset",
    "confirm_email",
    "answer_published",
    "comment_reply",
    "draft_open",
    "plan_published",
    "digest",
]

TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "ja": {
        "password_reset": (
            "【Kyoso】パスワードの再設定",
            "{name} 様\n\nパスワードの再設定を受け付けました。次のリンクから1時間以内に新しい"
            "パスワードを設定してください（リンクは1回だけ使えます）。\n\n{link}\n\n"
            "お心当たりがない場合は、このメールを破棄してください。パスワードは変わりません。\n",
        ),
        "confirm_email": (
            "【Kyoso】メールアドレスの確認",
            "{name} 様\n\nKyoso へのご登録ありがとうございます。次のリンクを開いて、"
            "メールアドレスの確認を完了してください（7日間有効）。\n\n{link}\n\n"
            "お心当たりがない場合は、このメールを破棄してください。\n",
        ),
        "answer_published": (
            "【Kyoso】あなたの提案に市からの回答が公開されました",
            "{name} 様\n\nあなたの提案「{title}」に市からの回答が公開されました。\n\n{link}\n",
        ),
        "comment_reply": (
            "【Kyoso】あなたのコメントに返信がありました",
            "{name} 様\n\n提案「{title}」へのあなたのコメントに返信がありました。\n\n{link}\n",
        ),
        "draft_open": (
            "【Kyoso】計画の素案への意見募集が始まりました",
            "{name} 様\n\nあなたが参加した「{title}」で、計画の素案への意見募集"
            "（パブリックコメント）が始まりました。\n\n{link}\n",
        ),
        "plan_published": (
            "【Kyoso】提案をもとにした計画の素案が公開されました",
            "{name} 様\n\nあなたが提案した「{title}」で、皆さんの意見をもとにまとめた計画の素案が"
            "公開されました。\n\n{link}\n",
        ),
        "digest": (
            "【Kyoso】本日のお知らせ（{count}件）",
            "{name} 様\n\nKyoso からのお知らせをまとめてお送りします。\n\n{items}\n",
        ),
    },
    "en": {
        "password_reset": (
            "[Kyoso] Resetting your password",
            "Dear {name},\n\nWe received a request to reset your password. Set a new one "
            "within an hour with this link (it works once):\n\n{link}\n\n"
            "If you did not ask for this, ignore this e-mail; your password stays the same.\n",
        ),
        "confirm_email": (
            "[Kyoso] Please confirm your e-mail address",
            "Dear {name},\n\nThank you for signing up to Kyoso. Open this link to confirm "
            "your e-mail address (valid for 7 days):\n\n{link}\n\n"
            "If you did not sign up, ignore this e-mail.\n",
        ),
        "answer_published": (
            "[Kyoso] The city has answered your proposal",
            'Dear {name},\n\nThe city\'s answer to your proposal "{title}" is '
            "published.\n\n{link}\n",
        ),
        "comment_reply": (
            "[Kyoso] Someone replied to your comment",
            'Dear {name},\n\nSomeone replied to your comment on "{title}".\n\n{link}\n',
        ),
        "draft_open": (
            "[Kyoso] The draft plan is open for comments",
            'Dear {name},\n\nThe draft plan of "{title}", where you took part, is open for '
            "public comments.\n\n{link}\n",
        ),
        "plan_published": (
            "[Kyoso] The plan drawn from the proposals is published",
            'Dear {name},\n\nThe draft plan of "{title}", drawn from the proposals you and '
            "others made, is published.\n\n{link}\n",
        ),
        "digest": (
            "[Kyoso] Today's notices ({count})",
            "Dear {name},\n\nHere are your notices from Kyoso.\n\n{items}\n",
        ),
    },
}

FOOTER = {
    "ja": "\n--\nお知らせメールの設定: {settings_link}\n"
    "お知らせメールの配信停止: {unsubscribe_link}\n",
    "en": "\n--\nNotification settings: {settings_link}\nStop these e-mails: {unsubscribe_link}\n",
}


def language_of(preferred: str | None) -> str:
    return preferred if preferred in TEMPLATES else "ja"


def render(kind: MailKind, language: str | None, **fields: object) -> tuple[str, str]:
    """The subject and body of ``kind`` in ``language`` (Japanese when unknown)."""
    subject, body = TEMPLATES[language_of(language)][kind]
    return subject.format(**fields), body.format(**fields)


def notification_footer(language: str | None, settings_link: str, unsubscribe_link: str) -> str:
    return FOOTER[language_of(language)].format(
        settings_link=settings_link, unsubscribe_link=unsubscribe_link
    )
