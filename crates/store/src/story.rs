//! The shared story: one organisation's whole life driven through the `Store` trait, run
//! by every backend's tests so that SQLite and PostgreSQL are held to the same contract.
//!
//! Each step is an `async fn` named for the behaviour it checks, and announces itself on
//! stderr, so a failure says which behaviour broke. Ciphertext and tags are fake bytes:
//! a store never reads them, only keeps them.

use crate::{
    Alert, Area, ImportedReport, Member, NewInvite, NewMember, NewOrganisation, NewReport,
    Organisation, Publication, ReportId, ReportStatus, Store, StoreError, StoreResult, TagScope,
    TaggedIdentifier, Timestamp,
};
use parasol_core::{AlertFact, IdentifierKind, IncidentKind, ReportConsent, Role, Tag};
use std::fmt::Debug;
use time::macros::date;

/// The story's "now": every instant is an offset from it.
const NOW: Timestamp = 1_700_000_000;
const HOUR: Timestamp = 3_600;
const DAY: Timestamp = 86_400;

/// Runs the whole story against a store holding nothing yet. Panics, naming the
/// behaviour, on the first thing the store gets wrong.
pub async fn run(store: &dyn Store) {
    let world = organisations_are_created_and_read_back(store).await;
    let world = areas_are_unique_within_an_organisation(store, world).await;
    let people = invites_admit_members_once(store, &world).await;
    roles_and_members_are_listed(store, &world, &people).await;
    sessions_last_until_they_expire_or_end(store, &people).await;
    a_new_passphrase_ends_every_session(store, &people).await;
    let first = a_report_is_pending_until_published(store, &world, &people).await;
    publishing_twice_is_a_conflict_and_changes_nothing(store, &world, &people, &first).await;
    let second = independent_reports_make_two_facts_and_alerts_list_newest_first(
        store, &world, &people, &first,
    )
    .await;
    alerts_expire(store, &world, &first, &second).await;
    retracting_takes_an_alert_down(store, &world, &people, &second).await;
    rejecting_leaves_no_alert(store, &world, &people).await;
    a_failed_submit_leaves_nothing_behind(store, &world, &people).await;
    imported_reports_arrive_published_all_or_none(store, &world, &people).await;
    a_report_without_consent_to_an_alert_colours_no_screen(store, &world, &people).await;
    the_tag_list_follows_every_change(store, &world, &people).await;
    rotating_the_data_key_reseals_every_field_or_none(store, &world, &people).await;
    alert_mail_reaches_each_subscriber_once(store, &world, &people).await;
    counters_count_per_day(store, &world).await;
}

/// The organisations and areas the story works in.
struct World {
    org: Organisation,
    other_org: Organisation,
    north: Area,
    south: Area,
    other_north: Area,
}

/// The members the story works with.
struct People {
    coordinator: Member,
    peer: Member,
    rosa: Member,
    mia: Member,
    other_rosa: Member,
}

fn step(name: &str) {
    eprintln!("store story: {name}");
}

/// A fake tag; different `n`, different tag.
fn tag(n: u8) -> Tag {
    let mut bytes = [0xA5; 16];
    bytes[0] = n;
    Tag(bytes)
}

fn conflict<T: Debug>(result: StoreResult<T>, doing: &str) -> String {
    match result {
        Err(StoreError::Conflict(message)) => message,
        other => panic!("{doing}: expected a Conflict, got {other:?}"),
    }
}

fn not_found<T: Debug>(result: StoreResult<T>, what: &str, doing: &str) {
    match result {
        Err(StoreError::NotFound(found)) if found == what => {}
        other => panic!("{doing}: expected NotFound({what:?}), got {other:?}"),
    }
}

fn organisation(name: &str) -> NewOrganisation {
    NewOrganisation {
        name: name.into(),
        region: "GB".into(),
        wrapped_data_key: format!("wrapped data key of {name}").into_bytes(),
        wrapped_oprf_key: format!("wrapped oprf key of {name}").into_bytes(),
        alert_days: 30,
        red_alert_days: 90,
        created_at: NOW - 100 * DAY,
    }
}

async fn organisations_are_created_and_read_back(store: &dyn Store) -> World {
    step("organisations are created and read back");
    let org = store
        .create_organisation(organisation("Umbrella Collective"))
        .await
        .unwrap();
    let other_org = store
        .create_organisation(organisation("Other Group"))
        .await
        .unwrap();
    assert_ne!(org.id, other_org.id);

    let read = store.organisation(org.id).await.unwrap();
    assert_eq!(read.name, "Umbrella Collective");
    assert_eq!(read.region, "GB");
    assert_eq!(
        read.wrapped_data_key,
        b"wrapped data key of Umbrella Collective"
    );
    assert_eq!(
        read.wrapped_oprf_key,
        b"wrapped oprf key of Umbrella Collective"
    );
    assert_eq!((read.alert_days, read.red_alert_days), (30, 90));
    assert_eq!(read.created_at, NOW - 100 * DAY);

    let all: Vec<_> = store
        .organisations()
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.id)
        .collect();
    assert_eq!(
        all,
        vec![org.id, other_org.id],
        "organisations, oldest first"
    );

    store.set_alert_expiry(org.id, 14, 60).await.unwrap();
    let read = store.organisation(org.id).await.unwrap();
    assert_eq!(
        (read.alert_days, read.red_alert_days),
        (14, 60),
        "alert expiry changed"
    );
    let other = store.organisation(other_org.id).await.unwrap();
    assert_eq!(
        (other.alert_days, other.red_alert_days),
        (30, 90),
        "other organisation untouched"
    );

    not_found(
        store.organisation(other_org.id + 1000).await,
        "organisation",
        "unknown organisation",
    );
    not_found(
        store.set_alert_expiry(other_org.id + 1000, 1, 1).await,
        "organisation",
        "expiry of an unknown organisation",
    );

    let placeholder = Area {
        id: 0,
        org: 0,
        name: String::new(),
    };
    World {
        org: read,
        other_org: other,
        north: placeholder.clone(),
        south: placeholder.clone(),
        other_north: placeholder,
    }
}

