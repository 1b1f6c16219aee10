//! The shared casework story: a case's whole life driven through the `CaseStore` trait,
//! run by every backend's tests so that SQLite and PostgreSQL keep the same contract.
//!
//! Each step is an `async fn` named for the behaviour it checks and announces itself on
//! stderr. Ciphertext is fake bytes: a store never reads it, only keeps it.

use crate::{
    changed, ActFact, AreaId, CaseAccess, CaseId, CaseStatus, Involvement, Member, MemberId,
    NewAct, NewCase, NewConsent, NewEvent, NewInvite, NewMember, NewOrganisation, NewReferral,
    NewService, OrgId, ReferralChange, Service, Store, StoreError, StoreResult, Timestamp,
};
use parasol_casework::{
    ActType, Consent, ConsentMethod, ConsentPurpose, EventPeriod, InvolvementDegree, Measure,
    MeasureLink, PerpetratorCategory, ReferralStatus, ServiceCategory,
};
use parasol_core::Role;
use std::fmt::Debug;
use time::macros::date;
use time::Date;

const NOW: Timestamp = 1_780_000_000;
const TODAY: Date = date!(2026 - 06 - 15);

/// Runs the casework story against a store holding nothing yet. Panics, naming the
/// behaviour, on the first thing the store gets wrong.
pub async fn run(store: &dyn Store) {
    let world = world(store).await;
    let case = a_case_keeps_its_events_acts_and_involvements_in_order(store, &world).await;
    a_case_of_another_organisation_is_not_found(store, &world, case).await;
    a_failed_case_leaves_nothing_behind(store, &world).await;
    consents_are_kept_and_withdrawals_keep_the_earliest_day(store, &world, case).await;
    let services = the_services_directory_refuses_a_second_name(store, &world).await;
    referrals_move_only_from_the_status_they_were_read_in(store, &world, case, &services).await;
    assessments_are_replaced_not_added(store, &world, case).await;
    statistics_see_only_cases_with_a_statistics_consent(store, &world, case).await;
    the_suppression_threshold_is_never_below_three(store, &world).await;
    cases_are_listed_newest_first_and_can_be_closed(store, &world, case).await;
    the_audit_trail_records_every_view_and_change_and_no_content(store, &world, case).await;
}

struct World {
    org: OrgId,
    other_org: OrgId,
    north: AreaId,
    peer: Member,
    other_peer: Member,
}

fn step(name: &str) {
    eprintln!("case story: {name}");
}

fn at(peer: &Member, offset: Timestamp) -> CaseAccess {
    CaseAccess {
        by: peer.id,
        at: NOW + offset,
    }
}

fn period(start: &str, end: Option<&str>) -> EventPeriod {
    EventPeriod::parse("started", start, "ended", end, TODAY).expect("a valid period")
}

fn conflict<T: Debug>(result: StoreResult<T>, doing: &str) -> String {
    match result {
        Err(StoreError::Conflict(message)) => message,
        other => panic!("{doing}: expected a Conflict, got {other:?}"),
    }
}

fn not_found<T: Debug>(result: StoreResult<T>, doing: &str) {
    match result {
        Err(StoreError::NotFound(_)) => {}
        other => panic!("{doing}: expected NotFound, got {other:?}"),
    }
}

async fn peer_of(store: &dyn Store, org: OrgId, handle: &str) -> Member {
    let code = format!("case story {handle} {org}").into_bytes();
    store
        .create_invite(NewInvite {
            org,
            code_hash: code.clone(),
            role: Role::PeerWorker,
            created_by: None,
            expires_at: NOW + 1_000,
        })
        .await
        .expect("invite");
    store
        .redeem_invite(
            &code,
            NewMember {
                handle: handle.into(),
                passphrase_hash: "hash".into(),
            },
            NOW,
        )
        .await
        .expect("a peer worker joins")
}

