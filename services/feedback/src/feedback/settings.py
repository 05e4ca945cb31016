"""Feedback's settings: the kit's, read with the ``FEEDBACK_`` prefix, plus feedback's own."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field, SecretStr

from bastion.production import Secret
from bastion.settings import ServiceSettings, settings_config

DEV_RESPONDENT_KEY = "dev-only-respondent-key-change-me"


class FeedbackSettings(ServiceSettings):
    service_name: ClassVar[str] = "feedback"
    default_http_port: ClassVar[int] = 8003
    model_config = settings_config("feedback")

    respondent_hash_key: Annotated[SecretStr, Secret()] = Field(
        default=SecretStr(DEV_RESPONDENT_KEY),
        description="Key of the HMAC that replaces every respondent's identity; production refuses the default.",
    )
    rating_period: Literal["month", "quarter", "year"] = Field(
        default="quarter", description="One rating per respondent per subject in each such period."
    )
    acknowledge_working_days: int = Field(default=3, ge=1, le=60)
    decide_working_days: int = Field(default=15, ge=1, le=120)
    reopen_window_days: int = Field(default=30, ge=1, le=365)
    public_base_url: str | None = Field(
        default=None,
        description="Where people reach the public pages (printed in QR codes), e.g. https://fk.example.cn; "
        "default: where the service listens (FEEDBACK_HTTP_HOST, FEEDBACK_HTTP_PORT), with the machine's "
        "network address when it listens on 0.0.0.0.",
    )
    # The public page's limits (domain.md §3: 200 people behind one NAT address rate within ten minutes).
    public_device_submissions_per_window: int = Field(
        default=5, ge=1, le=1000, description="Accepted submissions per device (the page's cookie) per window."
    )
    public_address_submissions_per_window: int = Field(
        default=1000, ge=1, le=100_000, description="A flood guard per network address (a whole workshop's NAT)."
    )
    public_window_seconds: int = Field(default=600, ge=10, le=86_400)
    public_burst_ratings: int = Field(
        default=20, ge=2, le=10_000, description="So many ratings of one subject from one address are a burst: flagged."
    )
    public_burst_window_seconds: int = Field(default=600, ge=10, le=86_400)

    @property
    def public_pages_url(self) -> str:
        """The public pages' base address, as people's phones reach it (no trailing slash)."""
        return (self.public_base_url or self.reachable_url).rstrip("/")