async fn areas_are_unique_within_an_organisation(store: &dyn Store, mut world: World) -> World {
    step("areas are unique within an organisation");
    let south = store.add_area(world.org.id, "South").await.unwrap();
    let north = store.add_area(world.org.id, "North").await.unwrap();
    assert_eq!((north.org, north.name.as_str()), (world.org.id, "North"));

    conflict(
        store.add_area(world.org.id, "North").await,
        "a second area called North",
    );
    let other_north = store.add_area(world.other_org.id, "North").await.unwrap();
    assert_ne!(
        other_north.id, north.id,
        "the same name in another organisation is another area"
    );

    let areas = store.areas(world.org.id).await.unwrap();
    assert_eq!(
        areas,
        vec![north.clone(), south.clone()],
        "areas by name, only the organisation's"
    );
    not_found(
        store.add_area(world.other_org.id + 1000, "Nowhere").await,
        "organisation",
        "an area of an unknown organisation",
    );

    world.north = north;
    world.south = south;
    world.other_north = other_north;
    world
}

fn invite(
    org: &Organisation,
    code: &str,
    role: Role,
    by: Option<&Member>,
    expires_at: Timestamp,
) -> NewInvite {
    NewInvite {
        org: org.id,
        code_hash: format!("hash of {code}").into_bytes(),
        role,
        created_by: by.map(|m| m.id),
        expires_at,
    }
}

fn newcomer(handle: &str) -> NewMember {
    NewMember {
        handle: handle.into(),
        passphrase_hash: format!("$argon2id$fake${handle}"),
    }
}

async fn invites_admit_members_once(store: &dyn Store, world: &World) -> People {
    step("invites admit members once");
    let org = &world.org;
    store
        .create_invite(invite(org, "first", Role::Coordinator, None, NOW + DAY))
        .await
        .unwrap();
    let coordinator = store
        .redeem_invite(b"hash of first", newcomer("coco"), NOW)
        .await
        .unwrap();
    assert_eq!(coordinator.org, org.id);
    assert_eq!(coordinator.role, Role::Coordinator);
    assert_eq!(coordinator.handle, "coco");
    assert_eq!(coordinator.passphrase_hash, "$argon2id$fake$coco");
    assert_eq!(coordinator.created_at, NOW);

    not_found(
        store
            .redeem_invite(b"hash of first", newcomer("again"), NOW)
            .await,
        "invite",
        "an invite used twice",
    );
    not_found(
        store
            .redeem_invite(b"hash of nothing", newcomer("nobody"), NOW)
            .await,
        "invite",
        "an unknown invite",
    );
    conflict(
        store
            .create_invite(invite(org, "first", Role::Member, None, NOW + DAY))
            .await,
        "an invite code stored twice",
    );

    store
        .create_invite(invite(
            org,
            "stale",
            Role::Member,
            Some(&coordinator),
            NOW + HOUR,
        ))
        .await
        .unwrap();
    not_found(
        store
            .redeem_invite(b"hash of stale", newcomer("late"), NOW + HOUR)
            .await,
        "invite",
        "an expired invite",
    );

    store
        .create_invite(invite(
            org,
            "peer",
            Role::PeerWorker,
            Some(&coordinator),
            NOW + DAY,
        ))
        .await
        .unwrap();
    let message = conflict(
        store
            .redeem_invite(b"hash of peer", newcomer("coco"), NOW)
            .await,
        "a taken handle",
    );
    assert_eq!(message, "that handle is taken");
    let peer = store
        .redeem_invite(b"hash of peer", newcomer("pat"), NOW)
        .await
        .expect("the invite stays usable after a taken handle");
    assert_eq!(peer.role, Role::PeerWorker);

    let mut members = Vec::new();
    for handle in ["rosa", "mia"] {
        store
            .create_invite(invite(
                org,
                handle,
                Role::Member,
                Some(&coordinator),
                NOW + DAY,
            ))
            .await
            .unwrap();
        let code = format!("hash of {handle}");
        members.push(
            store
                .redeem_invite(code.as_bytes(), newcomer(handle), NOW)
                .await
                .unwrap(),
        );
    }
    let mia = members.pop().unwrap();
    let rosa = members.pop().unwrap();

    store
        .create_invite(invite(
            &world.other_org,
            "elsewhere",
            Role::Member,
            None,
            NOW + DAY,
        ))
        .await
        .unwrap();
    let other_rosa = store
        .redeem_invite(b"hash of elsewhere", newcomer("rosa"), NOW)
        .await
        .expect("a handle is only taken within one organisation");
    assert_eq!(other_rosa.org, world.other_org.id);

    People {
        coordinator,
        peer,
        rosa,
        mia,
        other_rosa,
    }
}

async fn roles_and_members_are_listed(store: &dyn Store, world: &World, people: &People) {
    step("roles change and members are listed by handle");
    let handles: Vec<_> = store
        .members(world.org.id)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.handle)
        .collect();
    assert_eq!(handles, vec!["coco", "mia", "pat", "rosa"]);

    let by_handle = store.member_by_handle(world.org.id, "rosa").await.unwrap();
    assert_eq!(by_handle.id, people.rosa.id);
    let elsewhere = store
        .member_by_handle(world.other_org.id, "rosa")
        .await
        .unwrap();
    assert_eq!(elsewhere.id, people.other_rosa.id);
    not_found(
        store.member_by_handle(world.org.id, "nobody").await,
        "member",
        "an unknown handle",
    );

    store
        .set_role(people.mia.id, Role::PeerWorker)
        .await
        .unwrap();
    assert_eq!(
        store.member(people.mia.id).await.unwrap().role,
        Role::PeerWorker
    );
    store.set_role(people.mia.id, Role::Member).await.unwrap();
    assert_eq!(
        store.member(people.mia.id).await.unwrap().role,
        Role::Member
    );
    not_found(
        store.member(people.other_rosa.id + 1000).await,
        "member",
        "an unknown member",
    );
    not_found(
        store
            .set_role(people.other_rosa.id + 1000, Role::Member)
            .await,
        "member",
        "the role of an unknown member",
    );
}

