"""What every backend shares: unit-length rows and texts fed in batches."""

import numpy as np

from ml.embed.base import batched, l2_normalize


def test_rows_become_unit_length_float32_and_a_zero_row_stays_zero():
    unit = l2_normalize(np.array([[3.0, 4.0], [0.0, 0.0], [0.0, -2.0]]))
    assert unit.dtype == np.float32
    assert np.allclose(unit, [[0.6, 0.8], [0.0, 0.0], [0.0, -1.0]])


def test_a_single_vector_becomes_one_row():
    assert l2_normalize(np.array([0.0, 5.0])).shape == (1, 2)


def test_batches_cover_every_text_once_in_order_with_their_offsets():
    texts = [f"t{i}" for i in range(7)]
    batches = list(batched(texts, 3))
    assert [start for start, _ in batches] == [0, 3, 6]
    assert [t for _, batch in batches for t in batch] == texts
    assert all(len(batch) <= 3 for _, batch in batches)
