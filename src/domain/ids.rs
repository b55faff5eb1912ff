//! Typed row identifiers, so that an account id cannot be passed where a survey id is expected.

use diesel_derive_newtype::DieselNewType;
use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, DieselNewType, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_type!(
    /// A row of `accounts`.
    AccountId,
    /// A row of `contacts`.
    ContactId,
    /// A row of `surveys`.
    SurveyId,
    /// A row of `invitations`.
    InvitationId,
    /// A row of `responses`.
    ResponseId,
    /// A row of `users` (staff).
    UserId,
    /// A row of `follow_ups`.
    FollowUpId,
    /// A row of `api_tokens`.
    ApiTokenId,
    /// A row of `outbox`: one email or webhook call to make.
    OutboxId,
    /// A row of `webhook_endpoints`.
    WebhookEndpointId,
    /// A row of `mailings`.
    MailingId,
);