async fn sessions_last_until_they_expire_or_end(store: &dyn Store, people: &People) {
    step("sessions last until they expire or end");
    let rosa = &people.rosa;
    store
        .create_session(b"rosa phone", rosa.id, NOW + HOUR)
        .await
        .unwrap();
    store
        .create_session(b"rosa laptop", rosa.id, NOW + DAY)
        .await
        .unwrap();
    store
        .create_session(b"mia phone", people.mia.id, NOW + DAY)
        .await
        .unwrap();

    assert_eq!(
        store.session_member(b"rosa phone", NOW).await.unwrap().id,
        rosa.id
    );
    not_found(
        store.session_member(b"rosa phone", NOW + HOUR).await,
        "session",
        "a session at its expiry",
    );
    not_found(
        store.session_member(b"no such token", NOW).await,
        "session",
        "an unknown session",
    );

    store.end_session(b"rosa laptop").await.unwrap();
    not_found(
        store.session_member(b"rosa laptop", NOW).await,
        "session",
        "an ended session",
    );

    store
        .create_session(b"rosa tablet", rosa.id, NOW + DAY)
        .await
        .unwrap();
    store.end_all_sessions(rosa.id).await.unwrap();
    not_found(
        store.session_member(b"rosa tablet", NOW).await,
        "session",
        "a session after signing out everywhere",
    );
    assert_eq!(
        store.session_member(b"mia phone", NOW).await.unwrap().id,
        people.mia.id,
        "signing out everywhere ends only her own sessions"
    );
    not_found(
        store
            .create_session(b"ghost", people.other_rosa.id + 1000, NOW + DAY)
            .await,
        "member",
        "a session for an unknown member",
    );
}

async fn a_new_passphrase_ends_every_session(store: &dyn Store, people: &People) {
    step("a new passphrase ends every session");
    let mia = &people.mia;
    store
        .create_session(b"mia laptop", mia.id, NOW + DAY)
        .await
        .unwrap();
    store
        .set_passphrase(mia.id, "$argon2id$fake$new")
        .await
        .unwrap();
    assert_eq!(
        store.member(mia.id).await.unwrap().passphrase_hash,
        "$argon2id$fake$new"
    );
    for token in [&b"mia phone"[..], b"mia laptop"] {
        not_found(
            store.session_member(token, NOW).await,
            "session",
            "a session from before the new passphrase",
        );
    }
    not_found(
        store
            .set_passphrase(mia.id + 1000, "$argon2id$fake$x")
            .await,
        "member",
        "the passphrase of an unknown member",
    );
}

fn report(
    world: &World,
    by: &Member,
    area: &Area,
    kinds: Vec<IncidentKind>,
    identifiers: Vec<TaggedIdentifier>,
    submitted_at: Timestamp,
) -> NewReport {
    NewReport {
        org: world.org.id,
        reporter: by.id,
        area: area.id,
        kinds,
        occurred_on: date!(2023 - 11 - 10),
        identifiers,
        narrative: format!("sealed narrative by {}", by.handle).into_bytes(),
        description: b"sealed description".to_vec(),
        consent: ReportConsent {
            publish_alert: true,
            police_anonymous: false,
            police_with_contact: false,
            support_contact: true,
        },
        submitted_at,
    }
}

fn phone(n: u8) -> TaggedIdentifier {
    TaggedIdentifier {
        kind: IdentifierKind::Phone,
        tag: tag(n),
    }
}

fn email(n: u8) -> TaggedIdentifier {
    TaggedIdentifier {
        kind: IdentifierKind::Email,
        tag: tag(n),
    }
}

async fn screen(
    store: &dyn Store,
    world: &World,
    tag: Tag,
    at: Timestamp,
) -> (Vec<AlertFact>, usize) {
    let facts = store.screen(world.org.id, &tag, at).await.unwrap();
    (facts.alerts, facts.pending)
}