async fn world(store: &dyn Store) -> World {
    let organisation = |name: &str| NewOrganisation {
        name: name.into(),
        region: "GB".into(),
        wrapped_data_key: b"wrapped".to_vec(),
        wrapped_oprf_key: b"wrapped".to_vec(),
        alert_days: 30,
        red_alert_days: 90,
        created_at: NOW,
    };
    let org = store
        .create_organisation(organisation("Case Collective"))
        .await
        .expect("organisation")
        .id;
    let other_org = store
        .create_organisation(organisation("Other Collective"))
        .await
        .expect("organisation")
        .id;
    let north = store.add_area(org, "North").await.expect("area").id;
    World {
        org,
        other_org,
        north,
        peer: peer_of(store, org, "peer").await,
        other_peer: peer_of(store, other_org, "other_peer").await,
    }
}

fn raid_event(area: Option<AreaId>) -> NewEvent {
    NewEvent {
        what: b"sealed what".to_vec(),
        when: period("2026-03", None),
        area,
        confidential: true,
        acts: vec![
            NewAct {
                act_type: ActType::Raid,
                consequences: b"sealed consequences".to_vec(),
                measure: Some(MeasureLink::new(Measure::RaidOrRescue, None).expect("measure")),
                involvements: vec![
                    Involvement {
                        perpetrator: PerpetratorCategory::Police,
                        degree: InvolvementDegree::Perpetrator,
                    },
                    Involvement {
                        perpetrator: PerpetratorCategory::AntiTraffickingNgo,
                        degree: InvolvementDegree::Instigator,
                    },
                ],
            },
            NewAct {
                act_type: ActType::Confiscation,
                consequences: b"sealed earnings".to_vec(),
                measure: None,
                involvements: vec![Involvement {
                    perpetrator: PerpetratorCategory::Police,
                    degree: InvolvementDegree::Perpetrator,
                }],
            },
        ],
    }
}

async fn a_case_keeps_its_events_acts_and_involvements_in_order(
    store: &dyn Store,
    world: &World,
) -> CaseId {
    step("a case keeps its events, acts and involvements in order");
    let case = store
        .create_case(NewCase {
            org: world.org,
            person: b"sealed label".to_vec(),
            member: None,
            access: at(&world.peer, 0),
            events: vec![raid_event(Some(world.north))],
        })
        .await
        .expect("a case is opened");
    let event = NewEvent {
        what: b"sealed eviction".to_vec(),
        when: period("2026-04-02", Some("2026-04-20")),
        area: None,
        confidential: false,
        acts: vec![NewAct {
            act_type: ActType::Eviction,
            consequences: b"sealed".to_vec(),
            measure: Some(
                MeasureLink::new(Measure::Other, Some(parasol_casework::P4::Partnership))
                    .expect("measure"),
            ),
            involvements: vec![],
        }],
    };
    store
        .add_event(world.org, case, event, at(&world.peer, 10))
        .await
        .expect("an event is added");

    let file = store
        .open_case(world.org, case, at(&world.peer, 20))
        .await
        .expect("the case opens");
    assert_eq!(file.person, b"sealed label");
    assert_eq!(file.status, CaseStatus::Open);
    assert_eq!(file.created_by, world.peer.id);
    assert_eq!(file.events.len(), 2);
    let raid = &file.events[0];
    assert_eq!(raid.when.start().to_string(), "2026-03");
    assert_eq!(raid.area, Some((world.north, "North".to_string())));
    assert!(raid.confidential);
    assert_eq!(
        raid.acts.iter().map(|a| a.act_type).collect::<Vec<_>>(),
        [ActType::Raid, ActType::Confiscation]
    );
    assert_eq!(raid.acts[0].consequences, b"sealed consequences");
    assert_eq!(
        raid.acts[0].measure.map(|m| m.measure()),
        Some(Measure::RaidOrRescue)
    );
    assert_eq!(
        raid.acts[0]
            .involvements
            .iter()
            .map(|i| (i.perpetrator, i.degree))
            .collect::<Vec<_>>(),
        [
            (PerpetratorCategory::Police, InvolvementDegree::Perpetrator),
            (
                PerpetratorCategory::AntiTraffickingNgo,
                InvolvementDegree::Instigator
            )
        ]
    );
    let eviction = &file.events[1];
    assert_eq!(
        eviction.when.end().map(|e| e.to_string()),
        Some("2026-04-20".to_string())
    );
    assert_eq!(eviction.area, None);
    assert_eq!(
        eviction.acts[0].measure.map(|m| m.p4()),
        Some(parasol_casework::P4::Partnership)
    );
    assert!(eviction.acts[0].involvements.is_empty());
    assert!(file.consents.is_empty() && file.referrals.is_empty());
    assert!(file.assessment.is_none());
    case
}

