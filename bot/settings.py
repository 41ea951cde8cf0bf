"""Settings: every knob of cibwatch, read once from the environment or `.env`.

One `Settings` object is built by the entry point and passed down; nothing else
reads the environment.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB_FILE = "cibwatch.db"


class Settings(BaseSettings):
    """Configuration from environment variables and `.env` (each listed in the README and `.env.example`)."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    database_url: str = Field(default="", alias="DATABASE_URL")
    slack_bot_token: str = Field(default="", alias="SLACK_BOT_TOKEN")
    slack_signing_secret: str = Field(default="", alias="SLACK_SIGNING_SECRET")
    slack_app_token: str = Field(default="", alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field(default="https://slack.com/api/", alias="SLACK_API_URL")
    reviewers: str = Field(default="", alias="CIBWATCH_REVIEWERS")
    timezone: str = Field(default="UTC", alias="CIBWATCH_TIMEZONE")
    operator_timezone: str = Field(default="Asia/Shanghai", alias="CIBWATCH_OPERATOR_TIMEZONE")
    check_workers: int = Field(default=4, alias="CIBWATCH_CHECK_WORKERS")
    fetch_links: bool = Field(default=True, alias="CIBWATCH_FETCH_LINKS")
    picture_processes: int = Field(default=2, alias="CIBWATCH_PICTURE_PROCESSES")
    # 1: the bot sweeps before each digest (one machine); 0: a `cibwatch sweep --every` worker does.
    sweep_in_bot: bool = Field(default=True, alias="CIBWATCH_SWEEP_IN_BOT")

    @field_validator("sweep_in_bot", mode="before")
    @classmethod
    def _one_or_zero(cls, value: object) -> object:
        if isinstance(value, str) and value.strip() not in ("0", "1"):
            raise ValueError(
                "use 1 (the bot sweeps before each digest) or 0 (a `cibwatch sweep --every` "
                f"worker sweeps; digests wait for it), not {value.strip()[:20]!r}"
            )
        return value.strip() if isinstance(value, str) else value

    @field_validator("slack_api_url")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        # slack_sdk joins method names onto the base URL, so it must end in "/".
        return value if value.endswith("/") else value + "/"

    @property
    def db_url(self) -> str:
        """The SQLAlchemy URL of the store: DATABASE_URL, or a SQLite file here."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{Path.cwd() / DEFAULT_DB_FILE}"

    @property
    def reviewer_ids(self) -> frozenset[str]:
        """Slack user ids and user-group ids allowed to flag accounts."""
        parts = self.reviewers.replace(";", ",").replace(" ", ",").split(",")
        return frozenset(p.strip() for p in parts if p.strip())