async fn a_report_is_pending_until_published(
    store: &dyn Store,
    world: &World,
    people: &People,
) -> Alert {
    step("a report is pending until published, then screening finds its alert");
    let submitted = report(
        world,
        &people.rosa,
        &world.north,
        vec![IncidentKind::Theft],
        vec![phone(1), email(2)],
        NOW,
    );
    let id = store.submit_report(submitted.clone()).await.unwrap();

    let stored = store.report(world.org.id, id).await.unwrap();
    assert_eq!(stored.id, id);
    assert_eq!(stored.org, world.org.id);
    assert_eq!(stored.reporter, people.rosa.id);
    assert_eq!(stored.area, world.north);
    assert_eq!(stored.kinds, vec![IncidentKind::Theft]);
    assert_eq!(stored.occurred_on, date!(2023 - 11 - 10));
    assert_eq!(
        stored.identifiers, submitted.identifiers,
        "identifiers in the order given"
    );
    assert_eq!(stored.narrative, b"sealed narrative by rosa");
    assert_eq!(stored.description, b"sealed description");
    assert_eq!(stored.consent, submitted.consent);
    assert_eq!(stored.status, ReportStatus::Pending);
    assert_eq!(stored.submitted_at, NOW);
    assert_eq!(stored.decided, None);
    assert!(stored.alert.is_none());

    let queue = store
        .reports_with_status(world.org.id, ReportStatus::Pending)
        .await
        .unwrap();
    assert_eq!(queue.iter().map(|r| r.id).collect::<Vec<_>>(), vec![id]);
    assert_eq!(queue[0].identifiers.len(), 2);
    let hers = store.reports_by(people.rosa.id).await.unwrap();
    assert_eq!(hers.iter().map(|r| r.id).collect::<Vec<_>>(), vec![id]);

    for identifier in [phone(1), email(2)] {
        let (alerts, pending) = screen(store, world, identifier.tag, NOW).await;
        assert_eq!(
            (alerts.len(), pending),
            (0, 1),
            "a pending report is counted, not shown"
        );
    }
    let elsewhere = store
        .screen(world.other_org.id, &tag(1), NOW)
        .await
        .unwrap();
    assert_eq!(
        (elsewhere.alerts.len(), elsewhere.pending),
        (0, 0),
        "tags are per organisation"
    );
    not_found(
        store.report(world.other_org.id, id).await,
        "report",
        "a report read from another organisation",
    );

    let published_at = NOW + HOUR;
    let alert = store
        .publish(Publication {
            org: world.org.id,
            report: id,
            kinds: vec![IncidentKind::PhysicalViolence, IncidentKind::Theft],
            area: world.south.id,
            text: b"sealed alert text".to_vec(),
            by: people.peer.id,
            at: published_at,
            expires_at: published_at + 30 * DAY,
        })
        .await
        .unwrap();
    assert_eq!(alert.report, id);
    assert_eq!(alert.org, world.org.id);
    assert_eq!(
        alert.area, world.south,
        "the verified area, not the reported one"
    );
    assert_eq!(
        alert.kinds,
        vec![IncidentKind::PhysicalViolence, IncidentKind::Theft]
    );
    assert_eq!(alert.occurred_on, date!(2023 - 11 - 10));
    assert_eq!(alert.text, b"sealed alert text");
    assert_eq!(alert.published_at, published_at);
    assert_eq!(alert.expires_at, published_at + 30 * DAY);
    assert_eq!(alert.retracted_at, None);

    let (alerts, pending) = screen(store, world, tag(1), published_at).await;
    assert_eq!(pending, 0);
    assert_eq!(
        alerts,
        vec![AlertFact {
            kinds: vec![IncidentKind::PhysicalViolence, IncidentKind::Theft],
            reporter: people.rosa.id.to_string(),
            occurred_on: date!(2023 - 11 - 10),
            area: "South".into(),
        }],
        "screening shows the alert as the peer worker edited it"
    );
    assert_eq!(
        screen(store, world, tag(2), published_at).await.0.len(),
        1,
        "by either identifier"
    );

    let stored = store.report(world.org.id, id).await.unwrap();
    assert_eq!(stored.status, ReportStatus::Published);
    assert_eq!(stored.decided, Some((people.peer.id, published_at)));
    assert_eq!(
        stored.kinds,
        vec![IncidentKind::Theft],
        "the reporter's own words are kept"
    );
    assert_eq!(stored.alert.map(|a| a.id), Some(alert.id));
    assert!(store
        .reports_with_status(world.org.id, ReportStatus::Pending)
        .await
        .unwrap()
        .is_empty());
    alert
}

async fn publishing_twice_is_a_conflict_and_changes_nothing(
    store: &dyn Store,
    world: &World,
    people: &People,
    first: &Alert,
) {
    step("publishing a report that is not pending is a conflict and changes nothing");
    let again = store
        .publish(Publication {
            org: world.org.id,
            report: first.report,
            kinds: vec![IncidentKind::NoShow],
            area: world.north.id,
            text: b"other text".to_vec(),
            by: people.coordinator.id,
            at: NOW + 2 * HOUR,
            expires_at: NOW + 100 * DAY,
        })
        .await;
    conflict(again, "publishing a published report");
    let stored = store.report(world.org.id, first.report).await.unwrap();
    assert_eq!(stored.decided, Some((people.peer.id, first.published_at)));
    let alert = stored.alert.expect("its alert is still there");
    assert_eq!(
        (alert.id, &alert.kinds, &alert.area),
        (first.id, &first.kinds, &first.area)
    );
    assert_eq!(
        store
            .alerts(world.org.id, None, NOW + 2 * HOUR)
            .await
            .unwrap()
            .len(),
        1
    );

    not_found(
        store
            .publish(Publication {
                org: world.other_org.id,
                report: first.report,
                kinds: vec![IncidentKind::NoShow],
                area: world.other_north.id,
                text: b"x".to_vec(),
                by: people.other_rosa.id,
                at: NOW + 2 * HOUR,
                expires_at: NOW + 100 * DAY,
            })
            .await,
        "report",
        "publishing another organisation's report",
    );
}

async fn independent_reports_make_two_facts_and_alerts_list_newest_first(
    store: &dyn Store,
    world: &World,
    people: &People,
    first: &Alert,
) -> Alert {
    step("an independent report adds a second fact; alerts list newest first, by area");
    let id = store
        .submit_report(report(
            world,
            &people.mia,
            &world.north,
            vec![IncidentKind::Threats],
            vec![
                phone(1),
                TaggedIdentifier {
                    kind: IdentifierKind::Plate,
                    tag: tag(3),
                },
            ],
            NOW + 2 * HOUR,
        ))
        .await
        .unwrap();
    let at = NOW + 3 * HOUR;
    let second = store
        .publish(Publication {
            org: world.org.id,
            report: id,
            kinds: vec![IncidentKind::Threats],
            area: world.north.id,
            text: b"sealed second alert".to_vec(),
            by: people.peer.id,
            at,
            expires_at: at + 60 * DAY,
        })
        .await
        .unwrap();

    let (alerts, pending) = screen(store, world, tag(1), at).await;
    assert_eq!(pending, 0);
    let mut reporters: Vec<_> = alerts.iter().map(|a| a.reporter.clone()).collect();
    reporters.sort();
    let mut expected = vec![people.rosa.id.to_string(), people.mia.id.to_string()];
    expected.sort();
    assert_eq!(
        reporters, expected,
        "two alerts from two different reporters"
    );

    let ids = |alerts: Vec<Alert>| alerts.into_iter().map(|a| a.id).collect::<Vec<_>>();
    assert_eq!(
        ids(store.alerts(world.org.id, None, at).await.unwrap()),
        vec![second.id, first.id]
    );
    assert_eq!(
        ids(store
            .alerts(world.org.id, Some(world.north.id), at)
            .await
            .unwrap()),
        vec![second.id]
    );
    assert_eq!(
        ids(store
            .alerts(world.org.id, Some(world.south.id), at)
            .await
            .unwrap()),
        vec![first.id]
    );
    assert!(store
        .alerts(world.other_org.id, None, at)
        .await
        .unwrap()
        .is_empty());
    second
}

