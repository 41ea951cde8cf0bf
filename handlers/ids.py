"""Ids of actions, callbacks, views and shortcuts: one place, so handlers and builders agree."""

from enum import StrEnum


class Action(StrEnum):
    """`action_id`s of interactive elements on our messages."""

    FLAG = "cib_flag"
    BENIGN = "cib_benign"
    WATCH = "cib_watch"
    VIEW_EVIDENCE = "cib_view_evidence"
    CHECK = "cib_check"
    FLAG_CLUSTER = "cib_flag_cluster"
    EXPORT = "cib_export"
    PICTURES = "cib_pictures"


class Callback(StrEnum):
    """`callback_id`s of shortcuts, modals and the Workflow Builder step."""

    CHECK_MESSAGE = "cib_check_message"
    FLAG_AUTHOR = "cib_flag_author"
    FLAG_MODAL = "cib_flag_modal"  # the review form, and its loading and notice states
    EVIDENCE_MODAL = "cib_evidence_modal"
    CHECK_STEP = "cib_check_step"  # the custom step (manifest.yml `functions`)


class Field(StrEnum):
    """`block_id`s (and `action_id`s) of the inputs of the review form."""

    LABEL = "cib_field_label"
    ACCOUNTS = "cib_field_accounts"
    REASON = "cib_field_reason"
    EVIDENCE = "cib_field_evidence"
