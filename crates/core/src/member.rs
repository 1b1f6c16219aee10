//! Members: pseudonymous handles and roles.

use crate::error::FieldError;
use serde::{Deserialize, Serialize};

/// What a member may do. Each role includes the ones before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A sex worker: reports, screens, reads alerts.
    Member,
    /// A moderator: verifies reports, publishes and retracts alerts.
    PeerWorker,
    /// An administrator: invites, areas, settings.
    Coordinator,
}

impl Role {
    /// The stable wire form.
    pub fn slug(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::PeerWorker => "peer_worker",
            Role::Coordinator => "coordinator",
        }
    }

    /// Reads a wire form.
    pub fn parse(input: &str) -> Result<Role, FieldError> {
        match input.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "member" => Ok(Role::Member),
            "peer_worker" | "peer" => Ok(Role::PeerWorker),
            "coordinator" => Ok(Role::Coordinator),
            _ => Err(FieldError::new(
                "role",
                input,
                "one of: member, peer_worker, coordinator",
            )),
        }
    }
}

/// A member's chosen pseudonym: 2 to 32 letters, digits, `_`, `-` or `.`; compared lower-cased.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct MemberHandle(String);

impl MemberHandle {
    /// Reads a handle a member chose.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let handle = input.trim().to_lowercase();
        let chars = handle.chars().count();
        let ok = (2..=32).contains(&chars)
            && handle
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if !ok {
            return Err(FieldError::new(
                "handle",
                input,
                "a name of 2 to 32 letters, digits, _, - or . (not your real name), e.g. rosa_22",
            ));
        }
        Ok(MemberHandle(handle))
    }

    /// The handle as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered_by_what_they_may_do() {
        assert!(Role::Coordinator > Role::PeerWorker && Role::PeerWorker > Role::Member);
        assert_eq!(Role::parse("peer-worker"), Ok(Role::PeerWorker));
    }

    #[test]
    fn handles_are_lower_cased_and_checked() {
        assert_eq!(
            MemberHandle::parse(" Rosa_22 ").unwrap().as_str(),
            "rosa_22"
        );
        assert!(MemberHandle::parse("a").is_err());
        assert!(MemberHandle::parse("has space").is_err());
    }
}