async fn alerts_expire(store: &dyn Store, world: &World, first: &Alert, second: &Alert) {
    step("alerts expire from screening and from the list");
    let after_first = first.expires_at;
    let (alerts, _) = screen(store, world, tag(1), after_first).await;
    assert_eq!(alerts.len(), 1, "only the unexpired alert is a fact");
    assert_eq!(alerts[0].area, "North");
    assert!(
        screen(store, world, tag(2), after_first).await.0.is_empty(),
        "expired at its expiry"
    );
    let listed: Vec<_> = store
        .alerts(world.org.id, None, after_first)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(listed, vec![second.id]);
    assert!(screen(store, world, tag(1), second.expires_at + DAY)
        .await
        .0
        .is_empty());
}

async fn retracting_takes_an_alert_down(
    store: &dyn Store,
    world: &World,
    people: &People,
    second: &Alert,
) {
    step("retracting a report takes its alert down");
    let at = NOW + 4 * HOUR;
    store
        .retract(world.org.id, second.report, people.mia.id, at)
        .await
        .unwrap();
    let (alerts, _) = screen(store, world, tag(3), at).await;
    assert!(alerts.is_empty(), "a retracted alert is not a fact");
    let listed: Vec<_> = store
        .alerts(world.org.id, None, at)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert!(!listed.contains(&second.id));

    let stored = store.report(world.org.id, second.report).await.unwrap();
    assert_eq!(stored.status, ReportStatus::Retracted);
    assert_eq!(
        stored.decided,
        Some((people.mia.id, at)),
        "the latest decision is the withdrawal"
    );
    assert_eq!(stored.alert.and_then(|a| a.retracted_at), Some(at));

    conflict(
        store
            .retract(world.org.id, second.report, people.mia.id, at + 1)
            .await,
        "retracting twice",
    );
    not_found(
        store
            .retract(world.other_org.id, second.report, people.other_rosa.id, at)
            .await,
        "report",
        "retracting another organisation's report",
    );
}

async fn rejecting_leaves_no_alert(store: &dyn Store, world: &World, people: &People) {
    step("rejecting a report leaves no alert, and only pending reports are decided");
    let id = store
        .submit_report(report(
            world,
            &people.rosa,
            &world.north,
            vec![IncidentKind::NoShow],
            vec![phone(4)],
            NOW + 5 * HOUR,
        ))
        .await
        .unwrap();
    assert_eq!(screen(store, world, tag(4), NOW + 5 * HOUR).await.1, 1);
    let at = NOW + 6 * HOUR;
    store
        .reject(world.org.id, id, people.peer.id, at)
        .await
        .unwrap();
    let stored = store.report(world.org.id, id).await.unwrap();
    assert_eq!(stored.status, ReportStatus::Rejected);
    assert_eq!(stored.decided, Some((people.peer.id, at)));
    assert!(stored.alert.is_none());
    assert_eq!(
        screen(store, world, tag(4), at).await,
        (vec![], 0),
        "a rejected report counts for nothing"
    );

    conflict(
        store.reject(world.org.id, id, people.peer.id, at).await,
        "rejecting twice",
    );
    let publish = store
        .publish(Publication {
            org: world.org.id,
            report: id,
            kinds: vec![IncidentKind::NoShow],
            area: world.north.id,
            text: b"x".to_vec(),
            by: people.peer.id,
            at,
            expires_at: at + DAY,
        })
        .await;
    conflict(publish, "publishing a rejected report");
    let stored = store.report(world.org.id, id).await.unwrap();
    assert_eq!(
        (stored.status, stored.alert.is_none()),
        (ReportStatus::Rejected, true)
    );
    not_found(
        store
            .reject(world.org.id, id + 1000, people.peer.id, at)
            .await,
        "report",
        "rejecting an unknown report",
    );

    let by_status = |status| async move {
        store
            .reports_with_status(world.org.id, status)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect::<Vec<ReportId>>()
    };
    assert_eq!(by_status(ReportStatus::Rejected).await, vec![id]);
    assert_eq!(by_status(ReportStatus::Published).await.len(), 1);
    assert_eq!(by_status(ReportStatus::Retracted).await.len(), 1);
    let hers: Vec<_> = store
        .reports_by(people.rosa.id)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(hers.first(), Some(&id), "her reports, newest first");
    assert_eq!(hers.len(), 2);
}

