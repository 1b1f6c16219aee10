//! Referrals: hand-overs to services she chose, by category, and how their status may move.

use crate::vocabulary::vocabulary;
use serde::Serialize;

vocabulary! {
    /// The kind of service a referral goes to.
    pub enum ServiceCategory (field = "service_category") {
        /// Lawyers, legal aid, criminal defence, victims' rights.
        Legal = ("legal", "legal"),
        /// Clinics, sexual health, mental health, emergency care.
        Health = ("health", "health"),
        /// Housing, emergency accommodation (one she may leave).
        Housing = ("housing", "housing"),
        /// Advice on residence, visas and status, independent of immigration enforcement.
        ImmigrationAdvice = ("immigration_advice", "immigration advice"),
        /// Counselling and psychological support.
        Counselling = ("counselling", "counselling"),
        /// Unions and labour-rights groups: complaints, collective action, unpaid earnings.
        LabourRights = ("labour_rights", "labour rights"),
        /// Banking, debt advice, benefits.
        Financial = ("financial", "financial"),
        /// Training and other work, if she wants it.
        Employment = ("employment", "employment"),
    }
}

vocabulary! {
    /// Where a referral stands.
    pub enum ReferralStatus (field = "referral_status") {
        /// Talked about with her; she has not decided yet.
        Proposed = ("proposed", "proposed"),
        /// She chose it and the service has been contacted.
        Made = ("made", "made"),
        /// The service has taken her on.
        Accepted = ("accepted", "accepted"),
        /// She or the service said no. Final; a new attempt is a new referral.
        Declined = ("declined", "declined"),
        /// The service did what it was asked. Final.
        Completed = ("completed", "completed"),
        /// The service has not answered. It may still answer, or be contacted again.
        NoResponse = ("no_response", "no response"),
    }
}

/// A status change that is not allowed, with the changes that are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("referral_status: a referral that is {from} cannot become {to}; it can become {allowed}")]
pub struct TransitionError {
    /// The current status.
    pub from: ReferralStatus,
    /// The refused status.
    pub to: ReferralStatus,
    /// The statuses it may move to, as words (or "nothing: it is closed").
    pub allowed: String,
}

impl ReferralStatus {
    /// The statuses this one may move to. Declined and completed are final.
    pub fn next(self) -> &'static [ReferralStatus] {
        use ReferralStatus::*;
        match self {
            // She may say no to a proposal; only she makes it "made".
            Proposed => &[Made, Declined],
            Made => &[Accepted, Declined, NoResponse],
            // A late answer, or contacting the service again.
            NoResponse => &[Accepted, Declined, Made],
            // Either side may stop before the end.
            Accepted => &[Completed, Declined],
            Declined | Completed => &[],
        }
    }

    /// Whether this status may move to `to`.
    pub fn can_become(self, to: ReferralStatus) -> bool {
        self.next().contains(&to)
    }

    /// Moves to `to`, or says which moves are allowed.
    pub fn advance_to(self, to: ReferralStatus) -> Result<ReferralStatus, TransitionError> {
        if self.can_become(to) {
            return Ok(to);
        }
        let allowed = if self.next().is_empty() {
            "nothing: it is closed; start a new referral instead".to_string()
        } else {
            self.next()
                .iter()
                .map(|s| s.slug())
                .collect::<Vec<_>>()
                .join(" or ")
        };
        Err(TransitionError {
            from: self,
            to,
            allowed,
        })
    }

    /// Whether nothing more can happen to the referral.
    pub fn is_closed(self) -> bool {
        self.next().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::assert_well_formed;
    use ReferralStatus::*;

    #[test]
    fn services_and_statuses_are_well_formed_vocabularies() {
        assert_well_formed::<ServiceCategory>();
        assert_well_formed::<ReferralStatus>();
    }

    #[test]
    fn a_referral_follows_its_allowed_path() {
        let path = [Proposed, Made, NoResponse, Made, Accepted, Completed];
        for pair in path.windows(2) {
            assert_eq!(pair[0].advance_to(pair[1]), Ok(pair[1]));
        }
    }

    #[test]
    fn a_proposal_cannot_be_accepted_before_she_chooses_it() {
        let err = Proposed.advance_to(Accepted).unwrap_err();
        assert!(err.to_string().contains("made or declined"), "{err}");
    }

    #[test]
    fn closed_referrals_do_not_move() {
        for closed in [Declined, Completed] {
            assert!(closed.is_closed());
            for to in ReferralStatus::ALL {
                assert!(!closed.can_become(*to));
            }
        }
        assert!(Completed
            .advance_to(Made)
            .unwrap_err()
            .allowed
            .contains("closed"));
    }

    #[test]
    fn no_status_moves_to_itself() {
        for status in ReferralStatus::ALL {
            assert!(!status.can_become(*status));
        }
    }
}