async fn a_case_of_another_organisation_is_not_found(
    store: &dyn Store,
    world: &World,
    case: CaseId,
) {
    step("a case of another organisation is not found, and nothing changes it");
    let outsider = at(&world.other_peer, 30);
    not_found(
        store.open_case(world.other_org, case, outsider).await,
        "opening another organisation's case",
    );
    not_found(
        store
            .add_event(world.other_org, case, raid_event(None), outsider)
            .await,
        "adding to another organisation's case",
    );
    not_found(
        store
            .set_assessment(world.other_org, case, b"x".to_vec(), outsider)
            .await,
        "assessing another organisation's case",
    );
    not_found(
        store.case_audit(world.other_org, case).await,
        "reading another organisation's audit trail",
    );
}

async fn a_failed_case_leaves_nothing_behind(store: &dyn Store, world: &World) {
    step("a case whose event names another organisation's area is not stored at all");
    let other_area = store
        .add_area(world.other_org, "Elsewhere")
        .await
        .expect("area")
        .id;
    let before = store.cases(world.org).await.expect("cases").len();
    let result = store
        .create_case(NewCase {
            org: world.org,
            person: b"sealed".to_vec(),
            member: None,
            access: at(&world.peer, 40),
            events: vec![raid_event(Some(world.north)), raid_event(Some(other_area))],
        })
        .await;
    assert!(
        result.is_err(),
        "an area of another organisation is refused"
    );
    assert_eq!(store.cases(world.org).await.expect("cases").len(), before);
    let source = store.statistics_source(world.org).await.expect("source");
    assert!(source.acts.is_empty(), "no act of the failed case remains");
}

async fn consents_are_kept_and_withdrawals_keep_the_earliest_day(
    store: &dyn Store,
    world: &World,
    case: CaseId,
) {
    step("consents are kept with their history; a withdrawal keeps its earliest day");
    let consent = |purpose: ConsentPurpose, on: Date| NewConsent {
        consent: Consent::new(purpose, on, world.peer.id, ConsentMethod::InPerson),
        notes: b"sealed notes".to_vec(),
    };
    let clinic = ConsentPurpose::parse(Some("referral"), Some("Legal Aid Clinic")).expect("ok");
    let support = store
        .give_consent(
            world.org,
            case,
            consent(ConsentPurpose::Support, date!(2026 - 06 - 01)),
            at(&world.peer, 50),
        )
        .await
        .expect("support consent");
    store
        .give_consent(
            world.org,
            case,
            consent(clinic.clone(), date!(2026 - 06 - 02)),
            at(&world.peer, 51),
        )
        .await
        .expect("referral consent");
    let message = conflict(
        store
            .withdraw_consent(
                world.org,
                case,
                support,
                date!(2026 - 05 - 01),
                at(&world.peer, 52),
            )
            .await,
        "withdrawing before the consent was given",
    );
    assert!(message.contains("withdrawn_on"), "{message}");
    for day in [date!(2026 - 06 - 10), date!(2026 - 06 - 12)] {
        store
            .withdraw_consent(world.org, case, support, day, at(&world.peer, 53))
            .await
            .expect("a withdrawal");
    }
    not_found(
        store
            .withdraw_consent(world.org, case, support + 1_000, TODAY, at(&world.peer, 54))
            .await,
        "withdrawing an unknown consent",
    );
    let file = store
        .open_case(world.org, case, at(&world.peer, 55))
        .await
        .expect("open");
    assert_eq!(file.consents.len(), 2);
    let kept = &file.consents[0];
    assert_eq!(kept.id, support);
    assert_eq!(kept.consent.withdrawn_on(), Some(date!(2026 - 06 - 10)));
    assert_eq!(kept.notes, b"sealed notes");
    assert_eq!(file.consents[1].consent.purpose(), &clinic);
    assert_eq!(
        file.consents[1].consent.how_given(),
        ConsentMethod::InPerson
    );
    assert!(file.consents[1].consent.is_active(TODAY));
    let consents = store.consents(world.org, case).await.expect("consents");
    assert_eq!(
        consents.iter().map(|c| c.id).collect::<Vec<_>>(),
        file.consents.iter().map(|c| c.id).collect::<Vec<_>>()
    );
    not_found(
        store.consents(world.other_org, case).await,
        "reading another organisation's consents",
    );
}