async fn a_failed_submit_leaves_nothing_behind(store: &dyn Store, world: &World, people: &People) {
    step("a failed submit leaves nothing behind");
    let before = store.reports_by(people.rosa.id).await.unwrap().len();
    let mut unknown_area = report(
        world,
        &people.rosa,
        &world.north,
        vec![IncidentKind::Theft],
        vec![phone(5), email(6)],
        NOW,
    );
    unknown_area.area = world.other_north.id + 1000;
    assert!(
        store.submit_report(unknown_area).await.is_err(),
        "an unknown area is refused"
    );
    let mut foreign_area = report(
        world,
        &people.rosa,
        &world.north,
        vec![IncidentKind::Theft],
        vec![phone(5)],
        NOW,
    );
    foreign_area.area = world.other_north.id;
    assert!(
        store.submit_report(foreign_area).await.is_err(),
        "another organisation's area is refused"
    );

    for n in [5, 6] {
        let facts = store.screen(world.org.id, &tag(n), NOW).await.unwrap();
        assert_eq!(
            (facts.alerts.len(), facts.pending),
            (0, 0),
            "no orphan identifiers"
        );
    }
    assert_eq!(
        store.reports_by(people.rosa.id).await.unwrap().len(),
        before,
        "no half-written report"
    );
}

async fn a_report_without_consent_to_an_alert_colours_no_screen(
    store: &dyn Store,
    world: &World,
    people: &People,
) {
    step("a pending report whose reporter refused an alert colours no one's screen");
    let mut private = report(
        world,
        &people.mia,
        &world.north,
        vec![IncidentKind::Threats],
        vec![phone(95)],
        NOW,
    );
    private.consent.publish_alert = false;
    let id = store.submit_report(private).await.unwrap();
    let facts = store.screen(world.org.id, &tag(95), NOW).await.unwrap();
    assert_eq!((facts.alerts.len(), facts.pending), (0, 0));
    let queued = store
        .reports_with_status(world.org.id, ReportStatus::Pending)
        .await
        .unwrap();
    assert!(
        queued.iter().any(|r| r.id == id),
        "peer workers still see it, to offer support"
    );
    store
        .reject(world.org.id, id, people.peer.id, NOW + 1)
        .await
        .unwrap();
}

/// The tags of a tag list, with their numbers of alerts and pending reports.
async fn tag_list(
    store: &dyn Store,
    world: &World,
    scope: TagScope<'_>,
    now: Timestamp,
) -> Vec<(u8, usize, usize)> {
    store
        .tag_facts(world.org.id, scope, now)
        .await
        .unwrap()
        .into_iter()
        .map(|(tag, facts)| (tag.0[0], facts.alerts.len(), facts.pending))
        .collect()
}

async fn the_tag_list_follows_every_change(store: &dyn Store, world: &World, people: &People) {
    step("the tag list holds every live tag, and changes since a moment include removals");
    let t1 = NOW + 20 * HOUR;
    let before: Vec<u8> = tag_list(store, world, TagScope::All, t1)
        .await
        .into_iter()
        .map(|(n, _, _)| n)
        .collect();
    assert!(!before.contains(&100));

    let reported = store
        .submit_report(report(
            world,
            &people.rosa,
            &world.north,
            vec![IncidentKind::Threats],
            vec![phone(100)],
            t1,
        ))
        .await
        .unwrap();
    let mut private = report(
        world,
        &people.rosa,
        &world.north,
        vec![IncidentKind::Threats],
        vec![phone(101)],
        t1,
    );
    private.consent.publish_alert = false;
    store.submit_report(private).await.unwrap();
    assert_eq!(
        tag_list(store, world, TagScope::ChangedSince(t1 - 1), t1).await,
        vec![(100, 0, 1), (101, 0, 0)],
        "both changed; the one without consent to an alert has nothing to show"
    );
    assert!(
        tag_list(store, world, TagScope::ChangedSince(t1), t1)
            .await
            .is_empty(),
        "nothing changed after t1"
    );
    let all = tag_list(store, world, TagScope::All, t1).await;
    assert!(all.contains(&(100, 0, 1)));
    assert_eq!(
        store.live_tag_count(world.org.id, t1).await.unwrap(),
        all.len() as u64,
        "the count is the full list's length"
    );
    assert!(!all.iter().any(|(n, _, _)| *n == 101));

    let t2 = t1 + HOUR;
    store
        .publish(Publication {
            org: world.org.id,
            report: reported,
            kinds: vec![IncidentKind::Threats],
            area: world.north.id,
            text: b"sealed".to_vec(),
            by: people.peer.id,
            at: t2,
            expires_at: t2 + DAY,
        })
        .await
        .unwrap();
    assert_eq!(
        tag_list(store, world, TagScope::ChangedSince(t2 - 1), t2).await,
        vec![(100, 1, 0)]
    );
    assert_eq!(
        tag_list(store, world, TagScope::Prefix(&[100]), t2).await,
        vec![(100, 1, 0)],
        "a bucket holds only the tags with its prefix"
    );
    assert!(tag_list(store, world, TagScope::Prefix(&[100, 0]), t2)
        .await
        .is_empty());
    assert_eq!(
        tag_list(store, world, TagScope::Prefix(&[]), t2).await,
        tag_list(store, world, TagScope::All, t2).await,
        "the empty prefix is the whole list"
    );
    assert!(matches!(
        store
            .tag_facts(world.org.id, TagScope::Prefix(&[0; 17]), t2)
            .await,
        Err(StoreError::Conflict(_))
    ));

    for (tag_byte, alerts, pending) in tag_list(store, world, TagScope::All, t2).await {
        let mut bytes = [0xA5; 16];
        bytes[0] = tag_byte;
        let facts = store.screen(world.org.id, &Tag(bytes), t2).await.unwrap();
        assert_eq!(
            (facts.alerts.len(), facts.pending),
            (alerts, pending),
            "the list agrees with a direct screen of tag {tag_byte}"
        );
    }

    let t3 = t2 + DAY + 1;
    assert_eq!(
        tag_list(store, world, TagScope::ChangedSince(t2 + 1), t3).await,
        vec![(100, 0, 0)],
        "an expired alert is a removal"
    );
    assert!(!tag_list(store, world, TagScope::All, t3)
        .await
        .iter()
        .any(|(n, _, _)| *n == 100));

    let again = store
        .submit_report(report(
            world,
            &people.mia,
            &world.north,
            vec![IncidentKind::NoShow],
            vec![phone(102)],
            t3,
        ))
        .await
        .unwrap();
    store
        .retract(world.org.id, again, people.mia.id, t3 + 5)
        .await
        .unwrap();
    assert_eq!(
        tag_list(store, world, TagScope::ChangedSince(t3 + 4), t3 + 5).await,
        vec![(102, 0, 0)],
        "a retraction is a removal"
    );
}

