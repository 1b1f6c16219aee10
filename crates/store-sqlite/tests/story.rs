//! The shared store story, durability and concurrent writers, against SQLite files in a
//! temporary directory.

use parasol_core::{IdentifierKind, IncidentKind, ReportConsent, Role, Tag};
use parasol_store::{
    AreaId, MemberId, NewInvite, NewMember, NewOrganisation, NewReport, OrgId, Store,
    TaggedIdentifier,
};
use parasol_store_sqlite::SqliteStore;

#[tokio::test]
async fn the_store_story_holds_for_a_sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("parasol.db"))
        .await
        .unwrap();
    parasol_store::story::run(&store).await;
    store.close().await;
}

#[tokio::test]
async fn the_store_story_holds_for_a_sqlite_url() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("by-url.db").display());
    let store = SqliteStore::open_url(&url).await.unwrap();
    parasol_store::story::run(&store).await;
}

#[tokio::test]
async fn the_store_story_holds_in_memory() {
    let store = SqliteStore::in_memory().await.unwrap();
    parasol_store::story::run(&store).await;
}

#[tokio::test]
async fn a_submitted_report_survives_dropping_and_reopening_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("parasol.db");
    let store = SqliteStore::open(&path).await.unwrap();
    let (org, area, rosa) = an_organisation_with_a_member(&store).await;
    let id = store
        .submit_report(a_report(org, area, rosa, 7))
        .await
        .unwrap();
    // Dropped without `close`: an acknowledged report must not depend on a clean exit.
    drop(store);

    let reopened = SqliteStore::open(&path).await.unwrap();
    let report = reopened.report(org, id).await.unwrap();
    assert_eq!(report.narrative, b"sealed narrative");
    assert_eq!(report.occurred_on, time::macros::date!(2024 - 01 - 31));
    assert_eq!(
        reopened
            .screen(org, &Tag([7; 16]), 4)
            .await
            .unwrap()
            .pending,
        1
    );
}

#[tokio::test]
async fn concurrent_writers_wait_for_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("parasol.db"))
        .await
        .unwrap();
    let (org, area, rosa) = an_organisation_with_a_member(&store).await;
    let writers: Vec<_> = (0..64)
        .map(|n| {
            let store = store.clone();
            tokio::spawn(async move { store.submit_report(a_report(org, area, rosa, n)).await })
        })
        .collect();
    for writer in writers {
        writer
            .await
            .unwrap()
            .expect("a writer waits for the write lock instead of failing");
    }
    assert_eq!(store.reports_by(rosa).await.unwrap().len(), 64);
}

async fn an_organisation_with_a_member(store: &SqliteStore) -> (OrgId, AreaId, MemberId) {
    let org = store
        .create_organisation(NewOrganisation {
            name: "Umbrella Collective".into(),
            region: "GB".into(),
            wrapped_data_key: b"wrapped".to_vec(),
            wrapped_oprf_key: b"wrapped".to_vec(),
            alert_days: 30,
            red_alert_days: 90,
            created_at: 1,
        })
        .await
        .unwrap();
    let area = store.add_area(org.id, "North").await.unwrap();
    store
        .create_invite(NewInvite {
            org: org.id,
            code_hash: b"code".to_vec(),
            role: Role::Member,
            created_by: None,
            expires_at: 100,
        })
        .await
        .unwrap();
    let newcomer = NewMember {
        handle: "rosa".into(),
        passphrase_hash: "hash".into(),
    };
    let rosa = store.redeem_invite(b"code", newcomer, 2).await.unwrap();
    (org.id, area.id, rosa.id)
}

fn a_report(org: OrgId, area: AreaId, reporter: MemberId, tag: u8) -> NewReport {
    NewReport {
        org,
        reporter,
        area,
        kinds: vec![IncidentKind::NoShow],
        occurred_on: time::macros::date!(2024 - 01 - 31),
        identifiers: vec![TaggedIdentifier {
            kind: IdentifierKind::Phone,
            tag: Tag([tag; 16]),
        }],
        narrative: b"sealed narrative".to_vec(),
        description: b"sealed description".to_vec(),
        consent: ReportConsent {
            publish_alert: true,
            ..ReportConsent::default()
        },
        submitted_at: 3,
    }
}
