"""The theme map: themes alike in meaning sit near each other, each proposal sits around its own
theme's centre, and the "other" bucket gets no centre of its own."""

import numpy as np
import pytest

from ml.mapping import theme_map_positions

# three themes in 8 dimensions: bus and train close in meaning, the library far from both
DIRECTIONS = np.eye(8)[[0, 0, 2]] + np.array([[0.0] * 8, [0, 0.5, 0, 0, 0, 0, 0, 0], [0.0] * 8])
BUS, TRAIN, LIBRARY = 0, 1, 2


def _themes(per_theme: int = 20, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    labels = np.repeat(np.arange(3), per_theme)
    x = DIRECTIONS[labels] + rng.normal(0, 0.05, (len(labels), 8))
    return x / np.linalg.norm(x, axis=1, keepdims=True), labels


def test_themes_alike_in_meaning_sit_nearer_each_other_than_unlike_ones():
    _, centres = theme_map_positions(*_themes())
    assert centres.shape == (3, 2)
    near = np.linalg.norm(centres[BUS] - centres[TRAIN])
    assert near < np.linalg.norm(centres[BUS] - centres[LIBRARY])
    assert near < np.linalg.norm(centres[TRAIN] - centres[LIBRARY])


def test_every_proposal_sits_nearer_its_own_themes_centre_than_any_other():
    x, labels = _themes()
    positions, centres = theme_map_positions(x, labels)
    nearest = np.linalg.norm(positions[:, None] - centres[None], axis=2).argmin(axis=1)
    assert (nearest == labels).all()


def test_the_same_vectors_give_the_same_map():
    x, labels = _themes()
    first, again = theme_map_positions(x, labels), theme_map_positions(x.copy(), labels.copy())
    assert np.array_equal(first[0], again[0]) and np.array_equal(first[1], again[1])


def test_the_other_bucket_is_placed_but_has_no_theme_centre():
    x, labels = _themes()
    labels = np.where(labels == LIBRARY, -1, labels)  # the library proposals become "other"
    positions, centres = theme_map_positions(x, labels)
    assert centres.shape == (2, 2) and np.isfinite(positions).all()
    other = positions[labels < 0].mean(axis=0)
    assert np.linalg.norm(other - centres).min() > np.linalg.norm(centres[BUS] - centres[TRAIN])


@pytest.mark.parametrize("n", [1, 2])
def test_a_single_theme_is_centred_on_the_map(n):
    positions, centres = theme_map_positions(np.eye(8)[:n], np.zeros(n, dtype=int))
    assert np.allclose(centres, [[0.0, 0.0]]) and np.allclose(positions, 0.0)


def test_no_proposals_give_an_empty_map():
    positions, centres = theme_map_positions(np.zeros((0, 8)), np.zeros(0, dtype=int))
    assert positions.shape == (0, 2) and centres.shape == (0, 2)