async fn rotating_the_data_key_reseals_every_field_or_none(
    store: &dyn Store,
    world: &World,
    people: &People,
) {
    step("rotating the data key reseals every sealed field, or none");
    let id = store
        .submit_report(report(
            world,
            &people.rosa,
            &world.north,
            vec![IncidentKind::Theft],
            vec![phone(120)],
            NOW,
        ))
        .await
        .unwrap();
    store
        .subscribe(people.mia.id, world.south.id, b"sealed mia".to_vec())
        .await
        .unwrap();
    let failing = |purpose: &str, _: &[u8]| -> Result<Vec<u8>, String> {
        match purpose {
            "alert text" => Err("damaged".into()),
            _ => Ok(b"half done".to_vec()),
        }
    };
    assert!(store
        .rotate_data_key(world.org.id, b"new key".to_vec(), &failing)
        .await
        .is_err());
    let before = store.report(world.org.id, id).await.unwrap();
    assert_eq!(
        before.narrative, b"sealed narrative by rosa",
        "nothing changed"
    );
    assert_ne!(
        store
            .organisation(world.org.id)
            .await
            .unwrap()
            .wrapped_data_key,
        b"new key"
    );

    let tagged = |purpose: &str, sealed: &[u8]| -> Result<Vec<u8>, String> {
        Ok([purpose.as_bytes(), b"|", sealed].concat())
    };
    let other_before = store.organisation(world.other_org.id).await.unwrap();
    let count = store
        .rotate_data_key(world.org.id, b"new key".to_vec(), &tagged)
        .await
        .unwrap();
    assert!(count >= 4);
    let after = store.report(world.org.id, id).await.unwrap();
    assert_eq!(
        after.narrative,
        b"report narrative|sealed narrative by rosa"
    );
    assert_eq!(after.description, b"report description|sealed description");
    let alert = store
        .report(world.org.id, before_published(store, world).await)
        .await
        .unwrap()
        .alert
        .unwrap();
    assert!(alert.text.starts_with(b"alert text|"));
    let subscriptions = store.subscriptions(people.mia.id).await.unwrap();
    assert!(subscriptions
        .iter()
        .all(|s| s.email.starts_with(b"member email|")));
    assert_eq!(
        store
            .organisation(world.org.id)
            .await
            .unwrap()
            .wrapped_data_key,
        b"new key"
    );
    let other_after = store.organisation(world.other_org.id).await.unwrap();
    assert_eq!(
        other_after.wrapped_data_key, other_before.wrapped_data_key,
        "another organisation keeps its key"
    );
    not_found(
        store
            .rotate_data_key(world.other_org.id + 1000, vec![1], &tagged)
            .await,
        "organisation",
        "rotating an unknown organisation's key",
    );
}

/// Some published report of the organisation.
async fn before_published(store: &dyn Store, world: &World) -> ReportId {
    store
        .reports_with_status(world.org.id, ReportStatus::Published)
        .await
        .unwrap()
        .first()
        .expect("the story has published reports by now")
        .id
}

async fn imported_reports_arrive_published_all_or_none(
    store: &dyn Store,
    world: &World,
    people: &People,
) {
    step("imported reports arrive published, all or none, and mail no one");
    let now = NOW + 5 * HOUR;
    let imported = |n: u8, area: &Area, kinds: Vec<IncidentKind>| ImportedReport {
        report: report(world, &people.coordinator, area, kinds, vec![phone(n)], now),
        alert_text: format!("sealed imported alert {n}").into_bytes(),
        published_by: people.coordinator.id,
        expires_at: now + 30 * DAY,
    };
    let mut broken = imported(92, &world.north, vec![IncidentKind::Theft]);
    broken.report.area = world.other_north.id + 1000;
    assert!(
        store
            .import_published(vec![
                imported(91, &world.north, vec![IncidentKind::NoShow]),
                broken
            ])
            .await
            .is_err(),
        "a batch with an unknown area is refused"
    );
    let facts = store.screen(world.org.id, &tag(91), now).await.unwrap();
    assert_eq!(
        (facts.alerts.len(), facts.pending),
        (0, 0),
        "nothing of a refused batch is kept"
    );

    let ids = store
        .import_published(vec![
            imported(93, &world.north, vec![IncidentKind::NoShow]),
            imported(94, &world.south, vec![IncidentKind::Stealthing]),
        ])
        .await
        .unwrap();
    assert_eq!(ids.len(), 2);
    let second = store.report(world.org.id, ids[1]).await.unwrap();
    assert_eq!(second.status, ReportStatus::Published);
    assert_eq!(second.decided, Some((people.coordinator.id, now)));
    let alert = second.alert.expect("an imported report has its alert");
    assert_eq!(alert.area, world.south);
    assert_eq!(alert.kinds, vec![IncidentKind::Stealthing]);
    assert_eq!(alert.text, b"sealed imported alert 94");
    assert_eq!(
        (alert.published_at, alert.expires_at),
        (now, now + 30 * DAY)
    );
    let facts = store.screen(world.org.id, &tag(94), now).await.unwrap();
    assert_eq!(facts.alerts.len(), 1, "an imported alert screens at once");
    assert_eq!(facts.alerts[0].area, "South");
    assert!(
        store.due_mail(now + DAY, 100).await.unwrap().is_empty(),
        "importing mails no one"
    );
    for id in ids {
        store
            .retract(world.org.id, id, people.coordinator.id, now + 1)
            .await
            .unwrap();
    }
}

