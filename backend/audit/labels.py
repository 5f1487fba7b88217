"""The audit log in words (監査ログの表示): a label per action, object type and detail.

Every action string that code records with ``record_audit`` needs an entry in
``ACTION_LABELS``; tests/backend/audit/test_audit_labels.py reads the code and fails when one
lacks it. Actions no longer recorded keep their label, for the rows already in the log.
Japanese is what the screen and the CSV show; English is for the SPA's English mode.
"""

from __future__ import annotations

from typing import Any, Literal

from backend.exports.labels import CHANNEL_LABELS, PHASE_LABELS
from backend.responses.schemas import STATUS_LABELS_JA

Lang = Literal["ja", "en"]
Pair = tuple[str, str]  # (Japanese, English)

ACTION_LABELS: dict[str, Pair] = {
    "user.created": ("利用者を作成", "Created a user"),
    "user.invited": ("利用者を招待", "Invited a user"),
    "user.reset_link_issued": ("パスワード再設定リンクを発行", "Issued a password link"),
    "user.password_set": ("パスワードを設定", "Set a password"),
    "user.role_changed": ("利用者の役割を変更", "Changed a user's role"),
    "user.deleted": ("退会", "Deleted own account"),
    "user.signed_up_with_provider": ("外部アカウントで利用登録", "Signed up with a provider"),
    "user.provider_linked": ("外部アカウントを連携", "Linked a sign-in provider"),
    "user.provider_unlinked": ("外部アカウントの連携を解除", "Unlinked a sign-in provider"),
    "proposal.proxy_entered": ("提案を代理入力", "Entered a proposal for a resident"),
    "proposal.proxy_imported": ("提案を一括取り込み", "Imported offline proposals from a file"),
    "workshop.created": ("ワークショップ・説明会を登録", "Added a workshop or meeting"),
    "tally_sheet.entered": ("集計表を入力", "Entered a tally sheet"),
    "tally_sheet.corrected": ("集計表を訂正", "Corrected a tally sheet"),
    "tally_sheet.removed": ("集計表を削除", "Removed a tally sheet"),
    "ballot.entered": ("紙の投票を入力", "Entered a paper ballot"),
    "ballot.corrected": ("紙の投票を訂正", "Corrected a paper ballot"),
    "ballot.removed": ("紙の投票を削除", "Removed a paper ballot"),
    "proposal.image_added": ("提案に写真を追加", "Added a photo to a proposal"),
    "proposal.image_removed": ("提案の写真を削除", "Removed a photo of a proposal"),
    "proposal.hidden": ("提案を非表示", "Hid a proposal"),
    "proposal.restored": ("提案を再表示", "Restored a proposal"),
    "comment.hidden": ("コメントを非表示", "Hid a comment"),
    "comment.restored": ("コメントを再表示", "Restored a comment"),
    "report.resolved": ("通報を対応済みに", "Resolved a report"),
    "export.requested": ("資料の出力を依頼", "Requested an export"),
    "district.created": ("地区を追加", "Added a district"),
    "district.updated": ("地区を変更", "Changed a district"),
    "district.deleted": ("地区を削除", "Deleted a district"),
    "district.merged": ("地区を統合", "Merged a district"),
    "process.created": ("計画を作成", "Created a process"),
    "process.imported": ("過去の意見募集を取り込み", "Imported an earlier consultation"),
    "process.updated": ("計画を変更", "Changed a process"),
    "process.phase_changed": ("段階を変更", "Changed the phase"),
    "process.archived": ("計画をアーカイブ", "Archived a process"),
    "process.restored": ("計画のアーカイブを解除", "Restored a process"),
    "approval.submitted": ("決裁を提出", "Submitted for approval"),
    "approval.approved": ("決裁を承認", "Approved"),
    "approval.returned": ("決裁を差し戻し", "Returned for changes"),
    "analysis.started": ("分析を開始", "Started an analysis"),
    "analysis.cancelled": ("分析を中止", "Cancelled an analysis"),
    "analysis.retried": ("分析をやり直し", "Retried an analysis"),
    "themes.published": ("テーマを公開", "Published the themes"),
    "themes.unpublished": ("テーマを非公開に", "Unpublished the themes"),
    "theme.rename": ("テーマ名を変更", "Renamed a theme"),
    "theme.summary": ("テーマの要約を編集", "Edited a theme's summary"),
    "theme.merge": ("テーマを統合", "Merged themes"),
    "theme.split": ("テーマを分割", "Split a theme"),
    "theme.move": ("提案を別のテーマへ移動", "Moved proposals to another theme"),
    "theme.exclude": ("提案をテーマから除外", "Excluded proposals from themes"),
    "theme.include": ("除外した提案を戻す", "Included excluded proposals"),
    "draft.generated": ("素案を生成", "Generated a draft"),
    "draft.edited": ("素案を編集", "Edited a draft"),
    "draft.published": ("素案を公開", "Published a draft"),
    "response.saved": ("市の考え方を保存", "Saved a response"),
    "response.published": ("市の考え方を公開", "Published a response"),
    "response.bulk_saved": ("市の考え方をテーマ単位で保存", "Saved responses for a theme"),
    "site.updated": ("サイト設定を変更", "Changed the site settings"),
    "site.page_published": ("規約・方針のページを公開", "Published a site page"),
    "site.logo_changed": ("ロゴを変更", "Changed the logo"),
    "site.logo_removed": ("ロゴを削除", "Removed the logo"),
    "verification.postcard_batch_created": (
        "住所確認コード（はがき）を発行",
        "Issued postcard verification codes",
    ),
    "verification.postcard_code_used": ("住所確認コードで確認", "Verified with a postcard code"),
    "verification.counter_verified": ("窓口で本人確認", "Verified in person at the counter"),
    "verification.revoked": ("本人確認を取り消し", "Revoked a verification"),
}