async fn the_services_directory_refuses_a_second_name(
    store: &dyn Store,
    world: &World,
) -> Vec<Service> {
    step("the services directory keeps names unique within an organisation");
    let service = |org: OrgId, name: &str, category: ServiceCategory| NewService {
        org,
        name: name.into(),
        category,
        contact: b"sealed contact".to_vec(),
    };
    let clinic = store
        .add_service(service(
            world.org,
            "Legal Aid Clinic",
            ServiceCategory::Legal,
        ))
        .await
        .expect("service");
    let health = store
        .add_service(service(
            world.org,
            "Harbour Clinic",
            ServiceCategory::Health,
        ))
        .await
        .expect("service");
    conflict(
        store
            .add_service(service(
                world.org,
                "Legal Aid Clinic",
                ServiceCategory::Health,
            ))
            .await,
        "adding a service twice",
    );
    store
        .add_service(service(
            world.other_org,
            "Legal Aid Clinic",
            ServiceCategory::Legal,
        ))
        .await
        .expect("another organisation may use the same name");
    let listed = store.services(world.org).await.expect("services");
    assert_eq!(
        listed.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ["Harbour Clinic", "Legal Aid Clinic"]
    );
    assert_eq!(listed[1].contact, b"sealed contact");
    assert_eq!(listed[1].category, ServiceCategory::Legal);
    vec![clinic, health]
}

async fn referrals_move_only_from_the_status_they_were_read_in(
    store: &dyn Store,
    world: &World,
    case: CaseId,
    services: &[Service],
) {
    step("referrals move only from the status they were read in, and fall due");
    let clinic = &services[0];
    let referral = store
        .make_referral(
            world.org,
            case,
            NewReferral {
                service: clinic.id,
                status: ReferralStatus::Made,
                follow_up_on: Some(date!(2026 - 06 - 20)),
            },
            at(&world.peer, 60),
        )
        .await
        .expect("referral");
    let foreign = store
        .services(world.other_org)
        .await
        .expect("services")
        .remove(0);
    not_found(
        store
            .make_referral(
                world.org,
                case,
                NewReferral {
                    service: foreign.id,
                    status: ReferralStatus::Made,
                    follow_up_on: None,
                },
                at(&world.peer, 61),
            )
            .await,
        "referring to another organisation's service",
    );
    assert!(store
        .referrals_due(world.org, TODAY)
        .await
        .expect("due")
        .is_empty());
    let due = store
        .referrals_due(world.org, date!(2026 - 06 - 20))
        .await
        .expect("due");
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].person, b"sealed label");
    assert_eq!(due[0].referral.service.name, "Legal Aid Clinic");

    let accept = ReferralChange {
        from: ReferralStatus::Made,
        to: ReferralStatus::Accepted,
        response: Some(b"sealed response".to_vec()),
        outcome: None,
        follow_up_on: Some(date!(2026 - 07 - 01)),
    };
    store
        .change_referral(world.org, referral, accept.clone(), at(&world.peer, 62))
        .await
        .expect("accepted");
    conflict(
        store
            .change_referral(world.org, referral, accept, at(&world.peer, 63))
            .await,
        "changing a referral from a status it no longer has",
    );
    store
        .change_referral(
            world.org,
            referral,
            ReferralChange {
                from: ReferralStatus::Accepted,
                to: ReferralStatus::Completed,
                response: None,
                outcome: Some(b"sealed outcome".to_vec()),
                follow_up_on: None,
            },
            at(&world.peer, 64),
        )
        .await
        .expect("completed");
    not_found(
        store
            .change_referral(
                world.other_org,
                referral,
                ReferralChange {
                    from: ReferralStatus::Completed,
                    to: ReferralStatus::Made,
                    response: None,
                    outcome: None,
                    follow_up_on: None,
                },
                at(&world.other_peer, 65),
            )
            .await,
        "changing another organisation's referral",
    );
    let file = store
        .open_case(world.org, case, at(&world.peer, 66))
        .await
        .expect("open");
    let stored = &file.referrals[0];
    let alone = store.referral(world.org, referral).await.expect("referral");
    assert_eq!(
        (alone.id, alone.case, alone.status),
        (referral, case, stored.status)
    );
    not_found(
        store.referral(world.other_org, referral).await,
        "reading another organisation's referral",
    );
    assert_eq!(stored.status, ReferralStatus::Completed);
    assert_eq!(stored.response.as_deref(), Some(&b"sealed response"[..]));
    assert_eq!(stored.outcome.as_deref(), Some(&b"sealed outcome"[..]));
    assert_eq!(stored.follow_up_on, None);
    assert_eq!(stored.made_at, NOW + 60);
    assert_eq!(stored.changed_at, NOW + 64);
    assert!(
        store
            .referrals_due(world.org, date!(2027 - 01 - 01))
            .await
            .expect("due")
            .is_empty(),
        "a completed referral is never due"
    );
}