async fn alert_mail_reaches_each_subscriber_once(
    store: &dyn Store,
    world: &World,
    people: &People,
) {
    step("alert mail reaches each subscriber of the area once, and never the unsubscribed");
    let now = NOW + 10 * HOUR;
    store
        .subscribe(people.rosa.id, world.north.id, b"sealed rosa@".to_vec())
        .await
        .unwrap();
    store
        .subscribe(people.mia.id, world.north.id, b"sealed mia@ old".to_vec())
        .await
        .unwrap();
    store
        .subscribe(people.mia.id, world.north.id, b"sealed mia@".to_vec())
        .await
        .unwrap();
    store
        .subscribe(people.mia.id, world.south.id, b"sealed mia@".to_vec())
        .await
        .unwrap();
    store
        .subscribe(
            people.coordinator.id,
            world.north.id,
            b"sealed coco@".to_vec(),
        )
        .await
        .unwrap();
    not_found(
        store
            .subscribe(people.rosa.id, world.other_north.id, b"x".to_vec())
            .await,
        "area",
        "subscribing to another organisation's area",
    );
    let subscriptions = store.subscriptions(people.mia.id).await.unwrap();
    let areas: Vec<_> = subscriptions
        .iter()
        .map(|s| (s.area.name.as_str(), s.email.as_slice()))
        .collect();
    assert_eq!(
        areas,
        vec![
            ("North", &b"sealed mia@"[..]),
            ("South", &b"sealed mia@"[..])
        ],
        "a second subscription replaces the first"
    );
    assert!(
        store.due_mail(now, 10).await.unwrap().is_empty(),
        "nothing published yet"
    );

    let id = store
        .submit_report(report(
            world,
            &people.rosa,
            &world.north,
            vec![IncidentKind::Stalking],
            vec![phone(7)],
            now,
        ))
        .await
        .unwrap();
    let alert = store
        .publish(Publication {
            org: world.org.id,
            report: id,
            kinds: vec![IncidentKind::Stalking],
            area: world.north.id,
            text: b"sealed mail alert".to_vec(),
            by: people.peer.id,
            at: now,
            expires_at: now + 30 * DAY,
        })
        .await
        .unwrap();
    store
        .unsubscribe(people.coordinator.id, world.north.id)
        .await
        .unwrap();
    assert!(store
        .subscriptions(people.coordinator.id)
        .await
        .unwrap()
        .is_empty());

    let due = store.due_mail(now, 10).await.unwrap();
    let mut emails: Vec<_> = due.iter().map(|m| m.email.clone()).collect();
    emails.sort();
    assert_eq!(
        emails,
        vec![b"sealed mia@".to_vec(), b"sealed rosa@".to_vec()],
        "one mail per subscriber"
    );
    assert!(due
        .iter()
        .all(|m| m.alert.id == alert.id && m.attempts == 0));
    assert_eq!(due[0].alert.text, b"sealed mail alert");
    assert_eq!(
        store.due_mail(now, 1).await.unwrap().len(),
        1,
        "at most the limit"
    );
    assert!(
        store.due_mail(now - 1, 10).await.unwrap().is_empty(),
        "not due before publication"
    );

    store
        .subscribe(
            people.coordinator.id,
            world.north.id,
            b"sealed coco@".to_vec(),
        )
        .await
        .unwrap();
    assert_eq!(
        store.due_mail(now, 10).await.unwrap().len(),
        2,
        "resubscribing does not revive dropped mail"
    );

    let (to_rosa, to_mia) = match due
        .iter()
        .partition::<Vec<_>, _>(|m| m.email == b"sealed rosa@")
    {
        (rosa, mia) if rosa.len() == 1 && mia.len() == 1 => (rosa[0].id, mia[0].id),
        _ => panic!("one mail each for rosa and mia"),
    };
    store.mail_sent(to_rosa, now + 1).await.unwrap();
    let due = store.due_mail(now + 1, 10).await.unwrap();
    assert_eq!(
        due.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![to_mia],
        "sent mail is done"
    );

    store.mail_failed(to_mia, now + 600).await.unwrap();
    assert!(
        store.due_mail(now + 599, 10).await.unwrap().is_empty(),
        "a failed mail waits to be retried"
    );
    let retry = store.due_mail(now + 600, 10).await.unwrap();
    assert_eq!(
        retry.iter().map(|m| (m.id, m.attempts)).collect::<Vec<_>>(),
        vec![(to_mia, 1)]
    );

    store
        .retract(world.org.id, id, people.rosa.id, now + 700)
        .await
        .unwrap();
    assert!(
        store.due_mail(now + 700, 10).await.unwrap().is_empty(),
        "a retracted alert is not mailed"
    );
}

async fn counters_count_per_day(store: &dyn Store, world: &World) {
    step("counters count per day");
    let (monday, tuesday) = (date!(2023 - 11 - 13), date!(2023 - 11 - 14));
    let org = world.org.id;
    store.count(org, "screenings", tuesday, 1).await.unwrap();
    store.count(org, "screenings", monday, 1).await.unwrap();
    store.count(org, "screenings", monday, 40).await.unwrap();
    store.count(org, "reports", monday, 1).await.unwrap();
    store
        .count(world.other_org.id, "screenings", monday, 1)
        .await
        .unwrap();
    assert_eq!(
        store.counter(world.org.id, "screenings").await.unwrap(),
        vec![(monday, 41), (tuesday, 1)],
        "per day, oldest first, batches added up"
    );
    assert_eq!(
        store.counter(world.org.id, "reports").await.unwrap(),
        vec![(monday, 1)]
    );
    assert_eq!(
        store
            .counter(world.other_org.id, "screenings")
            .await
            .unwrap(),
        vec![(monday, 1)]
    );
    assert!(store
        .counter(world.org.id, "nothing")
        .await
        .unwrap()
        .is_empty());
}