TARGET_LABELS: dict[str, Pair] = {
    "user": ("利用者", "User"),
    "postcard_batch": ("確認コードの発行分", "Postcard code batch"),
    "proposal": ("提案", "Proposal"),
    "comment": ("コメント", "Comment"),
    "report": ("通報", "Report"),
    "export_job": ("出力", "Export"),
    "district": ("地区", "District"),
    "process": ("計画", "Process"),
    "analysis_run": ("分析", "Analysis"),
    "draft": ("素案", "Draft"),
    "draft_comment": ("素案への意見", "Comment on the draft"),
    "response": ("市の考え方", "Response"),
    "theme": ("テーマ", "Theme"),
    "site": ("サイト", "Site"),
    "site_page": ("サイトのページ", "Site page"),
}

ROLE_LABELS: dict[str, Pair] = {
    "resident": ("住民", "Resident"),
    "planner": ("職員", "Planner"),
    "council": ("議員", "Council member"),
    "admin": ("管理者", "Administrator"),
}

# detail keys as words; keys not listed are shown as they are
FIELD_LABELS: dict[str, Pair] = {
    "role": ("役割", "Role"),
    "is_active": ("状態", "State"),
    "reason": ("理由", "Reason"),
    "slug": ("識別名", "Slug"),
    "fields": ("変更した項目", "Fields"),
    "version": ("版", "Version"),
    "run_id": ("分析", "Analysis"),
    "process_id": ("計画", "Process"),
    "format": ("形式", "Format"),
    "channel": ("受付経路", "Channel"),
    "image_id": ("写真", "Photo"),
    "kind": ("ページ", "Page"),
    "content_type": ("画像の形式", "Image type"),
    "size": ("大きさ（バイト）", "Size (bytes)"),
    "status": ("対応区分", "Status"),
    "theme_key": ("テーマ", "Theme"),
    "created": ("新規", "Created"),
    "updated": ("更新", "Updated"),
    "skipped": ("対象外", "Skipped"),
    "edit_id": ("編集番号", "Edit"),
    "through_edit_id": ("反映した編集", "Up to edit"),
    "object_type": ("対象", "Subject"),
    "approval_id": ("決裁番号", "Approval"),
    "target": ("公開内容", "Target"),
    "submitted_by": ("提出者", "Submitted by"),
    "comment": ("コメント", "Comment"),
    "into": ("統合先", "Into"),
    "proposals_moved": ("移した提案", "Proposals moved"),
    "users_moved": ("移した利用者", "Users moved"),
    "purpose": ("用途", "Purpose"),
    "phase": ("段階", "Phase"),
    "name": ("名前", "Name"),
    "title": ("題名", "Title"),
    "count": ("件数", "Count"),
    "first_reference": ("最初の受付番号", "First reference"),
    "last_reference": ("最後の受付番号", "Last reference"),
    "source": ("取り込み元", "Source"),
    "workshop_id": ("ワークショップ", "Workshop"),
    "reference_number": ("受付番号", "Reference"),
    "received_on": ("受付日", "Received"),
    "sheet_id": ("集計表", "Tally sheet"),
    "ballot_id": ("投票用紙", "Ballot"),
    "counts": ("賛成・反対・パス", "Agree, disagree, pass"),
    "counts_before": ("訂正前の賛成・反対・パス", "Counts before"),
    "label": ("会合・票の名前", "Label"),
    "changed": ("変更した提案", "Proposals changed"),
    "note": ("メモ", "Note"),
    "batch_id": ("発行分", "Batch"),
    "valid_days": ("有効日数", "Days valid"),
}
# detail keys not worth a reader's time (hashes, raw parameters)
HIDDEN_FIELDS = frozenset({"payload_hash", "params", "parts"})

