"""The verification feature: verification tiers (postcard codes, counter checks)."""

from backend.core.features import Feature, RateLimit
from backend.core.messages import N_
from backend.verification.controllers import VerificationController

FEATURE = Feature(
    name="verification",
    routes=[VerificationController],
    models=["backend.verification.models"],
    # codes entered per account, right or wrong: a code has ~59 bits, so guessing needs far
    # more than this allows
    rate_limits=[
        RateLimit(
            "verification_code",
            10,
            3600,
            N_("You have entered several verification codes in the last hour."),
        )
    ],
)
