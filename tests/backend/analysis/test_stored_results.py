"""A run's stored payload reads back as ml.schema types, including payloads of older runs."""

import msgspec

from backend.analysis.results import decode_duplicates, decode_opinions
from backend.analysis.runner import STAGE_PROGRESS, run_params
from ml.schema import Analysis, DuplicateGroup, OpinionResult
from ml.stages import Stage

# The shape ``analyse`` stored before titles in English, summaries, policy fields and skipped
# rows existed (the foundation commit 47ee40a), trimmed to one theme.
OLDER_PAYLOAD = {
    "themes": [
        {
            "id": "t1",
            "level": 1,
            "parent_id": None,
            "title": "公園・ボール・遊び",
            "size": 2,
            "keywords": [{"word": "公園", "score": 0.5}],
            "representatives": [{"proposal_id": 1, "text": "公園でボール遊び", "centrality": 0.9}],
            "proposal_ids": [1, 2],
            "is_other": False,
            "x": 0.1,
            "y": -0.2,
        },
    ],
    "subthemes": [],
    "assignments": [
        {
            "proposal_id": 1,
            "theme_id": "t1",
            "subtheme_id": "t1.1",
            "theme_score": 0.9,
            "subtheme_score": 0.8,
            "x": 0.1,
            "y": -0.2,
            "lang": "ja",
            "duplicate_group": 0,
        },
    ],
    "duplicates": [
        {"id": 0, "proposal_ids": [1, 2], "representative_id": 1, "is_campaign": False},
    ],
    "opinions": {
        "groups": [
            {
                "id": 0,
                "participants": [7, 8],
                "representative": [
                    {
                        "proposal_id": 1,
                        "group": 0,
                        "agree": 2,
                        "disagree": 0,
                        "seen": 2,
                        "p_agree": 0.75,
                        "p_disagree": 0.25,
                        "repful": "agree",
                        "repness": 1.5,
                    }
                ],
            }
        ],
        "participant_xy": {"7": [0.0, 1.0], "8": [0.5, 0.5]},
        "consensus": [],
        "divisive": [],
        "n_participants": 2,
        "n_participants_clustered": 2,
        "n_statements": 1,
        "silhouette": None,
    },
    "metrics": {
        "n_proposals": 2,
        "n_unique": 1,
        "n_themes": 1,
        "n_subthemes": 1,
        "n_other": 0,
        "silhouette": None,
        "languages": {"ja": 2},
        "seconds": {"embed": 0.1},
    },
    "backend": "tfidf",
    "model": "tfidf-lsa",
    "random_state": 0,
}


def test_a_payload_stored_by_an_older_run_still_decodes_with_defaults_for_new_fields():
    analysis = msgspec.convert(OLDER_PAYLOAD, Analysis)
    assert analysis.themes[0].title_en == "" and analysis.themes[0].policy_field is None
    assert analysis.skipped == []


def test_opinions_are_read_as_an_opinion_result():
    opinions = decode_opinions(OLDER_PAYLOAD)
    assert isinstance(opinions, OpinionResult)
    assert opinions.groups[0].representative[0].p_agree == 0.75
    assert opinions.participant_xy["7"] == (0.0, 1.0)


def test_a_run_without_votes_has_no_opinions():
    assert decode_opinions({**OLDER_PAYLOAD, "opinions": None}) is None
    assert decode_opinions(None) is None


def test_duplicates_are_read_as_duplicate_groups():
    assert decode_duplicates(OLDER_PAYLOAD) == [DuplicateGroup(0, [1, 2], 1, False)]
    assert decode_duplicates({}) == []


def test_every_stage_of_the_analysis_has_a_place_on_the_progress_bar_in_order():
    assert list(STAGE_PROGRESS) == list(Stage)
    assert list(STAGE_PROGRESS.values()) == sorted(STAGE_PROGRESS.values())


def test_stored_run_parameters_are_read_as_analysis_params():
    params = run_params({"backend": "tfidf", "n_themes": 5, "seed": 3, "retired_option": 1})
    assert (params.backend, params.n_themes, params.n_subthemes, params.seed) == (
        "tfidf",
        5,
        None,
        3,
    )
