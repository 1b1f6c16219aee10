//! The types of act a case documents: harms done to a person, never the work she does.
//!
//! After HURIDOCS' events format, an event holds acts; each act has a type from this
//! list. Sex work itself is never an act type: the list names what was done *to* her,
//! by clients, managers, police, immigration, raid teams, landlords, media, banks or
//! platforms.

use crate::vocabulary::vocabulary;

vocabulary! {
    /// What was done to the person. The slug is the stable wire form.
    pub enum ActType (field = "act_type") {
        /// Arrest by police or another authority, for any stated reason.
        Arrest = ("arrest", "arrest"),
        /// Being held: in a police cell, an immigration centre, a shelter she may not leave.
        Detention = ("detention", "detention"),
        /// Removal from the country, or an order to leave it.
        Deportation = ("deportation", "deportation or removal order"),
        /// A raid on a workplace or home, whatever it was called.
        Raid = ("raid", "raid on a workplace or home"),
        /// Being made to attend a "rehabilitation" or "exit" programme against her will.
        ForcedRehabilitation = ("forced_rehabilitation", "forced \"rehabilitation\""),
        /// Earnings, savings, phones or other property taken, including "as evidence".
        Confiscation = ("confiscation", "confiscation of earnings or property"),
        /// Revealing that she does sex work, or who she is, to family, media, employers or others.
        Outing = ("outing", "outing or exposure"),
        /// Being forced out of a home or workplace.
        Eviction = ("eviction", "eviction"),
        /// Demands for money, sex or services under threat (of arrest, outing, reporting).
        Extortion = ("extortion", "extortion"),
        /// Refusal of health care or another service she was entitled to.
        DenialOfService = ("denial_of_service", "denial of health or other service"),
        /// A bank, payment or platform account closed or frozen.
        AccountClosure = ("account_closure", "account closure"),
        /// Hitting, choking, any physical attack.
        PhysicalViolence = ("physical_violence", "physical violence"),
        /// Rape, sexual assault, stealthing, any sexual act without consent.
        SexualViolence = ("sexual_violence", "sexual violence"),
        /// Earnings withheld or not paid, or fines and deductions imposed.
        WageTheft = ("wage_theft", "wage theft or fines"),
        /// Passport, ID or other documents kept from her.
        DocumentRetention = ("document_retention", "passport or document retention"),
        /// A debt used to control her, that grows or cannot be paid off.
        DebtBondage = ("debt_bondage", "debt bondage"),
        /// Not allowed to leave, or to go where she wants, or watched when she does.
        RestrictedMovement = ("restricted_movement", "restricted movement"),
        /// Made to work hours or days she did not agree to.
        ExcessiveHours = ("excessive_hours", "excessive hours"),
        /// Lied to about the work, the pay, the conditions or the debt.
        Deception = ("deception", "deception about conditions"),
        /// Threats of harm, of arrest, of outing, against her or her family.
        Threats = ("threats", "threats"),
        /// Anything else; the narrative says what.
        Other = ("other", "other"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::assert_well_formed;

    #[test]
    fn act_types_are_a_well_formed_vocabulary() {
        assert_well_formed::<ActType>();
    }

    #[test]
    fn sex_work_is_not_an_act_type() {
        for term in ["sex_work", "prostitution", "selling_sex", "sex work"] {
            let err = ActType::parse(term).expect_err("sex work is never an act type");
            assert_eq!(err.field, "act_type");
        }
        for act in ActType::ALL {
            assert!(!act.slug().contains("sex_work") && !act.slug().contains("prostitution"));
        }
    }
}