PHASE_LABELS_EN = {
    "ideas": "Ideas",
    "voting": "Voting",
    "themes": "Themes",
    "draft": "Draft plan",
    "feedback": "Feedback on the draft",
    "closed": "Closed",
}
VALUE_LABELS: dict[str, dict[str, Pair]] = {
    "role": ROLE_LABELS,
    "is_active": {"True": ("有効", "enabled"), "False": ("無効", "disabled")},
    "purpose": {"invitation": ("招待", "invitation"), "reset": ("再設定", "reset")},
    "phase": {k: (v, PHASE_LABELS_EN[k]) for k, v in PHASE_LABELS.items()},
    "target": {k: (v, PHASE_LABELS_EN[k]) for k, v in PHASE_LABELS.items()},
    "status": {k: (v, k.replace("_", " ")) for k, v in STATUS_LABELS_JA.items()},
    "channel": {k: (v, k) for k, v in CHANNEL_LABELS.items()},
    "format": {
        "pubcom": ("e-Govパブリックコメント", "e-Gov public comment"),
        "generic": ("CSV・Excel", "CSV or Excel"),
        "polis": ("Pol.is", "Pol.is"),
        "decidim": ("Decidim", "Decidim"),
        "kouchou": ("広聴AI", "Kouchou AI"),
    },
    "object_type": {
        "themes": ("テーマ", "themes"),
        "phase": ("段階", "phase"),
        "draft": ("素案", "draft"),
        "response": ("市の考え方", "response"),
        "theme_responses": ("テーマ単位の市の考え方", "responses of a theme"),
    },
}
ARROW = " → "


def _pick(pair: Pair, lang: Lang) -> str:
    return pair[0] if lang == "ja" else pair[1]


def action_label(action: str, lang: Lang = "ja") -> str:
    pair = ACTION_LABELS.get(action)
    return _pick(pair, lang) if pair else action


def target_label(target_type: str, lang: Lang = "ja") -> str:
    pair = TARGET_LABELS.get(target_type)
    return _pick(pair, lang) if pair else target_type


def role_label(role: str | None, lang: Lang = "ja") -> str:
    pair = ROLE_LABELS.get(role or "")
    return _pick(pair, lang) if pair else (role or "")


def _value(key: str, value: Any, lang: Lang) -> str:
    if isinstance(value, list):
        return ("、" if lang == "ja" else ", ").join(_value(key, v, lang) for v in value)
    if value is None:
        return "—"
    pair = VALUE_LABELS.get(key, {}).get(str(value))
    return _pick(pair, lang) if pair else str(value)


def _field(key: str, lang: Lang) -> str:
    pair = FIELD_LABELS.get(key)
    return _pick(pair, lang) if pair else key


def describe(action: str, details: dict[str, Any], lang: Lang = "ja") -> str:
    """The details as a sentence-like line: 「役割：住民 → 職員；状態：有効」, not JSON."""
    colon, sep = ("：", "；") if lang == "ja" else (": ", "; ")
    before, after = details.get("before"), details.get("after")
    parts: list[str] = []
    if isinstance(before, dict) and isinstance(after, dict):
        for key in [*before, *(k for k in after if k not in before)]:
            old, new = before.get(key), after.get(key)
            if old != new:
                parts.append(
                    f"{_field(key, lang)}{colon}{_value(key, old, lang)}{ARROW}"
                    f"{_value(key, new, lang)}"
                )
    elif "before" in details or "after" in details:  # a scalar change: the phase
        key = "phase" if action == "process.phase_changed" else "value"
        parts.append(
            f"{_field(key, lang)}{colon}{_value(key, before, lang)}{ARROW}"
            f"{_value(key, after, lang)}"
        )
    for key, value in details.items():
        if key in ("before", "after") or key in HIDDEN_FIELDS:
            continue
        parts.append(f"{_field(key, lang)}{colon}{_value(key, value, lang)}")
    return sep.join(parts)