async fn assessments_are_replaced_not_added(store: &dyn Store, world: &World, case: CaseId) {
    step("an assessment is replaced, not added");
    for (n, sealed) in [b"first".to_vec(), b"second".to_vec()]
        .into_iter()
        .enumerate()
    {
        store
            .set_assessment(world.org, case, sealed, at(&world.peer, 70 + n as i64))
            .await
            .expect("assessment");
    }
    let file = store
        .open_case(world.org, case, at(&world.peer, 72))
        .await
        .expect("open");
    let assessment = file.assessment.expect("an assessment");
    assert_eq!(assessment.sealed, b"second");
    assert_eq!(assessment.at, NOW + 71);
}

async fn statistics_see_only_cases_with_a_statistics_consent(
    store: &dyn Store,
    world: &World,
    case: CaseId,
) {
    step("statistics see only acts of cases with a statistics consent, and its history");
    let source = store.statistics_source(world.org).await.expect("source");
    assert!(source.consents.is_empty() && source.acts.is_empty());
    let consent = store
        .give_consent(
            world.org,
            case,
            NewConsent {
                consent: Consent::new(
                    ConsentPurpose::AnonymousStatistics,
                    date!(2026 - 06 - 03),
                    world.peer.id,
                    ConsentMethod::Written,
                ),
                notes: vec![],
            },
            at(&world.peer, 80),
        )
        .await
        .expect("consent");
    let source = store.statistics_source(world.org).await.expect("source");
    assert_eq!(source.consents.len(), 1);
    assert_eq!(source.consents[0].0, case);
    let mut acts = source.acts;
    acts.sort_by_key(|a| a.act_type);
    assert_eq!(
        acts,
        [
            ActFact {
                case,
                period: "2026-03".into(),
                area: Some("North".into()),
                act_type: ActType::Raid,
                measure: Some(MeasureLink::new(Measure::RaidOrRescue, None).expect("measure")),
                perpetrators: vec![
                    PerpetratorCategory::Police,
                    PerpetratorCategory::AntiTraffickingNgo
                ],
            },
            ActFact {
                case,
                period: "2026-03".into(),
                area: Some("North".into()),
                act_type: ActType::Confiscation,
                measure: None,
                perpetrators: vec![PerpetratorCategory::Police],
            },
            ActFact {
                case,
                period: "2026-04".into(),
                area: None,
                act_type: ActType::Eviction,
                measure: Some(
                    MeasureLink::new(Measure::Other, Some(parasol_casework::P4::Partnership))
                        .expect("measure")
                ),
                perpetrators: vec![],
            },
        ]
    );
    store
        .withdraw_consent(world.org, case, consent, TODAY, at(&world.peer, 81))
        .await
        .expect("withdrawal");
    let source = store.statistics_source(world.org).await.expect("source");
    assert_eq!(
        source.consents[0].1.withdrawn_on(),
        Some(TODAY),
        "the withdrawal reaches the statistics source, for the caller's consent check"
    );
    assert!(store
        .statistics_source(world.other_org)
        .await
        .expect("source")
        .acts
        .is_empty());
}

