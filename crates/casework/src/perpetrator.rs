//! Who did it and how they were involved, after HURIDOCS' involvement and degree of involvement.

use crate::vocabulary::vocabulary;

vocabulary! {
    /// The kind of person or body that committed or took part in an act.
    pub enum PerpetratorCategory (field = "perpetrator") {
        /// A client, or someone posing as one.
        Client = ("client", "client"),
        /// A manager, agent, driver, madam or other third party in the work.
        ManagerOrThirdParty = ("manager_or_third_party", "manager or third party"),
        /// A partner, husband, boyfriend or girlfriend, current or former.
        IntimatePartner = ("intimate_partner", "intimate partner"),
        /// Police, of any force.
        Police = ("police", "police"),
        /// Immigration or border officials.
        Immigration = ("immigration", "immigration"),
        /// A raid or "rescue" team, whoever ran it.
        RaidOrRescueTeam = ("raid_or_rescue_team", "raid or \"rescue\" team"),
        /// An anti-trafficking NGO or its staff.
        AntiTraffickingNgo = ("anti_trafficking_ngo", "anti-trafficking NGO"),
        /// A landlord or letting agent.
        Landlord = ("landlord", "landlord"),
        /// Journalists, broadcasters, or people publishing online.
        Media = ("media", "media"),
        /// A bank, payment provider, or online platform.
        BankOrPlatform = ("bank_or_platform", "bank or platform"),
        /// Anyone else; the narrative says who.
        Other = ("other", "other"),
    }
}

vocabulary! {
    /// How a perpetrator was involved in an act (HURIDOCS' degree of involvement).
    pub enum InvolvementDegree (field = "involvement") {
        /// Carried out the act.
        Perpetrator = ("perpetrator", "carried it out"),
        /// Helped, or took part, while someone else carried it out.
        Accomplice = ("accomplice", "helped or took part"),
        /// Ordered, asked for or encouraged the act.
        Instigator = ("instigator", "ordered or encouraged it"),
        /// Had a duty to protect her or to act, and did not (e.g. police who ignored a report).
        FailedToAct = ("failed_to_act", "failed to act when they should have"),
        /// Involved, but how is not known yet.
        Unknown = ("unknown", "involved, how is not known"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::assert_well_formed;

    #[test]
    fn perpetrator_categories_are_a_well_formed_vocabulary() {
        assert_well_formed::<PerpetratorCategory>();
    }

    #[test]
    fn degrees_of_involvement_are_a_well_formed_vocabulary() {
        assert_well_formed::<InvolvementDegree>();
    }
}
