"""The outcomes feature's routes in the role matrix (tests/security/test_role_matrix.py)."""

from role_cases import PUBLIC_READ, Case

MATRIX = {
    "GET /api/v1/proposals/{proposal_id:int}/outcome": Case(PUBLIC_READ),
}