async fn the_suppression_threshold_is_never_below_three(store: &dyn Store, world: &World) {
    step("the suppression threshold is unset until chosen, and never below three");
    assert_eq!(
        store
            .statistics_threshold(world.org)
            .await
            .expect("threshold"),
        None
    );
    store
        .set_statistics_threshold(world.org, 7)
        .await
        .expect("a threshold of 7");
    store
        .set_statistics_threshold(world.org, 3)
        .await
        .expect("a threshold of 3");
    assert!(store.set_statistics_threshold(world.org, 2).await.is_err());
    assert_eq!(
        store
            .statistics_threshold(world.org)
            .await
            .expect("threshold"),
        Some(3)
    );
    assert_eq!(
        store
            .statistics_threshold(world.other_org)
            .await
            .expect("threshold"),
        None
    );
}

async fn cases_are_listed_newest_first_and_can_be_closed(
    store: &dyn Store,
    world: &World,
    case: CaseId,
) {
    step("cases are listed newest first with their counts, and can be closed");
    let newer = store
        .create_case(NewCase {
            org: world.org,
            person: b"sealed newer".to_vec(),
            member: Some(world.peer.id),
            access: at(&world.peer, 90),
            events: vec![],
        })
        .await
        .expect("case");
    let list = store.cases(world.org).await.expect("cases");
    assert_eq!(list.iter().map(|c| c.id).collect::<Vec<_>>(), [newer, case]);
    assert_eq!((list[1].events, list[1].open_referrals), (2, 0));
    store
        .set_case_status(world.org, case, CaseStatus::Closed, at(&world.peer, 91))
        .await
        .expect("closed");
    let list = store.cases(world.org).await.expect("cases");
    assert_eq!(list[1].status, CaseStatus::Closed);
    assert!(store
        .cases(world.other_org)
        .await
        .expect("cases")
        .is_empty());
    let member_of_other: MemberId = world.other_peer.id;
    assert!(
        store
            .create_case(NewCase {
                org: world.org,
                person: b"sealed".to_vec(),
                member: Some(member_of_other),
                access: at(&world.peer, 92),
                events: vec![],
            })
            .await
            .is_err(),
        "a case links only to a member of its organisation"
    );
}

async fn the_audit_trail_records_every_view_and_change_and_no_content(
    store: &dyn Store,
    world: &World,
    case: CaseId,
) {
    step("the audit trail records every view and change, and no content");
    let trail = store.case_audit(world.org, case).await.expect("audit");
    let actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
    let consent = changed("consent");
    let referral = changed("referral");
    let assessment = changed("assessment");
    let status = changed("status");
    assert_eq!(
        actions,
        [
            "changed:case",
            "changed:event",
            "viewed",
            consent.as_str(),
            consent.as_str(),
            consent.as_str(),
            consent.as_str(),
            "viewed",
            referral.as_str(),
            referral.as_str(),
            referral.as_str(),
            "viewed",
            assessment.as_str(),
            assessment.as_str(),
            "viewed",
            consent.as_str(),
            consent.as_str(),
            status.as_str(),
        ]
    );
    assert!(trail
        .iter()
        .all(|e| e.member == world.peer.id && e.case == case));
    assert!(trail.windows(2).all(|w| w[0].at <= w[1].at));
}
